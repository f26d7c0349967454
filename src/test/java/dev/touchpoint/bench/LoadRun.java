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

    /** What one run measured: throughput and the latency of every operation, sorted. */
    record Result(double unitsPerSecond, long[] sortedLatencies) {

        static Result of(double unitsPerSecond, long[] latencies) {
            long[] sorted = latencies.clone();
            Arrays.sort(sorted);
            return new Result(unitsPerSecond, sorted);
        }

        /** Several runs of equal length as one: their mean throughput, and percentiles over all their operations. */
        static Result combine(List<Result> runs) {
            long[] all = new long[0];
            for (Result r : runs) {
                int from = all.length;
                all = Arrays.copyOf(all, from + r.sortedLatencies.length);
                System.arraycopy(r.sortedLatencies, 0, all, from, r.sortedLatencies.length);
            }
            return of(runs.stream().mapToDouble(Result::unitsPerSecond).average().orElse(Double.NaN), all);
        }

        double p50Millis() {
            return percentile(sortedLatencies, 0.50);
        }

        double p99Millis() {
            return percentile(sortedLatencies, 0.99);
        }
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
        long[] latencies = new long[0];
        for (Future<long[]> w : workers) {
            // An operation that hangs fails the run within two minutes of its end, not ten.
            long[] r = w.get((long) seconds + 120, TimeUnit.SECONDS);
            units += r[r.length - 1];
            int from = latencies.length;
            latencies = Arrays.copyOf(latencies, from + r.length - 1);
            System.arraycopy(r, 0, latencies, from, r.length - 1);
        }
        double elapsed = (System.nanoTime() - started) / 1e9;
        pool.shutdownNow();
        return Result.of(units / elapsed, latencies);
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
