package io.reseau.ingress.admission;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The certificate and key in PEM files, as ingress-nginx's {@code --validating-webhook-certificate} and
 * {@code --validating-webhook-key}: made and renewed by someone else (cert-manager, a Secret mounted by hand), who
 * also sets the webhook configuration's {@code caBundle}.
 */
public record PemFiles(Path certificate, Path key) implements CertificateSource {

    @Override
    public ServedCertificate read() throws IOException {
        return new ServedCertificate(Files.readString(certificate), Files.readString(key));
    }

    @Override
    public String toString() {
        return certificate + " and " + key;
    }
}
