package io.reseau.hostnet.testing;

import io.reseau.hostnet.netns.NamespacedThread;
import io.reseau.hostnet.netns.NetworkNamespace;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * Real TCP inside namespaces, for tests: a server that answers every connection with a fixed greeting, and a
 * client that returns what it was answered.
 */
public final class TcpProbe implements AutoCloseable {

    private final ServerSocket server;
    private final Thread acceptor;

    private TcpProbe(ServerSocket server, String greeting) {
        this.server = server;
        this.acceptor = Thread.ofVirtual().start(() -> {
            while (!server.isClosed()) {
                try (Socket client = server.accept(); OutputStream out = client.getOutputStream()) {
                    out.write(greeting.getBytes(StandardCharsets.UTF_8));
                } catch (IOException closed) {
                    // the server was closed, or a client went away before its greeting
                }
            }
        });
    }

    /** Listens on {@code address:port} inside {@code namespace}, answering {@code greeting}. */
    public static TcpProbe serve(NetworkNamespace namespace, String address, int port, String greeting)
            throws Exception {
        ServerSocket server = NamespacedThread.call(namespace,
                () -> new ServerSocket(port, 50, InetAddress.getByName(address)));
        return new TcpProbe(server, greeting);
    }

    /** Connects from inside {@code namespace} and returns the greeting; throws if no connection can be made. */
    public static String connect(NetworkNamespace namespace, String address, int port, Duration timeout)
            throws Exception {
        return NamespacedThread.call(namespace, () -> {
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress(address, port), (int) timeout.toMillis());
                socket.setSoTimeout((int) timeout.toMillis());
                try (InputStream in = socket.getInputStream()) {
                    return new String(in.readAllBytes(), StandardCharsets.UTF_8);
                }
            }
        });
    }

    @Override
    public void close() throws IOException {
        server.close();
        acceptor.interrupt();
    }
}
