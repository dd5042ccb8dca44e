package io.reseau.ingress.dataplane;

import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;

/** What a peer presents in a handshake, read as the path to validate. */
final class PresentedChain {

    private PresentedChain() {
    }

    /**
     * The peer's certificate and the intermediates after it, without a root some peers send along (self-signed:
     * never part of a path, the authorities are the anchors). Its length is what a verify depth limits: depth 1
     * takes a certificate its authority issued, 2 one intermediate more (nginx's {@code *_verify_depth}).
     */
    static List<X509Certificate> withoutRoots(Certificate[] presented) {
        List<X509Certificate> chain = new ArrayList<>();
        for (Certificate certificate : presented) {
            if (certificate instanceof X509Certificate x509 && (chain.isEmpty()
                    || !x509.getSubjectX500Principal().equals(x509.getIssuerX500Principal()))) {
                chain.add(x509);
            }
        }
        return chain;
    }
}
