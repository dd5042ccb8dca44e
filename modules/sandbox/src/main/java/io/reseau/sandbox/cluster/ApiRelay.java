package io.reseau.sandbox.cluster;

import io.reseau.hostnet.netns.NamespacedThread;
import io.reseau.hostnet.netns.NetworkNamespace;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;

/**
 * How the root namespace reaches the sandbox's API: a loopback port here whose connections are relayed, byte
 * for byte, to the API inside the control-plane namespace over a socket opened from inside it. The root
 * namespace thus never sends a packet to a sandbox address, and nothing but local processes can connect.
 */
public final class ApiRelay implements AutoCloseable {

    private final ServerSocketChannel listener;
    private final NetworkNamespace apiNamespace;
    private final InetSocketAddress api;

    private ApiRelay(ServerSocketChannel listener, NetworkNamespace apiNamespace, InetSocketAddress api) {
        this.listener = listener;
        this.apiNamespace = apiNamespace;
        this.api = api;
    }

    /** Listens on 127.0.0.1:{@code port} (0: any free port). */
    public static ApiRelay start(int port, NetworkNamespace apiNamespace, InetSocketAddress api) throws IOException {
        ServerSocketChannel listener = ServerSocketChannel.open();
        try {
            listener.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
        } catch (BindException e) {
            listener.close();
            throw new PortInUseException(port);
        }
        ApiRelay relay = new ApiRelay(listener, apiNamespace, api);
        Thread.ofPlatform().daemon().name("api-relay").start(relay::acceptLoop);
        return relay;
    }

    public int port() {
        try {
            return ((InetSocketAddress) listener.getLocalAddress()).getPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public String url() {
        return "http://127.0.0.1:" + port();
    }

    @Override
    public void close() throws IOException {
        listener.close();
    }

    private void acceptLoop() {
        while (listener.isOpen()) {
            try {
                SocketChannel downstream = listener.accept();
                Thread.ofVirtual().start(() -> relay(downstream));
            } catch (IOException e) {
                return; // closed
            }
        }
    }

    private void relay(SocketChannel downstream) {
        try (downstream; SocketChannel upstream = NamespacedThread.call(apiNamespace, () -> SocketChannel.open(api))) {
            Thread back = Thread.ofVirtual().start(() -> copy(upstream, downstream));
            copy(downstream, upstream);
            back.join();
        } catch (Exception e) {
            // One client connection failed (the client went away, the API is stopping): nothing else is affected.
        }
    }

    private static void copy(SocketChannel from, SocketChannel to) {
        ByteBuffer buffer = ByteBuffer.allocate(64 * 1024);
        try {
            while (from.read(buffer) >= 0) {
                buffer.flip();
                while (buffer.hasRemaining()) {
                    to.write(buffer);
                }
                buffer.clear();
            }
            to.shutdownOutput();
        } catch (IOException e) {
            try {
                to.close();
                from.close();
            } catch (IOException ignored) {
                // already closing
            }
        }
    }

    /** The loopback port for the API is taken by another program. */
    public static final class PortInUseException extends IOException {
        PortInUseException(int port) {
            super("port " + port + " on 127.0.0.1 is in use by another program: free it or choose another with "
                    + "--api-port");
        }
    }
}
