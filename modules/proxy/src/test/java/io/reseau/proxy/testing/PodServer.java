package io.reseau.proxy.testing;

import io.reseau.hostnet.netns.NamespacedThread;
import io.reseau.hostnet.netns.NetworkNamespace;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A pod's workload in the manner of agnhost: on a TCP port it answers every connection with
 * {@code <pod> from=<client address>} then echoes what it is sent; on a UDP port it answers each datagram the same
 * way. Tests read which endpoint they reached and what source address it saw.
 */
public final class PodServer implements AutoCloseable {

    private final List<AutoCloseable> sockets = new ArrayList<>();
    private final String pod;

    private PodServer(String pod) {
        this.pod = pod;
    }

    public static PodServer start(NetworkNamespace namespace, String pod, String address, int tcpPort, int udpPort)
            throws Exception {
        PodServer server = new PodServer(pod);
        ServerSocket tcp = NamespacedThread.call(namespace, () -> new ServerSocket(tcpPort, 200, InetAddress.getByName(address)));
        server.sockets.add(tcp);
        Thread.ofVirtual().start(() -> server.serveTcp(tcp));
        if (udpPort > 0) {
            DatagramSocket udp = NamespacedThread.call(namespace,
                    () -> new DatagramSocket(new InetSocketAddress(address, udpPort)));
            server.sockets.add(udp);
            Thread.ofVirtual().start(() -> server.serveUdp(udp));
        }
        return server;
    }

    private void serveTcp(ServerSocket server) {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                Thread.ofVirtual().start(() -> {
                    try (client; InputStream in = client.getInputStream(); OutputStream out = client.getOutputStream()) {
                        out.write(greeting(client.getInetAddress()));
                        out.flush();
                        in.transferTo(out);
                    } catch (IOException closed) {
                        // the client went away
                    }
                });
            } catch (IOException closed) {
                return;
            }
        }
    }

    private void serveUdp(DatagramSocket socket) {
        byte[] buffer = new byte[2048];
        while (!socket.isClosed()) {
            try {
                DatagramPacket request = new DatagramPacket(buffer, buffer.length);
                socket.receive(request);
                byte[] reply = greeting(request.getAddress());
                socket.send(new DatagramPacket(reply, reply.length, request.getSocketAddress()));
            } catch (IOException closed) {
                return;
            }
        }
    }

    private byte[] greeting(InetAddress peer) {
        String address = io.reseau.proxy.model.IpLiteral.parse(peer.getHostAddress()).map(io.reseau.proxy.model.IpLiteral::text)
                .orElse(peer.getHostAddress());
        return (pod + " from=" + address + "\n").getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public void close() throws Exception {
        for (AutoCloseable socket : sockets) {
            socket.close();
        }
    }

    /** Opens a TCP connection from inside {@code namespace} and returns the first line answered. */
    public static String tcp(NetworkNamespace namespace, String address, int port, Duration timeout) throws Exception {
        return tcpFrom(namespace, 0, address, port, timeout);
    }

    /** As {@link #tcp}, from local port {@code sourcePort} (any when 0). */
    public static String tcpFrom(NetworkNamespace namespace, int sourcePort, String address, int port, Duration timeout)
            throws Exception {
        return NamespacedThread.call(namespace, () -> {
            try (Socket socket = new Socket()) {
                if (sourcePort != 0) {
                    socket.setReuseAddress(true);
                    socket.bind(new InetSocketAddress(sourcePort));
                }
                socket.connect(new InetSocketAddress(address, port), (int) timeout.toMillis());
                socket.setSoTimeout((int) timeout.toMillis());
                return readLine(socket.getInputStream());
            }
        });
    }

    /** A UDP socket inside a namespace, kept open to send several datagrams from the same source port. */
    public static final class UdpClient implements AutoCloseable {
        private final DatagramSocket socket;

        public UdpClient(NetworkNamespace namespace) throws Exception {
            this.socket = NamespacedThread.call(namespace, () -> new DatagramSocket());
        }

        /** Sends a datagram and returns the answer, or null if none came within {@code timeout}. */
        public String ask(String address, int port, Duration timeout) throws IOException {
            byte[] hello = "hello".getBytes(StandardCharsets.UTF_8);
            socket.send(new DatagramPacket(hello, hello.length, new InetSocketAddress(address, port)));
            socket.setSoTimeout((int) timeout.toMillis());
            byte[] buffer = new byte[2048];
            DatagramPacket reply = new DatagramPacket(buffer, buffer.length);
            try {
                socket.receive(reply);
            } catch (SocketTimeoutException silence) {
                return null;
            }
            return new String(buffer, 0, reply.getLength(), StandardCharsets.UTF_8).strip();
        }

        @Override
        public void close() {
            socket.close();
        }
    }

    static String readLine(InputStream in) throws IOException {
        StringBuilder line = new StringBuilder();
        int c;
        while ((c = in.read()) >= 0 && c != '\n') {
            line.append((char) c);
        }
        return line.toString();
    }

    public String pod() {
        return pod;
    }
}
