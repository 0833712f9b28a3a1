package dev.modelregistry.embedded;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;

/** Loopback port helpers. */
final class Ports {

    private Ports() {
    }

    /** A port that was free on 127.0.0.1 a moment ago (0 in a setting means "pick one"). */
    static int free() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            socket.setReuseAddress(false);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot find a free port on 127.0.0.1", e);
        }
    }

    static int resolve(int configured) {
        return configured > 0 ? configured : free();
    }

    static boolean accepts(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 250);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * Fails unless the port can be bound on 127.0.0.1: without this check a service would come up
     * "ready" while talking to another program's server on the same port.
     */
    static void requireFree(String service, String what, int port) {
        if (!bindable(port)) {
            throw new IllegalStateException(service + ": " + what + " port " + port
                    + " on 127.0.0.1 is in use by another process; choose another port (0 = any free port)");
        }
    }

    /** True if nothing listens on the port and we could bind it. */
    static boolean bindable(int port) {
        try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
