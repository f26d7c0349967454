package dev.touchpoint.support;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Free local ports for the processes and brokers tests start. They are drawn below Linux's
 * ephemeral range (32768-60999 by default): a port the kernel handed out (port 0) may be handed
 * out again as the local port of an outgoing connection, such as the connections a restarted
 * process opens to its database and broker before it binds the port it was given.
 */
public final class Ports {

    private static final int LOWEST = 20_000;
    private static final int BELOW_EPHEMERAL = 32_000;

    private Ports() {
    }

    public static int free() throws IOException {
        for (int attempt = 0; attempt < 200; attempt++) {
            int port = ThreadLocalRandom.current().nextInt(LOWEST, BELOW_EPHEMERAL);
            if (isFree(port)) {
                return port;
            }
        }
        throw new IOException("no free port between " + LOWEST + " and " + BELOW_EPHEMERAL);
    }

    /** A free port whose successor is free too: an in-process broker listens on both. */
    public static int freePair() throws IOException {
        for (int attempt = 0; attempt < 200; attempt++) {
            int port = free();
            if (isFree(port + 1)) {
                return port;
            }
        }
        throw new IOException("no two adjacent free ports found");
    }

    private static boolean isFree(int port) {
        try (ServerSocket s = new ServerSocket()) {
            s.bind(new InetSocketAddress(port));
            return true;
        } catch (IOException taken) {
            return false;
        }
    }
}
