package io.reseau.ingress.dataplane;

import java.io.IOException;
import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.List;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * The trust of a context that checks backends ({@code proxy-ssl-verify}): the JDK's check against the authorities
 * (the chain, and the name when the engine asks for it), then a path no longer than {@code depth}
 * ({@code proxy-ssl-verify-depth}, counted as {@link PresentedChain} does). Without authorities (a Secret without
 * a readable {@code ca.crt}) no backend passes.
 */
final class DepthLimitedTrustManagerFactory extends OneTrustManagerFactory {

    DepthLimitedTrustManagerFactory(List<X509Certificate> authorities, int depth) {
        super(limited(authorities, depth));
    }

    private static X509ExtendedTrustManager limited(List<X509Certificate> authorities, int depth) {
        X509ExtendedTrustManager jdk = authorities.isEmpty() ? null : authoritiesOnly(authorities);
        return new X509ExtendedTrustManager() {
            @Override
            public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
                    throws CertificateException {
                trusted().checkServerTrusted(chain, authType, engine);
                limit(chain);
            }

            @Override
            public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
                    throws CertificateException {
                trusted().checkServerTrusted(chain, authType, socket);
                limit(chain);
            }

            @Override
            public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
                trusted().checkServerTrusted(chain, authType);
                limit(chain);
            }

            private X509ExtendedTrustManager trusted() throws CertificateException {
                if (jdk == null) {
                    throw new CertificateException("no authority is trusted: proxy-ssl-secret has no readable ca.crt");
                }
                return jdk;
            }

            private void limit(X509Certificate[] chain) throws CertificateException {
                int length = PresentedChain.withoutRoots(chain).size();
                if (length > depth) {
                    throw new CertificateException("the backend's chain has " + length + " certificates below its"
                            + " authority; proxy-ssl-verify-depth allows " + depth);
                }
            }

            @Override
            public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
                    throws CertificateException {
                checkClientTrusted(chain, authType);
            }

            @Override
            public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket)
                    throws CertificateException {
                checkClientTrusted(chain, authType);
            }

            @Override
            public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
                throw new CertificateException("a backend context does not check clients");
            }

            @Override
            public X509Certificate[] getAcceptedIssuers() {
                return authorities.toArray(X509Certificate[]::new);
            }
        };
    }

    private static X509ExtendedTrustManager authoritiesOnly(List<X509Certificate> authorities) {
        try {
            KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
            store.load(null, null);
            for (int i = 0; i < authorities.size(); i++) {
                store.setCertificateEntry("authority-" + i, authorities.get(i));
            }
            TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            factory.init(store);
            for (TrustManager manager : factory.getTrustManagers()) {
                if (manager instanceof X509ExtendedTrustManager x509) {
                    return x509;
                }
            }
            throw new IllegalStateException("the JDK offers no X.509 trust manager");
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("cannot hold the backends' authorities", e);
        }
    }
}
