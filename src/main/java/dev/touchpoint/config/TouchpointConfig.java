package dev.touchpoint.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalInt;

import jakarta.validation.constraints.Min;

import org.hibernate.validator.constraints.time.DurationMin;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * Every setting of Touchpoint's own, under the prefix {@code touchpoint}. Kafka client
 * properties are not declared here: they pass through from {@code kafka.*}; the database
 * is Quarkus's {@code quarkus.datasource.*}.
 */
@ConfigMapping(prefix = "touchpoint")
public interface TouchpointConfig {

    /** Directory for everything kept locally: the in-process broker's log, the H2 database, generated keys. */
    @WithDefault("./data")
    Path dataDir();

    Auth auth();

    Kafka kafka();

    Ingest ingest();

    Consumer consumer();

    Query query();

    interface Auth {
        /** Write key (public, may only post events). Generated on first start when absent. */
        Optional<String> writeKey();

        /** Read key (may post events and query). Generated on first start when absent. */
        Optional<String> readKey();

        /** Admin key (may do everything). Generated on first start when absent. */
        Optional<String> adminKey();
    }

    interface Kafka {
        /** Topic that carries accepted touchpoint events. */
        @WithDefault("touchpoint.events")
        String topic();

        /** Topic that receives records the consumer cannot decode or store, with the reason in a header. */
        @WithDefault("touchpoint.events.dlq")
        String deadLetterTopic();

        /** Partition count used when the topic is created at start-up. */
        @WithDefault("6")
        int partitions();

        /** Replication factor used when the topic is created; -1 means the broker's default. */
        @WithDefault("-1")
        short replicationFactor();

        /** Consumer group of the attribution consumer; scale out by starting more instances in it. */
        @WithDefault("touchpoint-attribution")
        String consumerGroup();

        /** Port of the in-process broker (standalone mode only); 0 picks a free port. */
        @WithDefault("9092")
        int embeddedPort();
    }

    interface Ingest {
        /** Longest time a request waits for the broker to acknowledge its events before answering 503. */
        @WithDefault("5s")
        @DurationMin(millis = 1)
        Duration ackTimeout();

        /** Largest accepted single event, in bytes of JSON (docs/api.md). */
        @WithDefault("32768")
        int maxEventBytes();

        /** Largest accepted batch request body, in bytes (docs/api.md). */
        @WithDefault("512000")
        int maxBatchBytes();

        /** Most events in one batch (docs/api.md). */
        @WithDefault("1000")
        int maxBatchEvents();

        /** How far in the future a corrected timestamp may lie before the event is rejected. */
        @WithDefault("24h")
        Duration maxFutureSkew();

        /** Events per second each API key may post (429 beyond); unset: no limit. */
        OptionalInt rateLimit();

        /** Events a key may post at once above its rate, when a rate limit is set. */
        @WithDefault("2000")
        int rateLimitBurst();
    }

    interface Consumer {
        /**
         * Most records stored in one database transaction; unset, 2000 on PostgreSQL (a batch takes
         * up to two journey locks per record from the shared lock table) and 10000 on H2, whose
         * commit rewrites every page the transaction changed, so that fewer, larger commits
         * attribute about 1.4x the events per second (docs/performance.md).
         */
        Optional<@Min(1) Integer> maxBatch();

        /**
         * Most journeys recomputed from their events at a time within a batch: bounds the
         * events and rows held in memory, however many journeys the batch touched.
         */
        @WithDefault("2000")
        @Min(1)
        int recomputeChunk();

        /** How long one poll waits for records. */
        @WithDefault("200ms")
        Duration pollTimeout();

        /**
         * Consumer threads of this instance on PostgreSQL (at most one per partition): each has
         * its own Kafka consumer and database transactions, so one computes while another waits
         * for the database. On H2 always one.
         */
        @WithDefault("2")
        @Min(1)
        int threads();

        /**
         * From how many events in a funnel a journey whose new events all come after its stored
         * ones is updated from its stored rows (its last visit, the starts the new events extend or
         * add, the links those move) instead of recomputed from all its events; the rows are the
         * same either way. Below it the recompute costs less than the extra reads. 0: every such
         * journey; 2147483647: none (every touched journey recomputed, the benchmarks' baseline).
         */
        @WithDefault("64")
        @Min(0)
        int incrementalFromEvents();
    }

    interface Query {
        /**
         * PostgreSQL only: the work_mem of each query transaction, so that grouping a month of
         * customers happens in memory instead of spilling to disk (the server default is 4MB).
         * A PostgreSQL memory size: digits, then kB, MB or GB.
         */
        @WithDefault("128MB")
        String workMem();

        /**
         * Conversion at the default window: up to this many customers in range, the medians are
         * computed over all of them; above, estimated from the fixed sample of journeys (one in
         * 32). Counts and rates are exact either way. 0: always estimated.
         */
        @WithDefault("50000")
        long exactMedianCustomers();
    }
}
