package dev.touchpoint.kafka;

import java.nio.file.Path;

/**
 * The in-process KRaft broker of standalone mode, opened to the benchmarks (which live in
 * another package): a real single-node broker the service under test uses as an external
 * cluster.
 */
public final class BenchBroker implements AutoCloseable {

    private final EmbeddedKafkaBroker broker;

    private BenchBroker(EmbeddedKafkaBroker broker) {
        this.broker = broker;
    }

    /** Starts a broker on {@code port} (and its controller on the next port), its log in {@code logDir}. */
    public static BenchBroker start(Path logDir, int port) throws Exception {
        return new BenchBroker(EmbeddedKafkaBroker.start(logDir, port));
    }

    public String bootstrapServers() {
        return broker.bootstrapServers();
    }

    @Override
    public void close() {
        broker.close();
    }
}
