package dev.touchpoint.support;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;

/**
 * People with one device each, for identity tests across partitions: per person three anonymous
 * events of the device, three events of the customer alone and one link (both ids), each its
 * own small request, all shuffled. The device's records are keyed by the device and the
 * customer's by the customer, so a person's journey is written from two partitions at once.
 * Event types {@code <prefix>_1..3} (a funnel of {@link Funnels#definition} with 3 stages).
 */
public final class LinkedPeople {

    public static final int EVENTS_PER_PERSON = 7;

    public final String prefix;
    public final int people;
    /** People whose journey holds a stage-1 event: the expected customers at step 1. */
    public final int enteringStageOne;
    private final List<Events> requests = new ArrayList<>();

    public LinkedPeople(String prefix, int people, long seed) {
        this.prefix = prefix;
        this.people = people;
        Random random = new Random(seed);
        Instant start = Instant.parse("2025-10-01T00:00:00Z");
        int stageOne = 0;
        for (int p = 0; p < people; p++) {
            String device = device(p);
            String customer = customer(p);
            Instant t = start.plus(Duration.ofHours(random.nextInt(240)));
            boolean entersStageOne = false;
            for (int i = 0; i < 6; i++) {
                boolean own = i % 2 == 1;
                int stage = 1 + random.nextInt(3);
                entersStageOne |= stage == 1;
                requests.add(new Events().addWith(own ? customer : null, own ? null : device, customer + "-e" + i,
                        prefix + "_" + stage, "web", t.plus(Duration.ofMinutes(10L * i)).toString()));
            }
            requests.add(new Events().addWith(customer, device, customer + "-link", prefix + "_2", "web",
                    t.plus(Duration.ofMinutes(25)).toString()));
            stageOne += entersStageOne ? 1 : 0;
        }
        this.enteringStageOne = stageOne;
        Collections.shuffle(requests, random);
    }

    public String device(int person) {
        return prefix + "-d" + person;
    }

    public String customer(int person) {
        return prefix + "-c" + person;
    }

    /** Sends every request from four threads at once; {@code send} posts one (to whichever instance it picks). */
    public void sendConcurrently(Consumer<Events> send) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> sent = new ArrayList<>();
            for (Events request : requests) {
                sent.add(pool.submit(() -> send.accept(request)));
            }
            for (Future<?> f : sent) {
                f.get();
            }
        } finally {
            pool.shutdown();
        }
    }
}
