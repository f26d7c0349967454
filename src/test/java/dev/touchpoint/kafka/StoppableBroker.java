package dev.touchpoint.kafka;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import dev.touchpoint.support.Ports;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * A real Kafka broker outside the application (the application connects to it as to an
 * external cluster) that a test can stop and start again, to produce a broker outage.
 */
public class StoppableBroker implements QuarkusTestResourceLifecycleManager {

    private static Path logDir;
    private static int port;
    private static EmbeddedKafkaBroker broker;

    @Override
    public Map<String, String> start() {
        try {
            logDir = Files.createTempDirectory("touchpoint-broker");
            port = Ports.freePair();
            broker = EmbeddedKafkaBroker.start(logDir, port);
            return Map.of("kafka.bootstrap.servers", broker.bootstrapServers());
        } catch (Exception e) {
            throw new IllegalStateException("could not start the test broker", e);
        }
    }

    public static synchronized void stopBroker() {
        if (broker != null) {
            broker.close();
            broker = null;
        }
    }

    /** Starts the broker again on the same port and log directory, with everything it had. */
    public static synchronized void startBroker() throws Exception {
        if (broker == null) {
            broker = EmbeddedKafkaBroker.start(logDir, port);
        }
    }

    @Override
    public void stop() {
        stopBroker();
    }
}
