package io.reseau.ingress.report;

import static io.reseau.ingress.testing.Objects.ingress;
import static io.reseau.ingress.testing.Objects.path;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.IngressBuilder;
import io.micrometer.prometheus.PrometheusConfig;
import io.micrometer.prometheus.PrometheusMeterRegistry;
import io.netty.handler.ssl.util.SelfSignedCertificate;
import io.reseau.ingress.compute.IngressTranslation;
import io.reseau.ingress.model.Locality;
import io.reseau.ingress.model.ObjectKey;
import io.reseau.ingress.testing.Objects;
import io.reseau.ingress.testing.Routes;
import java.nio.file.Files;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class CertificateExpiryTest {

    private static final Instant SHOP_END = Instant.parse("2027-03-01T12:00:00Z");
    private static final Instant WILDCARD_END = Instant.parse("2027-01-15T00:00:00Z");
    private static final Instant FALLBACK_END = Instant.parse("2028-06-30T00:00:00Z");

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final CertificateExpiry expiry = new CertificateExpiry(registry);

    @Test
    void eachHostServedWithASecretsCertificateHasItsEndTheDefaultOneAsUnderscore() throws Exception {
        Routes routes = served()
                .secret(Objects.tlsSecret("certs", "fallback", pem(FALLBACK_END)[0], pem(FALLBACK_END)[1]))
                .secret(Objects.tlsSecret("default", "broken", "not a certificate", "nor a key"))
                .ingress(tls(ingress("default", "old", "old.example", path("Prefix", "/", "web", 80)), "broken",
                        "old.example"));

        expiry.update(routes.table(new IngressTranslation.Settings(
                Routes.SETTINGS.classes(), Routes.SETTINGS.defaults(),
                Optional.empty(), Set.of(), Optional.of(new ObjectKey("certs", "fallback")), Set.of(), true, List.of(),
                Locality.UNKNOWN)));

        assertThat(registry.scrape().lines().filter(line -> line.startsWith("reseau_ingress_ssl_expire_time_seconds{")))
                .containsExactly(
                        gauge("*.apps.example", "default", "apps-tls", WILDCARD_END),
                        gauge("_", "certs", "fallback", FALLBACK_END),
                        gauge("shop.example", "default", "shop-tls", SHOP_END));
    }

    @Test
    void aHostNoLongerServedOverTlsLosesItsGauge() throws Exception {
        expiry.update(served().table());
        expiry.update(new Routes().service("web", 8080, "10.0.0.1")
                .ingress(ingress("default", "shop", "shop.example", path("Prefix", "/", "web", 80))).table());

        assertThat(registry.scrape()).doesNotContain("reseau_ingress_ssl_expire_time_seconds{");
    }

    /** shop.example and *.apps.example over TLS, each with its Secret's certificate. */
    private static Routes served() throws Exception {
        String[] shop = pem(SHOP_END);
        String[] apps = pem(WILDCARD_END);
        return new Routes().service("web", 8080, "10.0.0.1")
                .secret(Objects.tlsSecret("default", "shop-tls", shop[0], shop[1]))
                .secret(Objects.tlsSecret("default", "apps-tls", apps[0], apps[1]))
                .ingress(tls(ingress("default", "shop", "shop.example", path("Prefix", "/", "web", 80)), "shop-tls",
                        "shop.example"))
                .ingress(tls(ingress("default", "apps", "*.apps.example", path("Prefix", "/", "web", 80)), "apps-tls",
                        "*.apps.example"));
    }

    private static Ingress tls(Ingress ingress, String secret, String host) {
        return new IngressBuilder(ingress).editSpec().addNewTl().withHosts(host).withSecretName(secret).endTl()
                .endSpec().build();
    }

    /** A certificate ending then and its key, PEM. */
    private static String[] pem(Instant notAfter) throws Exception {
        SelfSignedCertificate certificate = new SelfSignedCertificate("example", Date.from(notAfter.minusSeconds(
                86_400 * 90)), Date.from(notAfter), "EC", 256);
        try {
            return new String[] {Files.readString(certificate.certificate().toPath()),
                Files.readString(certificate.privateKey().toPath())};
        } finally {
            certificate.delete();
        }
    }

    private static String gauge(String host, String namespace, String secret, Instant end) {
        return "reseau_ingress_ssl_expire_time_seconds{host=\"" + host + "\",namespace=\"" + namespace
                + "\",secret_name=\"" + secret + "\",} " + (double) end.getEpochSecond();
    }
}
