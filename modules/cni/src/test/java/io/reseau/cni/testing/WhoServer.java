package io.reseau.cni.testing;

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
 * A TCP server in a namespace that answers every connection with its own name and the address the client
 * came from, so tests see both where a connection landed and whether it was NATed on the way.
 */
public final class WhoServer implements AutoCloseable {

    private final ServerSocket server;

    private WhoServer(ServerSocket server, String name) {
        this.server = server;
        Thread.ofVirtual().start(() -> {
            while (!server.isClosed()) {
                try (Socket client = server.accept(); OutputStream out = client.getOutputStream()) {
                    out.write((name + " from=" + io.reseau.cni.ipam.Cidr.format(((InetSocketAddress) client.getRemoteSocketAddress())
                            .getAddress())).getBytes(StandardCharsets.UTF_8));
                } catch (IOException closed) {
                    // closed, or a client that left early
                }
            }
        });
    }

    /** Listens on every address of the namespace, both families. */
    public static WhoServer start(NetworkNamespace namespace, String name, int port) throws Exception {
        ServerSocket server = NamespacedThread.call(namespace, () -> new ServerSocket(port, 50, InetAddress.getByName("::")));
        return new WhoServer(server, name);
    }

    /** What the server at {@code address:port} answers to a connection made from inside {@code namespace}. */
    public static String ask(NetworkNamespace namespace, String address, int port) throws Exception {
        return NamespacedThread.call(namespace, () -> {
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress(address, port), (int) Duration.ofSeconds(3).toMillis());
                socket.setSoTimeout(3_000);
                try (InputStream in = socket.getInputStream()) {
                    return new String(in.readAllBytes(), StandardCharsets.UTF_8);
                }
            }
        });
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
