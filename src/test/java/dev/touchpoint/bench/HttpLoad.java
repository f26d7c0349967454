package dev.touchpoint.bench;

import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;

/**
 * A wrk-like load generator: up to {@code connections} keep-alive HTTP/1.1 connections, each
 * with one request in flight (closed loop), all on one Vert.x event loop. The JDK's HttpClient spends
 * several threads and far more CPU per request, which on a shared 2-core machine is taken
 * from the service being measured; this one costs little more than the sockets.
 */
final class HttpLoad implements AutoCloseable {

    /** One request to send: its body (null for GET), the status it must get and the units it completes. */
    record Request(HttpMethod method, String path, Buffer body, int expectedStatus, int units) {
    }

    /**
     * A request with no answer for this long fails the run, naming itself: a stalled request
     * must end the benchmark with a reason instead of leaving it silent (it would otherwise
     * wait for the run's own deadline, minutes later). -Dbench.requestTimeoutSeconds.
     */
    static final long REQUEST_TIMEOUT_MS = Long.getLong("bench.requestTimeoutSeconds", 60) * 1000;

    private final Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1).setWorkerPoolSize(1));
    private final HttpClient client;
    private final int connections;
    private final String authorization;

    HttpLoad(int port, int connections, String authorization) {
        this.connections = connections;
        this.authorization = authorization;
        this.client = vertx.createHttpClient(new HttpClientOptions().setDefaultHost("127.0.0.1").setDefaultPort(port)
                .setKeepAlive(true).setPipelining(false).setMaxPoolSize(connections),
                new PoolOptions().setHttp1MaxSize(connections));
    }

    /** Sends requests from {@code next} for {@code seconds} from {@code clients} connections; {@code next} runs on the event loop. */
    LoadRun.Result run(int clients, double seconds, Supplier<Request> next) throws Exception {
        if (clients > connections) {
            throw new IllegalArgumentException(clients + " clients, but only " + connections + " connections");
        }
        Run run = new Run(clients, System.nanoTime() + (long) (seconds * 1e9), next);
        long started = System.nanoTime();
        vertx.runOnContext(v -> {
            for (int c = 0; c < clients; c++) {
                run.loop();
            }
        });
        try {
            run.done.get((long) seconds + REQUEST_TIMEOUT_MS / 1000 + 60, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause().getMessage(), e.getCause());
        }
        double elapsed = (System.nanoTime() - started) / 1e9;
        return LoadRun.Result.of(run.units / elapsed, Arrays.copyOf(run.latencies, run.count));
    }

    /** The state of one run; touched only on the event loop. */
    private final class Run {
        final long end;
        final Supplier<Request> next;
        final CompletableFuture<Void> done = new CompletableFuture<>();
        long[] latencies = new long[1 << 16];
        int count;
        long units;
        int active;

        Run(int clients, long end, Supplier<Request> next) {
            this.active = clients;
            this.end = end;
            this.next = next;
        }

        void loop() {
            if (done.isDone()) {
                return;
            }
            if (System.nanoTime() >= end) {
                if (--active == 0) {
                    done.complete(null);
                }
                return;
            }
            Request r;
            try {
                r = next.get();
            } catch (RuntimeException e) {
                // Thrown inside a response handler, it would only be logged, and this connection's loop would end unseen.
                done.completeExceptionally(e);
                return;
            }
            RequestOptions options = new RequestOptions().setMethod(r.method()).setURI(r.path())
                    .setIdleTimeout(REQUEST_TIMEOUT_MS);
            if (r.body() != null) {
                options.putHeader("Authorization", authorization).putHeader("Content-Type", "application/json");
            }
            long t0 = System.nanoTime();
            client.request(options)
                    .compose(req -> r.body() == null ? req.send() : req.send(r.body()))
                    .compose(resp -> resp.body().map(body -> {
                        if (resp.statusCode() != r.expectedStatus()) {
                            throw new IllegalStateException(r.method() + " " + r.path() + " answered " + resp.statusCode()
                                    + ": " + body);
                        }
                        return body;
                    }))
                    .onSuccess(body -> {
                        if (count == latencies.length) {
                            latencies = Arrays.copyOf(latencies, count * 2);
                        }
                        latencies[count++] = System.nanoTime() - t0;
                        units += r.units();
                        loop();
                    })
                    .onFailure(failure -> done.completeExceptionally(new IllegalStateException(r.method() + " " + r.path()
                            + " failed after " + Math.round((System.nanoTime() - t0) / 1e6) + " ms, with " + active
                            + " connections of the run still busy: " + failure, failure)));
        }
    }

    @Override
    public void close() throws Exception {
        client.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
}
