package io.reseau.ingress.dataplane;

import io.netty.handler.ssl.util.SimpleTrustManagerFactory;
import java.security.KeyStore;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.List;
import javax.net.ssl.ManagerFactoryParameters;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;

/**
 * The trust of a context that asks clients for a certificate ({@code auth-tls-*}): any certificate is taken during
 * the handshake, which proves the client holds its key, and each request is judged by {@link ClientCertificates};
 * the host's authorities are named to the client (TLS's list of acceptable authorities, as nginx's
 * {@code ssl_client_certificate} sends it), so that a client holding several certificates offers one they issued.
 */
final class AuthorityNamingTrustManagerFactory extends SimpleTrustManagerFactory {

    private final TrustManager manager;

    AuthorityNamingTrustManagerFactory(List<X509Certificate> authorities) {
        X509Certificate[] named = authorities.toArray(X509Certificate[]::new);
        this.manager = new X509TrustManager() {
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

    @Override
    protected void engineInit(KeyStore keyStore) {
    }

    @Override
    protected void engineInit(ManagerFactoryParameters parameters) {
    }

    @Override
    protected TrustManager[] engineGetTrustManagers() {
        return new TrustManager[] {manager};
    }
}
