package dev.touchpoint.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.touchpoint.ingest.AcceptedEvent;
import dev.touchpoint.ingest.EventRecordCodec;
import dev.touchpoint.ingest.EventSource;
import dev.touchpoint.kafka.BenchBroker;
import dev.touchpoint.security.KeyKind;
import dev.touchpoint.support.Ports;

/**
 * Issue 19, "cost independent of journey length", on PostgreSQL: attribution from a backlog of
 * the normal mix ({@link JourneyGenerator}) alone, and of the same mix with
 * {@code bench.heavyCustomers} customers of {@code bench.heavyEvents} events each (a bot, a
 * shop's test account, a loyal user) arriving interleaved with it in their own event order.
 * Each backlog is attributed by the service as configured (appended events applied from the
 * stored rows once a journey has {@code touchpoint.consumer.incremental-from-events}) and with that
 * setting at its maximum (every touched journey recomputed from all its events, as before), the
 * baselines of the same run. Prints events/s
 * per run, the heavy mix's ratio to the normal mix, and checks both settings stored the same
 * rows. Then, on a topic of {@code bench.probedCustomers} heavy customers alone, the time one new
 * event posted over HTTP takes to be visible on such a journey and on a 10-event one
 * ({@link SingleEventProbe}), under both settings. Asserts nothing about speed.
 *
 * <p>{@code ./mvnw -Pbench verify -Dit.test=LongJourneyBenchmark [-Dbench.heavyEvents=10000] [-Dbench.parts=probes]}
 */
class LongJourneyBenchmark {

    private static final int CUSTOMERS = Integer.getInteger("bench.customers", 5_000);
    private static final int EVENTS = Integer.getInteger("bench.events", 50_000);
    private static final int HEAVY_CUSTOMERS = Integer.getInteger("bench.heavyCustomers", 100);
    private static final int HEAVY_EVENTS = Integer.getInteger("bench.heavyEvents", 2_000);
    private static final int RUNS = Integer.getInteger("bench.runs", 1);
    private static final long SEED = Long.getLong("bench.seed", 20260301L);
    private static final String NORMAL = "long.normal";
    private static final String HEAVY = "long.heavy";
    private static final String PROBED = "long.probed";
    /** Long journeys the single-event probes post to, and probes per kind of journey. */
    private static final int PROBED_CUSTOMERS = Integer.getInteger("bench.probedCustomers", 10);
    private static final int PROBES = Integer.getInteger("bench.probes", 200);
    private static final int SHORT_EVENTS = 10;
    /** Which parts run: {@code attribution}, {@code probes} (comma-separated). */
    private static final String PARTS = System.getProperty("bench.parts", "attribution,probes");
    private static final int PARTITIONS = 6;

    @Test
    void longJourneys() throws Exception {
        Path target = Path.of("target").toAbsolutePath();
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        try (BenchBroker broker = BenchBroker.start(Files.createTempDirectory(target, "bench-broker-"), Ports.freePair())) {
            String bootstrap = broker.bootstrapServers();
            try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
                admin.createTopics(List.of(new NewTopic(NORMAL, Optional.of(PARTITIONS), Optional.empty()),
                        new NewTopic(HEAVY, Optional.of(PARTITIONS), Optional.empty()),
                        new NewTopic(PROBED, Optional.of(PARTITIONS), Optional.empty()))).all().get(30, TimeUnit.SECONDS);
            }
            BenchDatabase.recreate();
            new BenchService(bootstrap, NORMAL).defineFunnel("long-setup");
            if (PARTS.contains("attribution")) {
                attribution(bootstrap, now);
            }
            if (PARTS.contains("probes")) {
                singleEvents(bootstrap, produceLong(bootstrap, PROBED, PROBED_CUSTOMERS, now));
            }
        }
    }

    /** Both backlogs under both settings, {@code bench.runs} times, and the two settings' rows compared. */
    private static void attribution(String bootstrap, Instant now) throws Exception {
        long normal = new AttributionRun(bootstrap, NORMAL)
                .produceBacklog(new JourneyGenerator("", CUSTOMERS, EVENTS, now, SEED));
        long heavy = produceWithHeavy(bootstrap, new JourneyGenerator("", CUSTOMERS, EVENTS, now, SEED), now);
        System.out.printf("%nProduced %,d events of the normal mix, and %,d with %d customers of %,d events%n", normal,
                heavy, HEAVY_CUSTOMERS, HEAVY_EVENTS);

        Map<String, List<Double>> rates = new LinkedHashMap<>();
        Map<String, Long> rows = new LinkedHashMap<>();
        for (int r = 1; r <= RUNS; r++) {
            // Odd runs take the incremental path first, even runs the recompute, so that an advantage
            // of going first or second shows between runs instead of passing for the path's.
            for (boolean incremental : r % 2 == 1 ? new boolean[] {true, false} : new boolean[] {false, true}) {
                for (String topic : List.of(NORMAL, HEAVY)) {
                    String name = (incremental ? "appended" : "whole") + "-" + topic + "-" + r;
                    BenchService service = new BenchService(bootstrap, topic, settings(incremental));
                    AttributionRun.Result result = new AttributionRun(bootstrap, topic).measureService(service, name,
                            topic.equals(NORMAL) ? normal : heavy);
                    result.app().stop();
                    String key = (incremental ? "appended" : "whole") + "|" + topic;
                    rates.computeIfAbsent(key, k -> new ArrayList<>()).add(result.eventsPerSecond());
                    long fingerprint = fingerprint();
                    Long before = rows.putIfAbsent(topic, fingerprint);
                    if (before != null && before != fingerprint) {
                        throw new IllegalStateException("the two settings stored different rows for " + topic);
                    }
                    System.out.printf("run %d, %s: %.0f ev/s%n", r, name, result.eventsPerSecond());
                }
            }
        }
        System.out.printf("%n== Long journeys: %,d normal events of %,d customers, plus %d customers of %,d events,"
                + " %d runs, %d cores ==%n", normal, CUSTOMERS, HEAVY_CUSTOMERS, HEAVY_EVENTS, RUNS,
                Runtime.getRuntime().availableProcessors());
        System.out.printf("%-58s %12s %12s %7s%n", "events/s attributed (median of runs)", "appended", "whole",
                "ratio");
        for (String topic : List.of(NORMAL, HEAVY)) {
            double a = Samples.median(rates.get("appended|" + topic));
            double w = Samples.median(rates.get("whole|" + topic));
            System.out.printf("%-58s %12.0f %12.0f %7.2f   baseline: every touched journey recomputed whole%n",
                    topic.equals(NORMAL) ? "normal mix alone" : "normal mix with the long journeys", a, w, a / w);
        }
        for (String path : List.of("appended", "whole")) {
            double h = Samples.median(rates.get(path + "|" + HEAVY));
            double n = Samples.median(rates.get(path + "|" + NORMAL));
            System.out.printf("%-58s %12.0f %12.0f %7.2f   baseline: the normal mix alone (goal: >= 0.5)%n",
                    "with long journeys, " + path, h, n, h / n);
        }
        System.out.printf("   per run: %s; both settings stored the same rows%n", rates);
    }

    /** The service's settings: as configured, or every touched journey recomputed from all its events. */
    private static Map<String, String> settings(boolean incremental) {
        return incremental ? Map.of()
                : Map.of("TOUCHPOINT_CONSUMER_INCREMENTAL_FROM_EVENTS", String.valueOf(Integer.MAX_VALUE));
    }

    /**
     * One new event on a long journey against one on a 10-event journey ({@link SingleEventProbe}),
     * under both settings, each after attributing {@code backlog}: the long customers' events
     * alone, then also what earlier probe runs posted to the topic.
     */
    private static void singleEvents(String bootstrap, long backlog) throws Exception {
        List<String> longCustomers = new ArrayList<>();
        for (int c = 0; c < PROBED_CUSTOMERS; c++) {
            longCustomers.add("heavy-" + c);
        }
        System.out.printf("%-58s %12s %12s%n", "one new event, 202 -> visible in flow, p50 / p99 ms",
                String.format("%,d ev", HEAVY_EVENTS), SHORT_EVENTS + " ev");
        for (boolean incremental : new boolean[] {true, false}) {
            String name = (incremental ? "appended" : "whole") + "-probed";
            AttributionRun.Result attributed = new AttributionRun(bootstrap, PROBED)
                    .measureService(new BenchService(bootstrap, PROBED, settings(incremental)), name, backlog);
            SingleEventProbe.Result probes;
            try {
                probes = new SingleEventProbe(attributed.app()).run(name, longCustomers, SHORT_EVENTS, PROBES);
            } finally {
                attributed.app().stop();
            }
            backlog += probes.posted();
            System.out.printf("%-58s %12s %12s   baseline: the same probes on %d-event journeys (goal: the same p99)%n",
                    "  " + (incremental ? "appended (as configured)" : "whole (every journey recomputed)")
                            + ", " + PROBES + " probes each",
                    String.format("%.0f / %.0f", Samples.percentile(probes.longJourneys(), 0.5),
                            Samples.percentile(probes.longJourneys(), 0.99)),
                    String.format("%.0f / %.0f", Samples.percentile(probes.shortJourneys(), 0.5),
                            Samples.percentile(probes.shortJourneys(), 0.99)), SHORT_EVENTS);
        }
        System.out.println();
    }

    /**
     * The normal mix with the heavy customers' events interleaved: after every few normal events, the
     * next event of each heavy customer, so that their journeys grow through the whole backlog.
     */
    private static long produceWithHeavy(String bootstrap, JourneyGenerator journeys, Instant now) throws Exception {
        ObjectMapper mapper = new ObjectMapper();
        long[] sent = {0};
        int[] next = {0};
        int every = Math.max(1, EVENTS / (HEAVY_EVENTS + 1));
        try (KafkaProducer<String, byte[]> producer = AttributionRun.producer(bootstrap)) {
            LongCustomers heavy = new LongCustomers(producer, HEAVY, HEAVY_CUSTOMERS, now);
            journeys.forEachArriving(e -> {
                AcceptedEvent event = AttributionRun.accepted(e, mapper);
                producer.send(new ProducerRecord<>(HEAVY, event.recordKey(), heavy.codec.encode(event, heavy.source)));
                sent[0]++;
                if (sent[0] % every == 0 && next[0] < HEAVY_EVENTS) {
                    sent[0] += heavy.round(next[0]++);
                }
            });
            while (next[0] < HEAVY_EVENTS) {
                sent[0] += heavy.round(next[0]++);
            }
            producer.flush();
        }
        return sent[0];
    }

    /** The first {@code customers} heavy customers' events alone, onto {@code topic}. */
    private static long produceLong(String bootstrap, String topic, int customers, Instant now) throws Exception {
        long sent = 0;
        try (KafkaProducer<String, byte[]> producer = AttributionRun.producer(bootstrap)) {
            LongCustomers heavy = new LongCustomers(producer, topic, customers, now);
            for (int i = 0; i < HEAVY_EVENTS; i++) {
                sent += heavy.round(i);
            }
            producer.flush();
        }
        return sent;
    }

    /** The heavy customers' events ({@code heavy-<c>}), spread over the 50 days from 60 days before {@code now}. */
    private static final class LongCustomers {
        final EventRecordCodec codec = new EventRecordCodec(new ObjectMapper());
        final EventSource source = new EventSource(KeyKind.WRITE, "header");
        private final ObjectMapper mapper = new ObjectMapper();
        private final SplittableRandom random = new SplittableRandom(SEED + 1);
        private final KafkaProducer<String, byte[]> producer;
        private final String topic;
        private final int customers;
        private final Instant first;
        private final long stepMs = 50L * 86_400_000L / HEAVY_EVENTS;

        LongCustomers(KafkaProducer<String, byte[]> producer, String topic, int customers, Instant now) {
            this.producer = producer;
            this.topic = topic;
            this.customers = customers;
            this.first = now.minus(60, ChronoUnit.DAYS);
        }

        /** Event {@code i} of every customer: mostly page views, sometimes a step further down the funnel. */
        int round(int i) {
            for (int c = 0; c < customers; c++) {
                double r = random.nextDouble();
                String type = r < 0.70 ? "page_view" : r < 0.85 ? "ad_click" : r < 0.95 ? "product_view"
                        : r < 0.99 ? "purchase" : "review";
                Instant at = first.plusMillis(i * stepMs + random.nextLong(stepMs));
                AcceptedEvent event = new AcceptedEvent("heavy-" + c + "-" + i, "heavy-" + c, null, type, "web", at, at,
                        null, at, mapper.createObjectNode().put("campaign", "c" + (i % 7)).put("value", i));
                producer.send(new ProducerRecord<>(topic, event.recordKey(), codec.encode(event, source)));
            }
            return customers;
        }
    }

    /** A digest of every derived row of the benchmark funnel, to compare what the two settings stored. */
    private static long fingerprint() throws Exception {
        try (var conn = BenchDatabase.connect()) {
            return BenchDatabase.count(conn, "select coalesce(sum(hashtext(t::text)), 0) from (select * from funnel_visit"
                    + " order by journey_key, seq) t")
                    + 31 * BenchDatabase.count(conn, "select coalesce(sum(hashtext(t::text)), 0) from (select * from"
                    + " funnel_start) t")
                    + 961 * BenchDatabase.count(conn, "select coalesce(sum(hashtext(t::text)), 0) from (select * from"
                    + " conversion_cell where starts <> 0) t")
                    + 29_791 * BenchDatabase.count(conn, "select coalesce(sum(hashtext(t::text)), 0) from (select * from"
                    + " flow_rollup where visits <> 0) t");
        }
    }
}
