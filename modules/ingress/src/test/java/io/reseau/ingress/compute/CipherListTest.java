package io.reseau.ingress.compute;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.handler.ssl.CipherSuiteConverter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * OpenSSL's cipher lists read as OpenSSL itself reads them: each list is also given to this machine's
 * {@code openssl ciphers}, and the suites reseau may offer must come out the same, in the same order.
 */
class CipherListTest {

    /** The suites reseau may offer, in OpenSSL's order for ALL. */
    private static final List<String> OFFERED = CipherList.read("test", "ALL", message -> {
        throw new AssertionError(message);
    });

    /** What {@code openssl ciphers} selects, by IANA name, among the suites reseau may offer. */
    private static List<String> openssl(String list) throws IOException, InterruptedException {
        Process openssl = new ProcessBuilder("openssl", "ciphers", list).redirectErrorStream(true).start();
        String output = new String(openssl.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).strip();
        assertThat(openssl.waitFor()).as(output).isZero();
        return Arrays.stream(output.split(":")).map(name -> CipherSuiteConverter.toJava(name, "TLS"))
                .filter(OFFERED::contains).toList();
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "ALL",
        "HIGH:!aNULL:!MD5",
        "DEFAULT:!SHA1",
        "ECDHE+AESGCM:ECDHE+CHACHA20",
        "EECDH+AESGCM:EDH+AESGCM",
        "HIGH:!aNULL:!MD5:!SHA1:@STRENGTH",
        "ECDHE:-aRSA:kRSA:+AES256",
        "ALL:!RSA:!DHE:+SHA1",
        "AES128-SHA:ECDHE-RSA-AES256-GCM-SHA384:HIGH",
        "ALL:-ALL:ECDHE-ECDSA-AES128-GCM-SHA256:HIGH",
        "AESGCM:-ECDSA:AESGCM",
        "TLSv1.2:!SHA256:!SHA384",
        "ECDH+AESGCM:DH+AESGCM:ECDH+AES256:DH+AES256:ECDH+AES128:DH+AES:RSA+AESGCM:RSA+AES:!aNULL:!MD5:!DSS",
        "kEECDH+ECDSA+AES128:kEECDH+ECDSA+AES256:kEECDH+AES128:kEECDH+AES256:kEDH+AES128:kEDH+AES256:DES-CBC3-SHA"
                + ":+SHA:!aNULL:!eNULL:!LOW:!kECDH:!DSS:!MD5:!EXP:!PSK:!SRP:!CAMELLIA:!SEED",
        "ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-RSA-AES128-GCM-SHA256:ECDHE-ECDSA-AES256-GCM-SHA384"
                + ":ECDHE-RSA-AES256-GCM-SHA384:ECDHE-ECDSA-CHACHA20-POLY1305:ECDHE-RSA-CHACHA20-POLY1305"
                + ":DHE-RSA-AES128-GCM-SHA256:DHE-RSA-AES256-GCM-SHA384",
        "CHACHA20:AES256:@STRENGTH:+aRSA",
        "ECDSA:aECDSA:!SHA384 RSA",
        "HIGH,!kRSA,!SHA1,+AES128"
    })
    void selectsWhatOpenSslSelectsInItsOrder(String list) throws Exception {
        List<String> leftOut = new ArrayList<>();

        List<String> read = CipherList.read("ssl-ciphers", list, leftOut::add);

        assertThat(read.stream().filter(OFFERED::contains).toList()).isEqualTo(openssl(list));
        assertThat(leftOut).isEmpty();
    }
}
