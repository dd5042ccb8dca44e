package io.reseau.ingress.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * {@code openssl s_client}, a TLS client whose sessions can be saved and resumed: it prints {@code New, TLSv1.x} for
 * a full handshake and {@code Reused, TLSv1.x} for a resumed session; with {@code -status}, the OCSP answer the server
 * stapled ({@code OCSP Response Status: successful}, {@code Cert Status: good}) or {@code no response sent}.
 */
public final class OpensslClient {

    private OpensslClient() {
    }

    /**
     * What {@code openssl s_client} prints for a GET of {@code host}'s {@code /} on {@code port} over TLS
     * ({@code version}: {@code -tls1_2} or {@code -tls1_3}), writing its session to {@code session}
     * ({@code -sess_out}) or resuming the one there ({@code -sess_in}).
     */
    public static String get(int port, String host, String version, String sessionOption, Path session)
            throws Exception {
        return get(port, host, version, sessionOption, session.toString());
    }

    /** The same, with these options ({@code -status} asks for the certificate's OCSP answer, say). */
    public static String get(int port, String host, String... options) throws Exception {
        List<String> command = new ArrayList<>(List.of("openssl", "s_client", "-connect", "127.0.0.1:" + port,
                "-servername", host, "-ign_eof"));
        command.addAll(List.of(options));
        Process client = new ProcessBuilder(command).redirectErrorStream(true).start();
        try (OutputStream input = client.getOutputStream()) {
            input.write(("GET / HTTP/1.1\r\nHost: " + host + "\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
        }
        String output = new String(client.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(client.waitFor(10, TimeUnit.SECONDS)).as(output).isTrue();
        return output;
    }
}
