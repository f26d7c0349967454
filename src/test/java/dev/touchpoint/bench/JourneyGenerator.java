package dev.touchpoint.bench;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Consumer;

/**
 * Realistic customer journeys from a fixed seed, for the benchmarks: the same parameters
 * always give the same events, in the same arrival order.
 *
 * <ul>
 * <li>{@code customers} people, {@code events} events in all; journey lengths are skewed
 *     (most people leave a few events, some many).</li>
 * <li>Identity: 10% stay anonymous (only an {@code anonymousId}); 20% are anonymous for their
 *     first events, then identified: every later event carries both ids (a link, as a tracker
 *     sends after {@code identify}), often arriving after the anonymous ones, so the device's
 *     history joins the customer's journey (SPEC §1.1). {@code links = false} gives the same
 *     events with the customerId alone where both were, a baseline without identity work.</li>
 * <li>Stages of {@link BenchFunnel} follow a walk: stay, forward, skip ahead, loop back to an
 *     earlier stage, and from the last stage start a new cycle; 15% of customers enter mid-funnel;
 *     8% of events have a type no rule matches.</li>
 * <li>Channels with skewed popularity (web a third, sms 3%), often repeated within a journey.</li>
 * <li>Timestamps in milliseconds within the 31 days up to an hour before {@code now} (so a
 *     "last 30 days" query covers almost all, and a few visits begin before it); a third of
 *     journeys within hours, the rest over days; 1% of events share the previous event's
 *     millisecond, so the eventId decides their order.</li>
 * <li>Arrival: a few seconds after the timestamp, but 4% hours late and 0.5% days late, so the
 *     arrival order (what Kafka carries) differs from journey order.</li>
 * </ul>
 * Held as primitive arrays (about 30 bytes an event), so 10M events fit in a few hundred MB.
 */
final class JourneyGenerator {

    static final List<String> CHANNELS = List.of("web", "tiktok", "instagram", "email", "search", "tv", "store", "sms");
    private static final double[] CHANNEL_WEIGHTS = {0.34, 0.20, 0.14, 0.10, 0.08, 0.06, 0.05, 0.03};
    private static final List<String> CAMPAIGNS = List.of("spring", "summer", "launch", "retarget", "brand");
    private static final long HOUR = 3_600_000L;
    private static final long DAY = 24 * HOUR;

    /** One generated event. */
    record Event(String eventId, String customerId, String anonymousId, String type, String channel,
            long timestampMs, long arrivalMs, String campaign, int value) {

        String journeyKey() {
            return customerId != null ? customerId : anonymousId;
        }

        Instant timestamp() {
            return Instant.ofEpochMilli(timestampMs);
        }

        /** The event as {@code POST /v1/events} takes it. */
        String json() {
            return "{\"eventId\":\"" + eventId + "\"" + (customerId == null ? "" : ",\"customerId\":\"" + customerId + "\"")
                    + (anonymousId == null ? "" : ",\"anonymousId\":\"" + anonymousId + "\"") + ",\"type\":\"" + type
                    + "\",\"channel\":\"" + channel + "\",\"timestamp\":\"" + timestamp() + "\",\"properties\":{\"campaign\":\""
                    + campaign + "\",\"value\":" + value + "}}";
        }
    }

    private final String prefix;
    private final long start;
    private final int[] customer;
    private final int[] seq;
    private final long[] timestamp;
    private final byte[] type;
    private final byte[] channel;
    /** 0: customerId only, 1: anonymousId only, 2: both. */
    private final byte[] identity;
    /** Arrival order: (arrival - start) in the high 32 bits, event index in the low 32. */
    private final long[] order;
    private final String[] types;
    private boolean links = true;

    /**
     * @param prefix    starts every customer and event id, so two generators do not collide
     * @param customers how many people
     * @param events    how many events in all, at least {@code customers}
     * @param now       the newest timestamp lies an hour before it
     */
    JourneyGenerator(String prefix, int customers, int events, Instant now, long seed) {
        if (events < customers) {
            throw new IllegalArgumentException("need at least one event per customer");
        }
        this.prefix = prefix;
        this.start = now.toEpochMilli() - 31 * DAY;
        long end = now.toEpochMilli() - HOUR;
        List<String> all = new java.util.ArrayList<>();
        BenchFunnel.TYPES.forEach(all::addAll);
        all.addAll(BenchFunnel.UNATTRIBUTED);
        types = all.toArray(String[]::new);
        customer = new int[events];
        seq = new int[events];
        timestamp = new long[events];
        type = new byte[events];
        channel = new byte[events];
        identity = new byte[events];
        order = new long[events];
        SplittableRandom random = new SplittableRandom(seed);
        int[] lengths = lengths(customers, events, random);
        int at = 0;
        for (int c = 0; c < customers; c++) {
            journey(c, lengths[c], at, end, random);
            at += lengths[c];
        }
        Arrays.sort(order);
    }

    /** The same events, but those with both ids carry the customerId alone: no links, no identity work. */
    JourneyGenerator withoutLinks() {
        links = false;
        return this;
    }

    int size() {
        return customer.length;
    }

    /** Every event in arrival order. */
    void forEachArriving(Consumer<Event> action) {
        for (long key : order) {
            action.accept(event((int) key, start + (key >>> 32)));
        }
    }

    /** Skewed lengths: 1 + geometric, then nudged until they add up to {@code events} exactly. */
    private static int[] lengths(int customers, int events, SplittableRandom random) {
        double mean = (double) events / customers;
        double p = 1 / mean;
        int[] lengths = new int[customers];
        long total = 0;
        for (int c = 0; c < customers; c++) {
            lengths[c] = 1 + (int) Math.min(500, Math.floor(Math.log(1 - random.nextDouble()) / Math.log(1 - Math.min(p, 0.999))));
            total += lengths[c];
        }
        while (total < events) {
            lengths[random.nextInt(customers)]++;
            total++;
        }
        while (total > events) {
            int c = random.nextInt(customers);
            if (lengths[c] > 1) {
                lengths[c]--;
                total--;
            }
        }
        return lengths;
    }

    private void journey(int c, int length, int first, long end, SplittableRandom random) {
        double who = random.nextDouble();
        int anonymousUntil = who < 0.10 ? length : who < 0.30 ? Math.min(length - 1, 1 + random.nextInt(3)) : 0;
        long span = random.nextDouble() < 0.33 ? (long) (-Math.log(1 - random.nextDouble()) * 6 * HOUR)
                : (long) (random.nextDouble() * 30 * DAY);
        span = Math.min(span, end - start);
        long begin = start + (long) (random.nextDouble() * (end - start - span));
        long[] times = new long[length];
        for (int i = 0; i < length; i++) {
            times[i] = begin + (long) (random.nextDouble() * span);
        }
        Arrays.sort(times);
        int stageCount = BenchFunnel.stageCount();
        int stage = random.nextDouble() < 0.85 ? 0 : random.nextInt(stageCount);
        int lastChannel = pickChannel(random);
        for (int i = 0; i < length; i++) {
            int e = first + i;
            customer[e] = c;
            seq[e] = i;
            timestamp[e] = i > 0 && random.nextDouble() < 0.01 ? timestamp[e - 1] : times[i];
            identity[e] = (byte) (i < anonymousUntil ? 1 : anonymousUntil > 0 ? 2 : 0);
            lastChannel = random.nextDouble() < 0.5 ? lastChannel : pickChannel(random);
            channel[e] = (byte) lastChannel;
            if (random.nextDouble() < 0.08) {
                type[e] = (byte) typeIndex(stageCount, random.nextInt(BenchFunnel.UNATTRIBUTED.size()));
            } else {
                List<String> stageTypes = BenchFunnel.TYPES.get(stage);
                int pick = random.nextDouble() < 0.6 ? 0 : random.nextInt(stageTypes.size());
                type[e] = (byte) typeIndex(stage, pick);
                stage = nextStage(stage, stageCount, random);
            }
            long arrival = timestamp[e] + (long) (-Math.log(1 - random.nextDouble()) * 3000);
            double late = random.nextDouble();
            if (late < 0.005) {
                arrival += DAY + (long) (random.nextDouble() * 4 * DAY);
            } else if (late < 0.045) {
                arrival += (long) (-Math.log(1 - random.nextDouble()) * 8 * HOUR);
            }
            order[e] = (Math.min(arrival - start, 0xFFFF_FFFFL) << 32) | e;
        }
    }

    private static int nextStage(int stage, int stageCount, SplittableRandom random) {
        double r = random.nextDouble();
        if (r < 0.30) {
            return stage;
        }
        if (r < 0.65) {
            return stage + 1 < stageCount ? stage + 1 : 0; // from the last stage: a new cycle
        }
        if (r < 0.72) {
            return Math.min(stage + 2, stageCount - 1);
        }
        if (r < 0.87 && stage > 0) {
            return random.nextInt(stage); // loop back
        }
        return stage;
    }

    /** Index into {@link #types}: the stages' types in order, then the unattributed ones (stage = stageCount). */
    private static int typeIndex(int stage, int pick) {
        int index = 0;
        for (int s = 0; s < stage; s++) {
            index += BenchFunnel.TYPES.get(s).size();
        }
        return index + pick;
    }

    private static int pickChannel(SplittableRandom random) {
        double r = random.nextDouble();
        for (int i = 0; i < CHANNEL_WEIGHTS.length; i++) {
            r -= CHANNEL_WEIGHTS[i];
            if (r < 0) {
                return i;
            }
        }
        return 0;
    }

    private Event event(int e, long arrival) {
        int c = customer[e];
        String customerId = identity[e] == 1 ? null : prefix + "c" + c;
        String anonymousId = identity[e] == 0 || (identity[e] == 2 && !links) ? null : prefix + "a" + c;
        String id = (identity[e] == 1 ? anonymousId : customerId) + "-" + seq[e];
        return new Event(id, customerId, anonymousId, types[type[e]], CHANNELS.get(channel[e]), timestamp[e], arrival,
                CAMPAIGNS.get((c + seq[e]) % CAMPAIGNS.size()), (c * 31 + seq[e]) % 1000);
    }
}
