package io.reseau.ingress.admission;

import java.io.IOException;

/** Where the webhook's certificate and key come from; read at start and again each reload period. */
public interface CertificateSource {

    /** The certificate and key to serve now; an error says what could not be read. */
    ServedCertificate read() throws IOException;
}
