package io.reseau.ingress.testing;

import io.netty.handler.ssl.util.InsecureTrustManagerFactory;
import java.net.http.HttpClient;
import java.security.cert.X509Certificate;
import java.util.List;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;

/**
 * TLS client sockets to a port on loopback, handshake done, trusting any certificate: what the tests check is which
 * certificate the server presents.
 */
public final class TlsSockets {

    private TlsSockets() {
    }

    /** Connected with this SNI name (none when null), limited to these TLS versions when some are given. */
    public static SSLSocket connect(int port, String serverName, String... protocols) throws Exception {
        return connect(port, serverName, null, protocols);
    }

    /** The same, presenting the certificate of {@code keys} when the server asks for one (null: none). */
    public static SSLSocket connect(int port, String serverName, KeyManagerFactory keys, String... protocols)
            throws Exception {
        return connect(port, serverName, keys, List.of(), List.of(), protocols);
    }

    /** Connected without SNI, offering only these cipher suites and TLS versions. */
    public static SSLSocket offering(int port, List<String> cipherSuites, String... protocols) throws Exception {
        return connect(port, null, null, cipherSuites, List.of(), protocols);
    }

    /** Connected without SNI over TLS 1.3, offering only these key exchange groups (JSSE's names). */
    public static SSLSocket offeringGroups(int port, String... groups) throws Exception {
        return connect(port, null, null, List.of(), List.of(groups), "TLSv1.3");
    }

    /** Connected asking for this name (SNI), offering only these cipher suites and TLS versions. */
    public static SSLSocket offering(int port, String serverName, List<String> cipherSuites, String... protocols)
            throws Exception {
        return connect(port, serverName, null, cipherSuites, List.of(), protocols);
    }

    /** A TLS context trusting any certificate. */
    public static SSLContext trustingAny() throws Exception {
        return trustingAny(null);
    }

    /** The JDK's HTTP client, asking for HTTP/2 and trusting any certificate; close it when done. */
    public static HttpClient http2Client() throws Exception {
        return HttpClient.newBuilder().sslContext(trustingAny()).version(HttpClient.Version.HTTP_2).build();
    }

    private static SSLContext trustingAny(KeyManagerFactory keys) throws Exception {
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(keys == null ? null : keys.getKeyManagers(),
                InsecureTrustManagerFactory.INSTANCE.getTrustManagers(), null);
        return context;
    }

    private static SSLSocket connect(int port, String serverName, KeyManagerFactory keys, List<String> cipherSuites,
            List<String> groups, String... protocols) throws Exception {
        SSLContext context = trustingAny(keys);
        SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket("127.0.0.1", port);
        socket.setSoTimeout(10_000);
        SSLParameters parameters = socket.getSSLParameters();
        if (serverName != null) {
            parameters.setServerNames(List.of(new SNIHostName(serverName)));
        }
        if (protocols.length > 0) {
            parameters.setProtocols(protocols);
        }
        if (!cipherSuites.isEmpty()) {
            parameters.setCipherSuites(cipherSuites.toArray(String[]::new));
        }
        if (!groups.isEmpty()) {
            parameters.setNamedGroups(groups.toArray(String[]::new));
        }
        socket.setSSLParameters(parameters);
        socket.startHandshake();
        return socket;
    }

    /** The subject of the certificate the server presented, {@code CN=foo.com}. */
    public static String subject(SSLSocket socket) throws Exception {
        return ((X509Certificate) socket.getSession().getPeerCertificates()[0]).getSubjectX500Principal().getName();
    }
}
