package io.reseau.ingress.dataplane;

import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.List;
import javax.net.ssl.X509TrustManager;

/**
 * The trust of a context that asks clients for a certificate ({@code auth-tls-*}): any certificate is taken during
 * the handshake, which proves the client holds its key, and each request is judged by {@link ClientCertificates};
 * the host's authorities are named to the client (TLS's list of acceptable authorities, as nginx's
 * {@code ssl_client_certificate} sends it), so that a client holding several certificates offers one they issued.
 */
final class AuthorityNamingTrustManagerFactory extends OneTrustManagerFactory {

    AuthorityNamingTrustManagerFactory(List<X509Certificate> authorities) {
        super(naming(authorities.toArray(X509Certificate[]::new)));
    }

    private static X509TrustManager naming(X509Certificate[] named) {
        return new X509TrustManager() {
            @Override
            public void checkClientTrusted(X509Certificate[] chain, String authType) {
                // Judged per request, by ClientCertificates.
            }

            @Override
            public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
                throw new CertificateException("a server context does not check servers");
            }

            @Override
            public X509Certificate[] getAcceptedIssuers() {
                return named.clone();
            }
        };
    }
}
