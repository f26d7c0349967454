package dev.touchpoint.ingest;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.apache.kafka.clients.producer.Callback;
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
import io.vertx.core.Vertx;

/**
 * Puts accepted events on the event topic, keyed by {@link AcceptedEvent#recordKey()} (the
 * device when there is one) so that a device's events and links share a partition, and completes only once the broker has acknowledged every one of
 * them. Anything short of that within the configured time is a 503: the client retries.
 * Nothing blocks while the broker works, so a request in flight holds no thread.
 */
@ApplicationScoped
public class EventPublisher {

    private static final Logger LOG = Logger.getLogger(EventPublisher.class);

    private final KafkaProducer<String, byte[]> producer;
    private final String topic;
    private final Duration ackTimeout;
    private final EventRecordCodec codec;
    private final Timer latency;

    private final Vertx vertx;

    @Inject
    public EventPublisher(KafkaClients clients, EventTopic topic, TouchpointConfig config, ObjectMapper mapper,
            MeterRegistry registry, Vertx vertx) {
        this.vertx = vertx;
        this.ackTimeout = config.ingest().ackTimeout();
        this.producer = clients.producer(ackTimeout.toMillis());
        this.topic = topic.name();
        this.codec = new EventRecordCodec(mapper);
        this.latency = Timer.builder(Meters.PRODUCE_LATENCY)
                .description("Time until Kafka acknowledged all events of one request")
                .publishPercentiles(0.5, 0.99)
                .register(registry);
    }

    /**
     * Sends the events; the answer completes once the broker has acknowledged every one of
     * them, or fails with a 503 problem at the first refusal or when the acknowledgement time
     * runs out. No thread waits meanwhile: the producer's callbacks complete it.
     */
    public CompletionStage<Void> publish(List<AcceptedEvent> events, EventSource source) {
        long started = System.nanoTime();
        long deadline = started + ackTimeout.toNanos();
        Acknowledgements acks = new Acknowledgements(events.size(), started);
        try {
            for (AcceptedEvent event : events) {
                producer.send(new ProducerRecord<>(topic, event.recordKey(), codec.encode(event, source)), acks);
            }
        } catch (KafkaException | IllegalStateException e) {
            acks.refused(e);
        }
        long left = deadline - System.nanoTime();
        if (left <= 0) {
            acks.refused(new TimeoutException("sending took the whole acknowledgement time"));
        }
        CompletableFuture<Void> answer = new CompletableFuture<>();
        // The application's own timer rather than CompletableFuture.orTimeout: that completes on a
        // JVM-wide thread whose context class loader may belong to another application (a test
        // restart), and the request's error mapping then fails to find JAX-RS.
        long timer = acks.isDone() ? -1 : vertx.setTimer(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)),
                id -> acks.refused(new TimeoutException("no acknowledgement within " + ackTimeout)));
        acks.whenComplete((done, failure) -> {
            if (timer >= 0) {
                vertx.cancelTimer(timer);
            }
            if (failure == null) {
                answer.complete(null);
            } else {
                answer.completeExceptionally(unavailable(failure instanceof CompletionException c ? c.getCause() : failure));
            }
        });
        return answer;
    }

    /** Counts the acknowledgements of one request; completes at the last, fails at the first refusal. */
    private final class Acknowledgements extends CompletableFuture<Void> implements Callback {
        private final AtomicInteger pending;
        private final long started;

        Acknowledgements(int count, long started) {
            this.pending = new AtomicInteger(count);
            this.started = started;
        }

        @Override
        public void onCompletion(RecordMetadata metadata, Exception exception) {
            if (exception != null) {
                refused(exception);
            } else if (pending.decrementAndGet() == 0 && complete(null)) {
                latency.record(System.nanoTime() - started, TimeUnit.NANOSECONDS);
            }
        }

        void refused(Throwable cause) {
            completeExceptionally(cause);
        }
    }

    private ProblemException unavailable(Throwable cause) {
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
