package io.reseau.ingress.dataplane;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpHeaders;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** nginx's gzip filter's rules, as ingress-nginx configures it (min length 256, its default types), for both codings. */
class CompressionTest {

    private final Compression gzip = Compression.of(Compression.Coding.GZIP, 1, 256, Compression.DEFAULT_TYPES);

    @ParameterizedTest(name = "{0} {2} encoding={3} length={4} head={1}: {5}")
    @CsvSource(nullValues = "null", value = {
        "200, false, text/plain,                null, 1000, true",
        "200, false, text/html; charset=utf-8,  null, 1000, true",
        "200, false, TEXT/CSS,                  null, 1000, true",
        "200, false, application/json,         null,   -1, true",
        "403, false, text/plain,                null, 1000, true",
        "404, false, text/plain,                null, 1000, true",
        "200, false, text/plain,                null,  256, true",
        "200, false, text/plain,                null,  255, false",
        "200, false, text/plain,                null,    0, false",
        "500, false, text/plain,                null, 1000, false",
        "206, false, text/plain,                null, 1000, false",
        "301, false, text/html,                 null, 1000, false",
        "200, true,  text/plain,                null, 1000, false",
        "200, false, text/plain,                br,   1000, false",
        "200, false, text/plain,                gzip, 1000, false",
        "200, false, image/png,                 null, 1000, false",
        "200, false, application/octet-stream,  null, 1000, false",
        "200, false, null,                      null, 1000, false",
        "200, false, '',                        null, 1000, false",
    })
    void compressesWhatNginxWould(int status, boolean head, String type, String encoding, long length,
            boolean compressed) {
        assertThat(gzip.compressible(status, head, type, encoding, length)).isEqualTo(compressed);
    }

    @Test
    void anyTypeWithAStarAndTextHtmlAlways() {
        Compression any = Compression.of(Compression.Coding.GZIP, 6, 0, "*");
        Compression jsonOnly = Compression.of(Compression.Coding.BROTLI, 6, 0, "application/json");

        assertThat(any.compressible(200, false, "application/octet-stream", null, 10)).isTrue();
        assertThat(any.compressible(200, false, "application/grpc", null, 10)).isFalse();
        assertThat(any.compressible(200, false, "application/grpc+proto", null, 10)).isFalse();
        assertThat(jsonOnly.compressible(200, false, "text/html", null, 10)).isTrue();
        assertThat(jsonOnly.compressible(200, false, "text/plain", null, 10)).isFalse();
        assertThat(jsonOnly.compressible(200, false, "application/json", null, 0)).isTrue();
    }

    @ParameterizedTest(name = "{0}, Accept-Encoding: {1} -> {2}")
    @CsvSource(delimiter = '|', value = {
        "GZIP   | gzip                          | true",
        "GZIP   | GZIP                          | true",
        "GZIP   | gzip, deflate, br             | true",
        "GZIP   | br;q=1.0, gzip;q=0.8, *;q=0.1 | true",
        "GZIP   | gzip;q=0.001                  | true",
        "GZIP   | gzip; Q=1                     | true",
        "GZIP   | gzip;q=0                      | false",
        "GZIP   | gzip;q=0.000                  | false",
        "GZIP   | gzip;q=nonsense               | false",
        "GZIP   | deflate, br                   | false",
        "GZIP   | *                             | false",
        "GZIP   | x-gzipped                     | false",
        "GZIP   | identity                      | false",
        "BROTLI | gzip, deflate, br             | true",
        "BROTLI | BR                            | true",
        "BROTLI | br;q=0, gzip                  | false",
        "BROTLI | brotli                        | false",
        "BROTLI | gzip                          | false",
    })
    void acceptedWhenItsTokenIsNamedWithAQualityAboveZero(Compression.Coding coding, String acceptEncoding,
            boolean accepted) {
        assertThat(Compression.accepted(coding, List.of(acceptEncoding))).isEqualTo(accepted);
    }

    @Test
    void acceptedFromAnyOfSeveralFieldsAndNotWithoutOne() {
        assertThat(Compression.accepted(Compression.Coding.GZIP, List.of("br", "gzip"))).isTrue();
        assertThat(Compression.accepted(Compression.Coding.GZIP, List.of())).isFalse();
    }

    @Test
    void varyNamesAcceptEncodingOnce() {
        HttpHeaders none = new DefaultHttpHeaders();
        HttpHeaders origin = new DefaultHttpHeaders().add("Vary", "Origin");
        HttpHeaders already = new DefaultHttpHeaders().add("Vary", "Origin, accept-encoding");
        HttpHeaders star = new DefaultHttpHeaders().add("Vary", "*");

        List.of(none, origin, already, star).forEach(Compression::addVary);

        assertThat(none.getAll("Vary")).containsExactly("Accept-Encoding");
        assertThat(origin.getAll("Vary")).containsExactly("Origin", "Accept-Encoding");
        assertThat(already.getAll("Vary")).containsExactly("Origin, accept-encoding");
        assertThat(star.getAll("Vary")).containsExactly("*");
    }

    @Test
    void aCompressedResponseLosesItsLengthAndRangesAndItsStrongEtag() {
        HttpHeaders strong = new DefaultHttpHeaders().add("Content-Length", "1000").add("Accept-Ranges", "bytes")
                .add("ETag", "\"abc\"").add("Content-Type", "text/plain");
        HttpHeaders weak = new DefaultHttpHeaders().add("ETag", "W/\"abc\"");
        HttpHeaders odd = new DefaultHttpHeaders().add("ETag", "abc");

        List.of(strong, weak, odd).forEach(fields -> Compression.markCompressed(fields, Compression.Coding.GZIP));

        assertThat(strong.get("Content-Encoding")).isEqualTo("gzip");
        assertThat(strong.contains("Content-Length")).isFalse();
        assertThat(strong.contains("Accept-Ranges")).isFalse();
        assertThat(strong.get("ETag")).isEqualTo("W/\"abc\"");
        assertThat(strong.get("Content-Type")).isEqualTo("text/plain");
        assertThat(weak.get("ETag")).isEqualTo("W/\"abc\"");
        assertThat(odd.contains("ETag")).isFalse();
    }

    @Test
    void settingsOutOfRangeAreRefusedByName() {
        assertThatThrownBy(() -> Compression.of(Compression.Coding.GZIP, 0, 256, "text/plain"))
                .hasMessageContaining("gzip-level");
        assertThatThrownBy(() -> Compression.of(Compression.Coding.GZIP, 10, 256, "text/plain"))
                .hasMessageContaining("gzip-level");
        assertThatThrownBy(() -> Compression.of(Compression.Coding.GZIP, 1, -1, "text/plain"))
                .hasMessageContaining("gzip-min-length");
        assertThatThrownBy(() -> Compression.of(Compression.Coding.BROTLI, 12, 20, "text/plain"))
                .hasMessageContaining("brotli-level must be 0 to 11");
        assertThat(Compression.of(Compression.Coding.BROTLI, 0, 20, "text/plain").level()).isZero();
    }

    @Test
    void typesAreSplitOnSpacesOrCommasAndLowerCased() {
        assertThat(Compression.of(Compression.Coding.GZIP, 1, 0, " Application/JSON,text/css  image/svg+xml ").types())
                .containsExactlyInAnyOrder("application/json", "text/css", "image/svg+xml");
    }

    @Test
    void gzipDisableIsAListOfRegularExpressionsAndABadOneSaysSo() {
        assertThat(gzip.withDisabledFor("  ").disabledFor()).isEmpty();
        assertThat(gzip.withDisabledFor("msie6 Lynx").refuses("lynx/2.9")).isTrue();
        assertThat(gzip.withDisabledFor("msie6 Lynx").refuses(null)).isFalse();
        assertThatThrownBy(() -> gzip.withDisabledFor("msie6 (unclosed"))
                .hasMessageStartingWith("'msie6 (unclosed' is not a list of regular expressions: ");
    }
}
