package io.reseau.ingress.report;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.reseau.ingress.model.ObjectKey;
import io.reseau.ingress.model.PemCertificates;
import io.reseau.ingress.model.RoutingTable;
import io.reseau.ingress.model.TlsCertificate;
import java.security.cert.CertificateException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * When the certificates served expire, as ingress-nginx's {@code nginx_ingress_controller_ssl_expire_time_seconds}
 * (for alerts such as {@code reseau_ingress_ssl_expire_time_seconds - time() < 7 * 86400}): one gauge per name served
 * with a Secret's certificate ({@code host}: exact, or {@code *.domain}), and one for the controller's
 * {@code default-ssl-certificate} ({@code host="_"}, nginx's name of the catch-all server), labelled with the Secret
 * ({@code namespace}, {@code secret_name}), whose value is the end of the first certificate of the chain in Unix
 * seconds. A certificate that cannot be read has none: the data plane reports it on its Secret. Each Secret version is
 * read once.
 */
public final class CertificateExpiry {

    /** nginx's name of the catch-all server, for the controller's default certificate. */
    static final String DEFAULT_HOST = "_";

    /** A name served with a Secret's certificate, and when that certificate ends. */
    record Served(String host, String secret, Instant notAfter) {
    }

    private final MultiGauge gauge;
    /** The ends of the certificates of the last table, by Secret version; empty: not readable. */
    private Map<String, Optional<Instant>> read = Map.of();
    /** What the gauges show: registering them again on every sync, when nothing changed, would be wasted. */
    private List<Served> shown = List.of();

    public CertificateExpiry(MeterRegistry registry) {
        this.gauge = MultiGauge.builder("reseau.ingress.ssl.expire.time").baseUnit("seconds")
                .description("when the certificate served for a host expires, in Unix seconds").register(registry);
    }

    /** Makes the gauges those of this table's certificates; the others are removed. Not thread-safe. */
    public void update(RoutingTable table) {
        Map<String, Optional<Instant>> next = new HashMap<>();
        List<Served> served = served(table, certificate -> next.computeIfAbsent(
                certificate.secret() + "@" + certificate.version(),
                version -> read.containsKey(version) ? read.get(version) : notAfter(certificate)));
        read = next;
        if (served.equals(shown)) {
            return;
        }
        shown = served;
        gauge.register(served.stream().map(name -> {
            ObjectKey secret = ObjectKey.parse("a certificate's secret", name.secret());
            return MultiGauge.Row.of(Tags.of("host", name.host(), "namespace", secret.namespace(),
                    "secret_name", secret.name()), name.notAfter().getEpochSecond());
        }).toList(), true);
    }

    /** The names a table serves with a Secret's certificate, in order of name, with their certificate's end. */
    static List<Served> served(RoutingTable table, Function<TlsCertificate, Optional<Instant>> notAfter) {
        List<Served> served = new ArrayList<>();
        table.exactCertificates().forEach((host, certificate) ->
                notAfter.apply(certificate).ifPresent(end -> served.add(new Served(host, certificate.secret(), end))));
        table.wildcardCertificates().forEach((domain, certificate) -> notAfter.apply(certificate)
                .ifPresent(end -> served.add(new Served("*." + domain, certificate.secret(), end))));
        table.defaultCertificate().ifPresent(certificate -> notAfter.apply(certificate)
                .ifPresent(end -> served.add(new Served(DEFAULT_HOST, certificate.secret(), end))));
        served.sort(Comparator.comparing(Served::host));
        return served;
    }

    /** The end of the chain's first certificate, or empty when the chain cannot be read. */
    static Optional<Instant> notAfter(TlsCertificate certificate) {
        try {
            return PemCertificates.parse(certificate.certificateChain()).stream().findFirst()
                    .map(first -> first.getNotAfter().toInstant());
        } catch (CertificateException e) {
            return Optional.empty();
        }
    }
}
