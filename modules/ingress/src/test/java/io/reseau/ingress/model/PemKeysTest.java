package io.reseau.ingress.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Keys as openssl (and so cert-manager, kubectl create secret tls) writes them. */
class PemKeysTest {

    @ParameterizedTest
    @CsvSource({
        "'ecparam -name prime256v1 -genkey -noout', BEGIN EC PRIVATE KEY, EC, SHA256withECDSA",
        "'genrsa -traditional 2048', BEGIN RSA PRIVATE KEY, RSA, SHA256withRSA",
        "'genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-384', BEGIN PRIVATE KEY, EC, SHA384withECDSA",
        "'genpkey -algorithm RSA', BEGIN PRIVATE KEY, RSA, SHA256withRSA",
    })
    void readsTheFormatsSecretsHoldIntoKeysThatSign(String generate, String header, String algorithm,
            String signature) throws Exception {
        String pem = openssl(List.of(generate.split(" ")), "");
        assertThat(pem).contains(header);
        String publicPem = openssl(List.of("pkey", "-pubout"), pem);
        PublicKey publicKey = KeyFactory.getInstance(algorithm).generatePublic(new X509EncodedKeySpec(
                Base64.getMimeDecoder().decode(publicPem.replaceAll("-----[A-Z ]+-----", ""))));

        PrivateKey key = PemKeys.parse(pem.getBytes(StandardCharsets.US_ASCII));

        Signature signer = Signature.getInstance(signature);
        signer.initSign(key);
        signer.update("reseau".getBytes(StandardCharsets.US_ASCII));
        Signature verifier = Signature.getInstance(signature);
        verifier.initVerify(publicKey);
        verifier.update("reseau".getBytes(StandardCharsets.US_ASCII));
        assertThat(verifier.verify(signer.sign())).isTrue();
    }

    @Test
    void aPemWithoutAKeyOrThatIsNotPemIsRefusedWithTheReason() throws Exception {
        String certificateOnly = openssl(List.of("req", "-x509", "-newkey", "ec", "-pkeyopt",
                "ec_paramgen_curve:P-256", "-nodes", "-subj", "/CN=example.com", "-keyout", "/dev/null"), "");
        assertThatThrownBy(() -> PemKeys.parse(certificateOnly.getBytes(StandardCharsets.US_ASCII)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no private key");
        assertThatThrownBy(() -> PemKeys.parse("-----BEGIN PRIVATE KEY-----\nnot base64!\n-----END PRIVATE KEY-----\n"
                .getBytes(StandardCharsets.US_ASCII)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not a readable private key");
    }

    private static String openssl(List<String> arguments, String input) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("openssl"));
        command.addAll(arguments);
        Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        process.getOutputStream().write(input.getBytes(StandardCharsets.US_ASCII));
        process.getOutputStream().close();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
        assertThat(process.waitFor()).as(String.join(" ", command)).isZero();
        return out;
    }
}
