package io.reseau.it;

import io.reseau.hostnet.netns.NamespacedThread;
import io.reseau.hostnet.netns.NetworkNamespace;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * One HTTP/1.1 GET written on a plain socket, so the test chooses the Host header (an ingress routes on it), the
 * connection is never pooled, and, from a network namespace, the socket is opened there.
 */
public final class RawHttp {

    /** The status code and the body; status 0 and the error when nothing answered. */
    public record Reply(int status, String body) {
        @Override
        public String toString() {
            return status + " " + body;
        }
    }

    private RawHttp() {
    }

    public static Reply get(InetSocketAddress to, String host, String path) throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(to, 2_000);
            socket.setSoTimeout(5_000);
            socket.getOutputStream().write(("GET " + path + " HTTP/1.1\r\nHost: " + host
                    + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            InputStream in = socket.getInputStream();
            String response = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            int headersEnd = response.indexOf("\r\n\r\n");
            if (!response.startsWith("HTTP/1.") || headersEnd < 0) {
                throw new IOException("not an HTTP response: '" + response + "'");
            }
            return new Reply(Integer.parseInt(response.substring(9, 12)), response.substring(headersEnd + 4));
        }
    }

    /** A GET from inside {@code from}, Host {@code address:port}; a failure to connect or read is status 0. */
    public static Reply getFrom(NetworkNamespace from, String address, int port, String path) {
        return getFrom(from, address, port, address + ":" + port, path);
    }

    public static Reply getFrom(NetworkNamespace from, String address, int port, String host, String path) {
        try {
            return NamespacedThread.call(from, () -> get(new InetSocketAddress(address, port), host, path));
        } catch (Exception e) {
            return new Reply(0, e.toString());
        }
    }
}
