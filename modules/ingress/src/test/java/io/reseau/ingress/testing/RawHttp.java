package io.reseau.ingress.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/** A client that writes exact bytes on a real socket and reads HTTP/1.1 responses back, byte for byte. */
public final class RawHttp implements AutoCloseable {

    /** One response: status, headers (lower-case names, last value wins), body bytes (unframed). */
    public record Response(int status, Map<String, String> headers, byte[] bytes) {
        /** The body as UTF-8 text. */
        public String body() {
            return new String(bytes, StandardCharsets.UTF_8);
        }

        public String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }

        /** A {@code key=value} line of the test backend's report. */
        public String reported(String key) {
            for (String line : body().split("\n")) {
                if (line.startsWith(key + "=")) {
                    return line.substring(key.length() + 1);
                }
            }
            return null;
        }
    }

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;

    public RawHttp(Socket socket) throws IOException {
        this.socket = socket;
        socket.setSoTimeout(10_000);
        this.in = new java.io.BufferedInputStream(socket.getInputStream());
        this.out = socket.getOutputStream();
    }

    public static RawHttp connect(int port) throws IOException {
        Socket socket = new Socket();
        socket.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
        return new RawHttp(socket);
    }

    /** Sends one GET with the given Host and reads its response. */
    public static Response get(int port, String host, String path) throws IOException {
        try (RawHttp http = connect(port)) {
            return http.exchange("GET " + path + " HTTP/1.1\r\nHost: " + host + "\r\n\r\n");
        }
    }

    /** Sends these bytes on a new connection and reads all that comes back until the other side closes it. */
    public static String untilClosed(int port, String bytes) throws IOException {
        try (RawHttp connection = connect(port)) {
            connection.send(bytes);
            return new String(connection.in.readAllBytes(), StandardCharsets.ISO_8859_1);
        }
    }

    /** A loopback port nothing listens on (free when asked). */
    public static int freePort() throws IOException {
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0, 1,
                java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    public RawHttp send(String bytes) throws IOException {
        return send(bytes.getBytes(StandardCharsets.ISO_8859_1));
    }

    public RawHttp send(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
        return this;
    }

    public Response exchange(String bytes) throws IOException {
        send(bytes);
        return read();
    }

    /** The response to a HEAD request: its head only, whatever its Content-Length says. */
    public Response readHeadResponse() throws IOException {
        Response head = readHead();
        return new Response(head.status(), head.headers(), new byte[0]);
    }

    private Response readHead() throws IOException {
        String statusLine = line();
        if (statusLine == null) {
            throw new IOException("connection closed before a response");
        }
        int status = Integer.parseInt(statusLine.split(" ")[1]);
        Map<String, String> headers = new LinkedHashMap<>();
        for (String line = line(); line != null && !line.isEmpty(); line = line()) {
            int colon = line.indexOf(':');
            headers.put(line.substring(0, colon).strip().toLowerCase(Locale.ROOT), line.substring(colon + 1).strip());
        }
        return new Response(status, headers, new byte[0]);
    }

    public Response read() throws IOException {
        Response head = readHead();
        int status = head.status();
        Map<String, String> headers = head.headers();
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
            for (int size = Integer.parseInt(line().strip(), 16); size > 0; size = Integer.parseInt(line().strip(), 16)) {
                body.write(in.readNBytes(size));
                line();
            }
            // Trailers (gRPC's status travels there) join the headers.
            for (String trailer = line(); trailer != null && !trailer.isEmpty(); trailer = line()) {
                int colon = trailer.indexOf(':');
                headers.put(trailer.substring(0, colon).strip().toLowerCase(Locale.ROOT),
                        trailer.substring(colon + 1).strip());
            }
        } else if (headers.containsKey("content-length")) {
            body.write(in.readNBytes(Integer.parseInt(headers.get("content-length"))));
        } else if (status >= 200 && status != 204 && status != 304) {
            body.write(in.readAllBytes());
        }
        return new Response(status, headers, body.toByteArray());
    }

    /**
     * What a test's stand-in server reads of a request: its head, up to and including the empty line (or what came
     * before the connection closed).
     */
    public static String readHead(InputStream in) throws IOException {
        StringBuilder head = new StringBuilder();
        while (!head.toString().endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                break;
            }
            head.append((char) b);
        }
        return head.toString();
    }

    /** The next chunk of a chunked body after {@link #readHeadResponse()}; empty for the last chunk. */
    public byte[] readChunk() throws IOException {
        int size = Integer.parseInt(line().strip(), 16);
        byte[] chunk = in.readNBytes(size);
        line();
        return chunk;
    }

    /** The next {@code n} bytes, whatever they are (a tunnel's, after a 101), as text. */
    public String readBytes(int n) throws IOException {
        return new String(in.readNBytes(n), StandardCharsets.ISO_8859_1);
    }

    /** Whether the server closed the connection (within the socket timeout). */
    public boolean closedByServer() throws IOException {
        try {
            return in.read() == -1;
        } catch (SocketTimeoutException e) {
            return false;
        } catch (IOException e) {
            return true;
        }
    }

    private String line() throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) != -1) {
            if (b == '\n') {
                String text = line.toString(StandardCharsets.ISO_8859_1);
                return text.endsWith("\r") ? text.substring(0, text.length() - 1) : text;
            }
            line.write(b);
        }
        return line.size() == 0 ? null : line.toString(StandardCharsets.ISO_8859_1);
    }

    public Socket socket() {
        return socket;
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
