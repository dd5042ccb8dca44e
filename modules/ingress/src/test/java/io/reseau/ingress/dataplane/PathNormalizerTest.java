package io.reseau.ingress.dataplane;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** RFC 3986 normalisation as the proxy applies it before routing; empty means refused (400). */
class PathNormalizerTest {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(nullValues = "REFUSED", value = {
            "/, /",
            "/a/b/c, /a/b/c",
            "/a/b/, /a/b/",
            "//a///b, /a/b",
            "/a/./b/., /a/b/",
            "/a/b/../c, /a/c",
            "/a/.., /",
            "/%61%62, /ab",
            "/%7euser, /~user",
            "/a%2eb, /a.b",
            "/x/%2e%2E/admin, /admin",
            "/a%20b, /a%20b",
            "/a%3fb, /a%3Fb",
            "/%252e%252e/x, /%252e%252e/x",
            "/.well-known/acme-challenge/t, /.well-known/acme-challenge/t",
            "/.., REFUSED",
            "/a/../.., REFUSED",
            "/%2e%2e/etc, REFUSED",
            "/admin%2Fsecret, REFUSED",
            "/a%5Cb, REFUSED",
            "/a%zz, REFUSED",
            "/a%2, REFUSED",
            "relative, REFUSED"})
    void normalisesOnceOrRefuses(String raw, String expected) {
        assertThat(PathNormalizer.normalize(raw).orElse(null)).isEqualTo(expected);
    }
}
