package dev.touchpoint.support;

import java.io.IOException;
import java.net.ServerSocket;

/** Free local ports for the processes and brokers tests start. */
public final class Ports {

    private Ports() {
    }

    public static int free() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    /** A free port whose successor is free too: an in-process broker listens on both. */
    public static int freePair() throws IOException {
        for (int attempt = 0; attempt < 50; attempt++) {
            int port = free();
            if (port < 65535) {
                try (ServerSocket next = new ServerSocket(port + 1)) {
                    return port;
                } catch (IOException taken) {
                    // try another
                }
            }
        }
        throw new IOException("no two adjacent free ports found");
    }
}
