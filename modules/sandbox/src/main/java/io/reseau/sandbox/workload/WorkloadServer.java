package io.reseau.sandbox.workload;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.reseau.hostnet.netns.NamespacedThread;
import io.reseau.hostnet.netns.NetworkNamespace;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;

/**
 * The built-in workload of one pod: an HTTP server on each TCP container port and a datagram echo on each UDP
 * one, their sockets opened inside the pod's network namespace (so they serve there from any thread).
 */
public final class WorkloadServer implements AutoCloseable {

    /** A container port: number and protocol ({@code TCP}, {@code UDP}). */
    public record Port(int number, String protocol) {
    }

    private final List<HttpServer> http = new ArrayList<>();
    private final List<DatagramChannel> udp = new ArrayList<>();

    private WorkloadServer() {
    }

    public static WorkloadServer start(NetworkNamespace namespace, PodIdentity pod, List<Port> ports) throws Exception {
        WorkloadServer server = new WorkloadServer();
        try {
            for (Port port : ports) {
                if (port.protocol().equals("UDP")) {
                    DatagramChannel channel = NamespacedThread.call(namespace,
                            () -> DatagramChannel.open().bind(new InetSocketAddress(port.number())));
                    server.udp.add(channel);
                    Thread.ofVirtual().name("udp-echo-" + pod.name()).start(() -> echo(channel));
                } else if (port.protocol().equals("TCP")) {
                    HttpServer http = NamespacedThread.call(namespace,
                            () -> HttpServer.create(new InetSocketAddress(port.number()), 64));
                    http.createContext("/", exchange -> respond(pod, exchange));
                    http.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
                    http.start();
                    server.http.add(http);
                }
            }
            return server;
        } catch (Exception e) {
            server.close();
            throw e;
        }
    }

    @Override
    public void close() {
        http.forEach(server -> server.stop(0));
        for (DatagramChannel channel : udp) {
            try {
                channel.close();
            } catch (IOException ignored) {
                // closing anyway
            }
        }
    }

    private static void respond(PodIdentity pod, HttpExchange exchange) throws IOException {
        InetSocketAddress client = exchange.getRemoteAddress();
        String body = WorkloadResponses.answer(pod, new WorkloadResponses.Request(exchange.getRequestMethod(),
                exchange.getRequestURI().getPath(), exchange.getRequestURI().getRawQuery(),
                exchange.getRequestHeaders().getFirst("Host"),
                client.getAddress().getHostAddress() + ":" + client.getPort()));
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
        exchange.sendResponseHeaders(200, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    private static void echo(DatagramChannel channel) {
        ByteBuffer buffer = ByteBuffer.allocate(65_536);
        try {
            while (channel.isOpen()) {
                buffer.clear();
                SocketAddress from = channel.receive(buffer);
                buffer.flip();
                channel.send(buffer, from);
            }
        } catch (IOException e) {
            // closed: the pod is gone
        }
    }
}
