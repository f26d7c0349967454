package dev.touchpoint.consumer;

import java.nio.charset.StandardCharsets;
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

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.jboss.logging.Logger;

import dev.touchpoint.kafka.EventTopic;
import dev.touchpoint.kafka.KafkaClients;
import dev.touchpoint.ops.Meters;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Puts records the consumer cannot use on the dead-letter topic, unchanged, with headers
 * saying why and where they came from, so that one bad record never stops a partition and
 * none is silently dropped. Sent and acknowledged before the batch's offsets commit, so a
 * crash can repeat a dead letter but never lose one.
 */
@ApplicationScoped
public class DeadLetters {

    private static final Logger LOG = Logger.getLogger(DeadLetters.class);
    public static final String REASON = "touchpoint.reason";
    public static final String DETAIL = "touchpoint.detail";
    public static final String SOURCE = "touchpoint.source";

    private final KafkaProducer<String, byte[]> producer;
    private final String topic;
    private final MeterRegistry registry;

    @Inject
    public DeadLetters(KafkaClients clients, EventTopic topic, MeterRegistry registry) {
        this.producer = clients.producer(10_000);
        this.topic = topic.deadLetterName();
        this.registry = registry;
    }

    /** A record that cannot be used, and why ({@code undecodable} or {@code unstorable}). */
    public record DeadLetter(ConsumerRecord<String, byte[]> record, String reason, String detail) {
    }

    /** Sends them all and waits for the broker; throws when it does not acknowledge. */
    public void send(List<DeadLetter> letters) {
        if (letters.isEmpty()) {
            return;
        }
        List<Future<RecordMetadata>> acks = new ArrayList<>();
        for (DeadLetter letter : letters) {
            ConsumerRecord<String, byte[]> r = letter.record();
            ProducerRecord<String, byte[]> out = new ProducerRecord<>(topic, r.key(), r.value());
            out.headers().add(REASON, letter.reason().getBytes(StandardCharsets.UTF_8));
            out.headers().add(DETAIL, truncate(letter.detail()).getBytes(StandardCharsets.UTF_8));
            out.headers().add(SOURCE, (r.topic() + "-" + r.partition() + "@" + r.offset()).getBytes(StandardCharsets.UTF_8));
            acks.add(producer.send(out));
            LOG.errorf("Dead-lettering %s-%d@%d (%s): %s", r.topic(), r.partition(), r.offset(), letter.reason(),
                    letter.detail());
        }
        try {
            for (Future<RecordMetadata> ack : acks) {
                ack.get(15, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while dead-lettering", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("the dead-letter topic did not acknowledge", e);
        }
        for (DeadLetter letter : letters) {
            registry.counter(Meters.DEAD_LETTERS, Meters.TAG_REASON, letter.reason()).increment();
        }
    }

    private static String truncate(String detail) {
        String text = detail == null ? "" : detail;
        return text.length() <= 1000 ? text : text.substring(0, 1000);
    }

    @PreDestroy
    void close() {
        producer.close(Duration.ofSeconds(5));
    }
}
