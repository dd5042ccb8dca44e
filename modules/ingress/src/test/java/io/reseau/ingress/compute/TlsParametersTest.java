package io.reseau.ingress.compute;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** nginx's TLS versions and OpenSSL's cipher lists, read. */
class TlsParametersTest {

    private final List<String> leftOut = new ArrayList<>();

    @Test
    void cipherSuitesAreNamedAsOpenSslOrIanaNameThem() {
        assertThat(TlsParameters.cipherSuites("ssl-ciphers",
                "ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-RSA-CHACHA20-POLY1305: TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384",
                leftOut::add)).containsExactly("TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256",
                "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256", "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384");
        assertThat(leftOut).isEmpty();
    }

    @Test
    void opensslKeywordsAndOperatorsSelectAsOpenSslDoes() {
        assertThat(TlsParameters.cipherSuites("proxy-ssl-ciphers", "ECDHE+AESGCM:!ECDSA:ECDHE-RSA-AES128-SHA",
                leftOut::add)).containsExactly("TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384",
                "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256", "TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA");
        assertThat(leftOut).isEmpty();
    }

    @Test
    void whatIsNeitherASuiteNorAKeywordIsReportedAndLeftOut() {
        assertThat(TlsParameters.cipherSuites("proxy-ssl-ciphers", "HIGHEST:ECDHE+AES256+SHA384:@SECLEVEL=2",
                leftOut::add)).containsExactly("TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA384",
                "TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA384");
        assertThat(leftOut).containsExactly(
                "proxy-ssl-ciphers: HIGHEST is not the name of a cipher suite or an OpenSSL keyword",
                "proxy-ssl-ciphers: @SECLEVEL=2 is not read (only @STRENGTH is)");
    }

    @Test
    void defaultNothingAndTls13SuitesAloneLeaveTheDefaults() {
        assertThat(TlsParameters.cipherSuites("ssl-ciphers", "DEFAULT", leftOut::add)).isEmpty();
        assertThat(TlsParameters.cipherSuites("ssl-ciphers", "", leftOut::add)).isEmpty();
        assertThat(leftOut).isEmpty();
        assertThat(TlsParameters.cipherSuites("ssl-ciphers", "TLS_AES_128_GCM_SHA256", leftOut::add)).isEmpty();
        assertThat(leftOut).containsExactly("ssl-ciphers: 'TLS_AES_128_GCM_SHA256' selects no TLS 1.2 cipher suite;"
                + " the defaults are offered");
    }

    @Test
    void versionsOtherThanTls12And13AreReportedAndLeftOut() {
        assertThat(TlsParameters.protocols("ssl-protocols", "TLSv1.3", leftOut::add)).containsExactly("TLSv1.3");
        assertThat(TlsParameters.protocols("ssl-protocols", "TLSv1 TLSv1.1 TLSv1.2", leftOut::add))
                .containsExactly("TLSv1.2");
        assertThat(TlsParameters.protocols("ssl-protocols", "SSLv3", leftOut::add))
                .containsExactly("TLSv1.2", "TLSv1.3");
        assertThat(leftOut).containsExactly("ssl-protocols: TLSv1 is not offered (TLSv1.2 and TLSv1.3 are)",
                "ssl-protocols: TLSv1.1 is not offered (TLSv1.2 and TLSv1.3 are)",
                "ssl-protocols: SSLv3 is not offered (TLSv1.2 and TLSv1.3 are)");
    }

    @Test
    void curvesAreNamedAsNginxAndOpenSslNameThemAndOthersAreReportedAndLeftOut() {
        assertThat(TlsParameters.curves("ssl-ecdh-curve", "X25519:prime256v1:secp384r1", leftOut::add))
                .containsExactly("X25519", "P-256", "P-384");
        assertThat(TlsParameters.curves("ssl-ecdh-curve", "P-521:secp256r1:X448:prime256v1", leftOut::add))
                .containsExactly("P-521", "P-256");
        assertThat(TlsParameters.curves("ssl-ecdh-curve", "auto", leftOut::add)).isEmpty();
        assertThat(TlsParameters.curves("ssl-ecdh-curve", "brainpoolP256r1", leftOut::add)).isEmpty();
        assertThat(leftOut).containsExactly("ssl-ecdh-curve: X448 is not offered (X25519, prime256v1, secp384r1,"
                        + " secp521r1 and X25519MLKEM768 are)",
                "ssl-ecdh-curve: brainpoolP256r1 is not offered (X25519, prime256v1, secp384r1, secp521r1 and"
                        + " X25519MLKEM768 are)",
                "ssl-ecdh-curve: 'brainpoolP256r1' names no group reseau offers; its defaults are offered");
    }
}
