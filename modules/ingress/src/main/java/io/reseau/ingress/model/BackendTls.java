package io.reseau.ingress.model;

import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * {@code proxy-ssl-*}: how reseau checks the certificate of a route's TLS backends ({@code backend-protocol}
 * HTTPS or GRPCS). Without it, as in ingress-nginx by default, any certificate is taken.
 *
 * @param secret      {@code namespace/name} of the Secret holding the authorities
 * @param version     the Secret's resource version: the same Secret version makes the same settings
 * @param verify      whether the backends' certificates are checked ({@code proxy-ssl-verify}); if not, any
 *                    is taken and only {@code certificate} is of use
 * @param authorities the backend's chain must lead to one of these ({@code ca.crt}); none trusts nobody
 * @param name        the name the backend's certificate must carry ({@code proxy-ssl-name}); empty: the
 *                    Service's DNS name, {@code service.namespace.svc}
 * @param serverName  whether that name is sent as SNI ({@code proxy-ssl-server-name})
 * @param depth       how many certificates the backend's chain may have below an authority
 *                    ({@code proxy-ssl-verify-depth}): 1, one the authority issued; 2, one intermediate more
 * @param policy      the TLS versions and cipher suites offered ({@code proxy-ssl-protocols},
 *                    {@code proxy-ssl-ciphers})
 * @param certificate presented to the backends when they ask for one: the same Secret's {@code tls.crt} and
 *                    {@code tls.key}, when it has them
 */
public record BackendTls(String secret, String version, boolean verify, List<X509Certificate> authorities,
        Optional<String> name, boolean serverName, int depth, TlsPolicy policy,
        Optional<TlsCertificate> certificate) {

    public BackendTls {
        authorities = List.copyOf(authorities);
    }

    /**
     * The name the certificate of an endpoint of {@code backend} must carry: {@code proxy-ssl-name}, else an
     * ExternalName Service's name, else the Service's DNS name.
     */
    public String nameFor(Backend backend) {
        return name.or(backend::externalName).orElseGet(() -> backend.service() + "." + backend.namespace() + ".svc");
    }

    /**
     * Equal when made from the same Secret version with the same other settings (the certificates and the key
     * follow).
     */
    @Override
    public boolean equals(Object other) {
        return other instanceof BackendTls that && secret.equals(that.secret) && version.equals(that.version)
                && verify == that.verify && name.equals(that.name) && serverName == that.serverName
                && depth == that.depth && policy.equals(that.policy);
    }

    @Override
    public int hashCode() {
        return Objects.hash(secret, version, verify, name, serverName, depth, policy);
    }
}
