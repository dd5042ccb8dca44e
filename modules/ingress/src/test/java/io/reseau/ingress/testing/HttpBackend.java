package io.reseau.ingress.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsExchange;
import com.sun.net.httpserver.HttpsParameters;
import com.sun.net.httpserver.HttpsServer;
import io.netty.handler.ssl.util.SelfSignedCertificate;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.ExtendedSSLSession;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;

/**
 * A backend pod on loopback, the JDK's own HTTP server (an implementation independent of the proxy's): every
 * request gets a plain-text report of what arrived ({@code backend=<name>}, method, path as received, headers,
 * body size). {@code /bytes/N} answers N bytes; {@code /sleep/MS} waits first; {@code /status/N} answers N;
 * {@code ?set=Name:value} (URL-encoded, repeatable) adds a field to the answer. {@link #answerEverythingWith}
 * makes it a sick pod, {@link #answerEverythingAfter} a slow one.
 */
public final class HttpBackend implements AutoCloseable {

    private final String name;
    private final HttpServer server;
    private final AtomicInteger requests = new AtomicInteger();
    private String certificatePem = "";
    private volatile int everyStatus;
    private volatile long everyDelayMillis;
    private volatile String lastReport = "";

    private HttpBackend(String name, HttpServer server) throws IOException {
        this.name = name;
        this.server = server;
        server.bind(new InetSocketAddress("127.0.0.1", 0), 512);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/", this::handle);
        server.start();
    }

    public static HttpBackend start(String name) throws IOException {
        return new HttpBackend(name, HttpServer.create());
    }

    /**
     * The same backend behind TLS with a self-signed certificate (as pods serving HTTPS usually have); its report
     * adds {@code tls=<protocol>}, {@code tls.cipher=<suite>} and {@code tls.sni=<name>} when the client sent one.
     */
    public static HttpBackend startTls(String name) throws Exception {
        return startTls(name, (X509Certificate) null);
    }

    /**
     * The same, asking every client for a certificate issued by {@code clients} (a pod that wants mutual TLS) and
     * refusing the handshake without one; its report adds {@code tls.client=<subject>}.
     */
    public static HttpBackend startMutualTls(String name, X509Certificate clients) throws Exception {
        return startTls(name, clients);
    }

    /**
     * The same behind TLS with a certificate a test authority issued, presented with the chain after it (a pod
     * with a certificate from its cluster's authority, perhaps through an intermediate).
     */
    public static HttpBackend startTls(String name, TestCertificates.Issued serving) throws Exception {
        return startTls(name, serving.keys().getPrivate(), serving.chain(), serving.pem(), null);
    }

    private static HttpBackend startTls(String name, X509Certificate clients) throws Exception {
        SelfSignedCertificate certificate = new SelfSignedCertificate(name, "EC", 256);
        return startTls(name, certificate.key(), new Certificate[] {certificate.cert()},
                java.nio.file.Files.readString(certificate.certificate().toPath()), clients);
    }

    private static HttpBackend startTls(String name, PrivateKey key, Certificate[] chain, String certificatePem,
            X509Certificate clients) throws Exception {
        KeyStore keys = KeyStore.getInstance("PKCS12");
        keys.load(null, null);
        char[] password = "backend".toCharArray();
        keys.setKeyEntry(name, key, password, chain);
        KeyManagerFactory managers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        managers.init(keys, password);
        TrustManager[] trusted = null;
        if (clients != null) {
            KeyStore authorities = KeyStore.getInstance("PKCS12");
            authorities.load(null, null);
            authorities.setCertificateEntry("clients", clients);
            TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trust.init(authorities);
            trusted = trust.getTrustManagers();
        }
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(managers.getKeyManagers(), trusted, null);
        HttpsServer server = HttpsServer.create();
        server.setHttpsConfigurator(new HttpsConfigurator(context) {
            @Override
            public void configure(HttpsParameters parameters) {
                SSLParameters ssl = context.getDefaultSSLParameters();
                ssl.setNeedClientAuth(clients != null);
                parameters.setSSLParameters(ssl);
            }
        });
        HttpBackend backend = new HttpBackend(name, server);
        backend.certificatePem = certificatePem;
        return backend;
    }

    /** The certificate of a TLS backend in PEM (self-signed, {@code CN=name}, its own authority, unless given). */
    public String certificatePem() {
        return certificatePem;
    }

    public int port() {
        return server.getAddress().getPort();
    }

    public String ip() {
        return "127.0.0.1";
    }

    /** From now on every request is answered with this status (and the usual report), whatever its path. */
    public void answerEverythingWith(int status) {
        everyStatus = status;
    }

    /** From now on every request is answered this many milliseconds late (a slow pod). */
    public void answerEverythingAfter(long millis) {
        everyDelayMillis = millis;
    }

    /** The report of the last request received (what its answer said, sent or not). */
    public String lastReport() {
        return lastReport;
    }

    /** Requests received whole. */
    public int requests() {
        return requests.get();
    }

    private void handle(HttpExchange exchange) throws IOException {
        byte[] body = exchange.getRequestBody().readAllBytes();
        // Counted once complete: a request the proxy cut short (a body over its limit) never counts.
        requests.incrementAndGet();
        String path = exchange.getRequestURI().getRawPath();
        String query = exchange.getRequestURI().getRawQuery();
        int status = everyStatus == 0 ? 200 : everyStatus;
        byte[] answer;
        try {
            Thread.sleep(everyDelayMillis);
            if (path.startsWith("/sleep/")) {
                Thread.sleep(Long.parseLong(path.substring(7)));
            }
            if (path.startsWith("/status/")) {
                status = Integer.parseInt(path.substring(8));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (path.startsWith("/bytes/")) {
            answer = new byte[Integer.parseInt(path.substring(7))];
            java.util.Arrays.fill(answer, (byte) 'x');
        } else {
            StringBuilder report = new StringBuilder();
            report.append("backend=").append(name).append('\n');
            report.append("method=").append(exchange.getRequestMethod()).append('\n');
            report.append("path=").append(path).append(query == null ? "" : "?" + query).append('\n');
            report.append("body=").append(body.length).append('\n');
            report.append("body.hash=").append(java.util.Arrays.hashCode(body)).append('\n');
            if (exchange instanceof HttpsExchange tls) {
                report.append("tls=").append(tls.getSSLSession().getProtocol()).append('\n');
                report.append("tls.cipher=").append(tls.getSSLSession().getCipherSuite()).append('\n');
                if (tls.getSSLSession() instanceof ExtendedSSLSession session) {
                    session.getRequestedServerNames().forEach(sni -> report.append("tls.sni=")
                            .append(new String(sni.getEncoded(), StandardCharsets.US_ASCII)).append('\n'));
                }
                try {
                    report.append("tls.client=").append(tls.getSSLSession().getPeerPrincipal().getName()).append('\n');
                } catch (javax.net.ssl.SSLPeerUnverifiedException e) {
                    // No client certificate.
                }
            }
            Map<String, String> headers = new TreeMap<>();
            exchange.getRequestHeaders().forEach((k, v) -> headers.put(k.toLowerCase(java.util.Locale.ROOT),
                    String.join(",", v)));
            headers.forEach((k, v) -> report.append("header.").append(k).append('=').append(v).append('\n'));
            // This request's own report: another request's thread may set lastReport meanwhile.
            String text = report.toString();
            lastReport = text;
            answer = text.getBytes(StandardCharsets.UTF_8);
        }
        if (path.startsWith("/chunked/")) {
            // A body without a length: the JDK's server sends it chunked.
            answer = new byte[Integer.parseInt(path.substring(9))];
            java.util.Arrays.fill(answer, (byte) 'c');
        }
        if (query == null || !query.contains("set=Content-Type")) {
            exchange.getResponseHeaders().set("Content-Type", "text/plain");
        }
        // ?set=Name:value (URL-encoded, repeatable): fields added to the response (a Content-Type replaces text/plain).
        for (String parameter : query == null ? new String[0] : query.split("&")) {
            if (parameter.startsWith("set=")) {
                String field = java.net.URLDecoder.decode(parameter.substring(4), StandardCharsets.UTF_8);
                int colon = field.indexOf(':');
                exchange.getResponseHeaders().add(field.substring(0, colon), field.substring(colon + 1).strip());
            }
        }
        if (path.startsWith("/large-head/")) {
            // A response head of about that many bytes: one field making up the rest.
            exchange.getResponseHeaders().add("X-Large", "h".repeat(Integer.parseInt(path.substring(12))));
        }
        boolean chunked = path.startsWith("/chunked/");
        exchange.sendResponseHeaders(status, chunked ? 0 : answer.length == 0 ? -1 : answer.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(answer);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
