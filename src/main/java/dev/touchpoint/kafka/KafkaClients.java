package dev.touchpoint.kafka;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.jboss.logging.Logger;

import dev.touchpoint.config.TouchpointConfig;
import io.smallrye.common.annotation.Identifier;

/**
 * The one place Kafka clients are built. Client properties pass through from {@code kafka.*};
 * when {@code kafka.bootstrap.servers} is not configured, a broker is started inside this
 * process (standalone mode) and the clients connect to it.
 */
@ApplicationScoped
public class KafkaClients {

    private static final Logger LOG = Logger.getLogger(KafkaClients.class);

    private final Map<String, Object> common = new HashMap<>();
    private final EmbeddedKafkaBroker embedded;

    @Inject
    public KafkaClients(@Identifier("default-kafka-broker") Map<String, Object> kafkaConfig, TouchpointConfig config) {
        common.putAll(kafkaConfig);
        Object servers = common.get(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG);
        if (servers == null || servers.toString().isBlank()) {
            Path logDir = config.dataDir().resolve("kafka");
            try {
                embedded = EmbeddedKafkaBroker.start(logDir, config.kafka().embeddedPort());
            } catch (Exception e) {
                throw new IllegalStateException("Could not start the in-process Kafka broker in " + logDir
                        + " (is port " + config.kafka().embeddedPort() + " free? set touchpoint.kafka.embedded-port)", e);
            }
            common.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, embedded.bootstrapServers());
        } else {
            embedded = null;
            LOG.infof("Using the Kafka cluster at %s", servers);
        }
    }

    /** True when the broker runs inside this process. */
    public boolean standalone() {
        return embedded != null;
    }

    public String bootstrapServers() {
        return common.get(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG).toString();
    }

    /**
     * A producer that never loses an acknowledged record and never duplicates one on retry:
     * idempotent, {@code acks=all}; settings from {@code kafka.*} win over these defaults.
     *
     * @param ackTimeoutMs how long a request waits for acknowledgements ({@code touchpoint.ingest.ack-timeout})
     */
    public KafkaProducer<String, byte[]> producer(long ackTimeoutMs) {
        Map<String, Object> props = producerDefaults(ackTimeoutMs);
        props.putAll(common);
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        return new KafkaProducer<>(props);
    }

    /**
     * The producer's own settings for an acknowledgement timeout. Its timeouts follow the
     * timeout down to Kafka's floor: {@code delivery.timeout.ms} may not be below
     * {@code linger.ms + request.timeout.ms} (else the producer cannot be built, and every
     * post would fail). Below that floor the publisher still answers 503 at its own deadline;
     * the producer only keeps trying a little longer, as it does for any 503, which a retry
     * with the same eventId makes harmless.
     */
    static Map<String, Object> producerDefaults(long ackTimeoutMs) {
        int lingerMs = 2;
        long requestTimeoutMs = Math.max(1000, ackTimeoutMs - 500);
        Map<String, Object> props = new HashMap<>();
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        props.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        props.put(ProducerConfig.LINGER_MS_CONFIG, lingerMs);
        props.put(ProducerConfig.BATCH_SIZE_CONFIG, 64 * 1024);
        props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, ackTimeoutMs);
        props.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) requestTimeoutMs);
        props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) Math.max(ackTimeoutMs, lingerMs + requestTimeoutMs));
        return props;
    }

    /**
     * A consumer whose offsets are owned by the database (stored with the data), so Kafka's
     * auto-commit is off and, without a stored offset, it starts from the beginning.
     */
    public KafkaConsumer<String, byte[]> consumer(String groupId, int maxPollRecords) {
        Map<String, Object> props = new HashMap<>();
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, maxPollRecords);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        // A crashed member holds its partitions until its session times out; keep that short.
        props.put(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, 10_000);
        props.putAll(common);
        props.put(ConsumerConfig.GROUP_ID_CONFIG, groupId);
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        return new KafkaConsumer<>(props);
    }

    public Admin admin() {
        return Admin.create(new HashMap<>(common));
    }

    @PreDestroy
    void stopBroker() {
        if (embedded != null) {
            embedded.close();
        }
    }
}
