package dev.touchpoint.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * Runs one operation from several threads for a fixed time and reports throughput and
 * latency percentiles. The operation returns how many units (events, requests) it completed.
 */
final class LoadRun {

    /** What one run measured. */
    record Result(double unitsPerSecond, double p50Millis, double p99Millis) {
    }

    interface Operation {
        int run() throws Exception;
    }

    static Result run(int threads, double seconds, Operation operation) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        long end = System.nanoTime() + (long) (seconds * 1e9);
        long started = System.nanoTime();
        List<Future<long[]>> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            workers.add(pool.submit(() -> {
                long units = 0;
                long[] latencies = new long[1 << 16];
                int n = 0;
                while (System.nanoTime() < end) {
                    long t0 = System.nanoTime();
                    units += operation.run();
                    if (n == latencies.length) {
                        latencies = Arrays.copyOf(latencies, n * 2);
                    }
                    latencies[n++] = System.nanoTime() - t0;
                }
                long[] out = Arrays.copyOf(latencies, n + 1);
                out[n] = units;
                return out;
            }));
        }
        long units = 0;
        long[] sorted = new long[0];
        for (Future<long[]> w : workers) {
            long[] r = w.get(10, TimeUnit.MINUTES);
            units += r[r.length - 1];
            int from = sorted.length;
            sorted = Arrays.copyOf(sorted, from + r.length - 1);
            System.arraycopy(r, 0, sorted, from, r.length - 1);
        }
        double elapsed = (System.nanoTime() - started) / 1e9;
        pool.shutdownNow();
        Arrays.sort(sorted);
        return new Result(units / elapsed, percentile(sorted, 0.50), percentile(sorted, 0.99));
    }

    static double percentile(long[] sorted, double q) {
        return sorted.length == 0 ? Double.NaN : sorted[(int) Math.min(sorted.length - 1, Math.floor(q * sorted.length))] / 1e6;
    }

    static double median(List<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    private LoadRun() {
    }
}
