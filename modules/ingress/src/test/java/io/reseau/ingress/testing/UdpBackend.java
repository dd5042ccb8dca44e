package io.reseau.ingress.testing;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A UDP backend on loopback in a thread of its own: answers each datagram with {@code answers} datagrams, each its
 * name, a colon and the datagram's bytes.
 */
public final class UdpBackend implements AutoCloseable {

    private final String name;
    private final int answers;
    private final DatagramSocket socket;
    private final Thread thread;

    private UdpBackend(String name, int answers) throws SocketException {
        this.name = name;
        this.answers = answers;
        this.socket = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        this.thread = Thread.ofPlatform().daemon().name("udp-backend-" + name).start(this::serve);
    }

    /** A backend answering each datagram once. */
    public static UdpBackend start(String name) throws SocketException {
        return new UdpBackend(name, 1);
    }

    /** A backend answering each datagram {@code answers} times. */
    public static UdpBackend answering(String name, int answers) throws SocketException {
        return new UdpBackend(name, answers);
    }

    /** A UDP port free on loopback now. */
    public static int freePort() throws SocketException {
        try (DatagramSocket socket = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    public int port() {
        return socket.getLocalPort();
    }

    private void serve() {
        byte[] buffer = new byte[65_535];
        byte[] prefix = (name + ":").getBytes(StandardCharsets.US_ASCII);
        while (!socket.isClosed()) {
            try {
                DatagramPacket received = new DatagramPacket(buffer, buffer.length);
                socket.receive(received);
                byte[] answer = Arrays.copyOf(prefix, prefix.length + received.getLength());
                System.arraycopy(buffer, 0, answer, prefix.length, received.getLength());
                for (int i = 0; i < answers; i++) {
                    socket.send(new DatagramPacket(answer, answer.length, received.getSocketAddress()));
                }
            } catch (IOException e) {
                // Closed.
            }
        }
    }

    @Override
    public void close() throws InterruptedException {
        socket.close();
        thread.join();
    }
}
