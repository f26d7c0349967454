package dev.touchpoint.ingest;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;
import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.touchpoint.config.TouchpointConfig;
import dev.touchpoint.error.ProblemException;
import dev.touchpoint.kafka.EventTopic;
import dev.touchpoint.kafka.KafkaClients;
import dev.touchpoint.ops.Meters;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/**
 * Puts accepted events on the event topic, keyed by journey key so that one customer's
 * events share a partition, and returns only once the broker has acknowledged every one of
 * them. Anything short of that within the configured time is a 503: the client retries.
 */
@ApplicationScoped
public class EventPublisher {

    private static final Logger LOG = Logger.getLogger(EventPublisher.class);

    private final KafkaProducer<String, byte[]> producer;
    private final String topic;
    private final Duration ackTimeout;
    private final EventRecordCodec codec;
    private final Timer latency;

    @Inject
    public EventPublisher(KafkaClients clients, EventTopic topic, TouchpointConfig config, ObjectMapper mapper,
            MeterRegistry registry) {
        this.ackTimeout = config.ingest().ackTimeout();
        this.producer = clients.producer(ackTimeout.toMillis());
        this.topic = topic.name();
        this.codec = new EventRecordCodec(mapper);
        this.latency = Timer.builder(Meters.PRODUCE_LATENCY)
                .description("Time until Kafka acknowledged all events of one request")
                .publishPercentiles(0.5, 0.99)
                .register(registry);
    }

    /** Sends the events and waits for every acknowledgement; throws a 503 problem otherwise. */
    public void publish(List<TouchpointEvent> events, EventSource source) {
        long started = System.nanoTime();
        long deadline = started + ackTimeout.toNanos();
        List<Future<RecordMetadata>> acks = new ArrayList<>(events.size());
        try {
            for (TouchpointEvent event : events) {
                acks.add(producer.send(new ProducerRecord<>(topic, event.journeyKey(), codec.encode(event, source))));
            }
            for (Future<RecordMetadata> ack : acks) {
                ack.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw unavailable(e);
        } catch (ExecutionException | TimeoutException | KafkaException e) {
            throw unavailable(e);
        }
        latency.record(System.nanoTime() - started, TimeUnit.NANOSECONDS);
    }

    private ProblemException unavailable(Exception cause) {
        LOG.warnf("Kafka did not acknowledge events within %s: %s", ackTimeout, cause.toString());
        return ProblemException.unavailable("The event broker did not acknowledge the event(s) within "
                + ackTimeout.toMillis() + " ms, so they are not accepted. Retry later: an event retried with"
                + " the same eventId is never counted twice.", Duration.ofSeconds(5));
    }

    @PreDestroy
    void close() {
        producer.close(Duration.ofSeconds(5));
    }
}
