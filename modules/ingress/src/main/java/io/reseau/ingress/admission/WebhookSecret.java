package io.reseau.ingress.admission;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingWebhook;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingWebhookConfiguration;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.WebhookClientConfig;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.reseau.ingress.model.GeneratedCertificate;
import io.reseau.ingress.model.ObjectKey;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Stream;
import org.jboss.logging.Logger;

/**
 * The webhook's certificate kept by reseau itself in a Secret, for a cluster without a certificate manager: made
 * (with an authority of its own, {@link GeneratedCertificate}) by the first replica that finds the Secret missing,
 * for the DNS names of the Services the ValidatingWebhookConfiguration sends reviews to; that authority is then set
 * as the configuration's {@code caBundle}, and set again whenever it differs. So the chart needs no Helm
 * {@code lookup}, which renders a new certificate at each {@code helm template} (Argo CD, Flux), and no Job.
 * A Secret put there by someone else (cert-manager) is served as it is, its {@code ca.crt} becoming the caBundle.
 */
public final class WebhookSecret implements CertificateSource {

    private static final Logger LOG = Logger.getLogger(WebhookSecret.class);

    /** How long a generated certificate is valid. */
    private static final Duration VALIDITY = Duration.ofDays(3650);

    private final KubernetesClient client;
    private final ObjectKey secret;
    private final String configuration;

    public WebhookSecret(KubernetesClient client, ObjectKey secret, String configuration) {
        this.client = client;
        this.secret = secret;
        this.configuration = configuration;
    }

    @Override
    public ServedCertificate read() throws IOException {
        try {
            Resource<ValidatingWebhookConfiguration> webhooks = client.admissionRegistration().v1()
                    .validatingWebhookConfigurations().withName(configuration);
            ValidatingWebhookConfiguration registered = Optional.ofNullable(webhooks.get()).orElseThrow(
                    () -> new IOException("ValidatingWebhookConfiguration " + configuration + " not found"));
            Secret stored = stored();
            if (stored == null) {
                stored = create(dnsNames(registered));
            }
            String authority = field(stored, "ca.crt");
            if (registered.getWebhooks().stream().anyMatch(webhook -> !authority.equals(
                    webhook.getClientConfig().getCaBundle()))) {
                webhooks.edit(current -> {
                    current.getWebhooks().forEach(webhook -> webhook.getClientConfig().setCaBundle(authority));
                    return current;
                });
                LOG.infof("validating-webhook: caBundle of %s set to the authority of Secret %s", configuration,
                        secret);
            }
            return new ServedCertificate(decoded(stored, "tls.crt"), decoded(stored, "tls.key"));
        } catch (KubernetesClientException e) {
            throw new IOException("cannot read Secret " + secret + " or ValidatingWebhookConfiguration "
                    + configuration + ": " + e.getMessage(), e);
        }
    }

    private Secret stored() {
        return client.secrets().inNamespace(secret.namespace()).withName(secret.name()).get();
    }

    /** The names the certificate is for: each Service the webhooks are sent to, as its cluster DNS names. */
    private List<String> dnsNames(ValidatingWebhookConfiguration registered) throws IOException {
        List<String> names = registered.getWebhooks().stream().map(ValidatingWebhook::getClientConfig)
                .map(WebhookClientConfig::getService).filter(Objects::nonNull)
                .map(service -> service.getName() + "." + service.getNamespace() + ".svc")
                .flatMap(name -> Stream.of(name, name + ".cluster.local")).distinct().toList();
        if (names.isEmpty()) {
            throw new IOException("ValidatingWebhookConfiguration " + configuration
                    + " sends reviews to no Service: no name to make a certificate for");
        }
        return names;
    }

    /** Makes and stores the certificate; if another replica stored one first, that one. */
    private Secret create(List<String> names) {
        GeneratedCertificate generated = GeneratedCertificate.issue(names, Instant.now(), VALIDITY);
        Base64.Encoder base64 = Base64.getEncoder();
        Secret made = new SecretBuilder().withNewMetadata().withNamespace(secret.namespace())
                .withName(secret.name()).addToLabels("app.kubernetes.io/managed-by", "reseau-ingress").endMetadata()
                .withType("kubernetes.io/tls")
                .addToData("ca.crt", base64.encodeToString(bytes(generated.authorityPem())))
                .addToData("tls.crt", base64.encodeToString(bytes(generated.certificatePem())))
                .addToData("tls.key", base64.encodeToString(bytes(generated.keyPem()))).build();
        try {
            Secret created = client.secrets().resource(made).create();
            LOG.infof("validating-webhook: certificate for %s made and kept in Secret %s", names, secret);
            return created;
        } catch (KubernetesClientException e) {
            if (e.getCode() == 409) {
                return stored();
            }
            throw e;
        }
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }

    /** A data field as stored (base64); a Secret without it is an error naming it. */
    private String field(Secret stored, String key) throws IOException {
        String value = stored.getData() == null ? null : stored.getData().get(key);
        if (value == null || value.isEmpty()) {
            throw new IOException("Secret " + secret + " has no " + key);
        }
        return value;
    }

    private String decoded(Secret stored, String key) throws IOException {
        try {
            return new String(Base64.getDecoder().decode(field(stored, key)), StandardCharsets.US_ASCII);
        } catch (IllegalArgumentException e) {
            throw new IOException("Secret " + secret + ": " + key + " is not base64", e);
        }
    }

    @Override
    public String toString() {
        return "Secret " + secret;
    }
}
