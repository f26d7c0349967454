package dev.touchpoint.ingest;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import dev.touchpoint.error.ProblemException;
import dev.touchpoint.security.KeyKind;

/**
 * A token bucket per API key: {@code rate} events a second, up to {@code burst} at once.
 * A write key is public, so a flood through it must not starve everyone else; a request
 * over the limit is refused whole (429 with Retry-After), never half-accepted.
 */
final class RateLimiter {

    private final double rate;
    private final double burst;
    private final Map<KeyKind, Bucket> buckets = new ConcurrentHashMap<>();

    RateLimiter(int eventsPerSecond, int burst) {
        this.rate = eventsPerSecond;
        this.burst = Math.max(burst, eventsPerSecond);
    }

    /** Takes {@code events} tokens from the key's bucket, or throws a 429 problem. */
    void acquire(KeyKind key, int events, long nowNanos) {
        Bucket bucket = buckets.computeIfAbsent(key, k -> new Bucket(burst, nowNanos));
        double missing;
        synchronized (bucket) {
            bucket.tokens = Math.min(burst, bucket.tokens + (nowNanos - bucket.updated) / 1e9 * rate);
            bucket.updated = nowNanos;
            if (bucket.tokens >= events) {
                bucket.tokens -= events;
                return;
            }
            missing = events - bucket.tokens;
        }
        long waitSeconds = (long) Math.ceil(Math.min(missing, burst) / rate);
        throw ProblemException.tooManyRequests("This key may post " + (long) rate + " events a second (bursts of "
                + (long) burst + "); retry after " + waitSeconds + " s.", Duration.ofSeconds(Math.max(1, waitSeconds)));
    }

    private static final class Bucket {
        double tokens;
        long updated;

        Bucket(double tokens, long updated) {
            this.tokens = tokens;
            this.updated = updated;
        }
    }
}
