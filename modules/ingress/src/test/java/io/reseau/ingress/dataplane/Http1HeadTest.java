package io.reseau.ingress.dataplane;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.util.AsciiString;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class Http1HeadTest {

    private static ByteBuf bytes(String text) {
        return Unpooled.copiedBuffer(text, StandardCharsets.ISO_8859_1);
    }

    private static Http1Head request() {
        return Http1Head.request(100, 400, false);
    }

    @Test
    void aRequestHeadIsFoundInPlaceWithItsPartsAndFramingFields() throws Exception {
        String head = "GET /a?b=1 HTTP/1.1\r\nHost: foo.com\r\nX-Padded: \t some value \t\r\nContent-Length: 12\r\n"
                + "Content-Length: 12\r\nConnection: keep-alive, Upgrade\r\n\r\n";
        ByteBuf buf = bytes(head + "twelve bytes");
        Http1Head scanned = request();

        assertThat(scanned.scan(buf)).isEqualTo(head.length());

        assertThat(buf.readerIndex()).isZero();
        assertThat(scanned.method()).isSameAs(HttpMethod.GET);
        assertThat(scanned.target()).isEqualTo("/a?b=1");
        assertThat(scanned.minorVersion()).isEqualTo(1);
        assertThat(scanned.fieldCount()).isEqualTo(5);
        assertThat(scanned.nameBytes(1).toString()).isEqualTo("X-Padded");
        assertThat(scanned.value(1)).isEqualTo("some value");
        assertThat(scanned.nameIs(2, AsciiString.of("content-length"))).isTrue();
        ByteBuf line = Unpooled.buffer();
        scanned.writeFieldLine(line, 1);
        assertThat(line.toString(StandardCharsets.ISO_8859_1)).isEqualTo("X-Padded: \t some value \t\r\n");
        assertThat(scanned.host()).isEqualTo("foo.com");
        assertThat(scanned.contentLength()).isEqualTo(12);
        assertThat(scanned.transferEncodings()).isZero();
        assertThat(scanned.persistent()).isTrue();
        assertThat(scanned.connectionUpgrade()).isTrue();
    }

    @Test
    void aFieldWhoseNameHoldsAnUnderscoreIsCheckedAndSkippedUnlessAllowed() throws Exception {
        String head = "GET / HTTP/1.1\r\nHost: a\r\nX_Forwarded_For: 6.6.6.6\r\nAccept: */*\r\n\r\n";
        Http1Head skipping = request();
        Http1Head keeping = Http1Head.request(100, 400, true);

        assertThat(skipping.scan(bytes(head))).isEqualTo(head.length());
        assertThat(keeping.scan(bytes(head))).isEqualTo(head.length());

        assertThat(skipping.fieldCount()).isEqualTo(2);
        assertThat(skipping.nameBytes(1).toString()).isEqualTo("Accept");
        assertThat(keeping.fieldCount()).isEqualTo(3);
        assertThat(keeping.nameBytes(1).toString()).isEqualTo("X_Forwarded_For");
        assertThatThrownBy(() -> request().scan(bytes("GET / HTTP/1.1\r\nHost: a\r\nX_A: a\u0001\r\n\r\n")))
                .isInstanceOf(Http1Head.Malformed.class);
    }

    static Stream<Arguments> framing() {
        return Stream.of(
                Arguments.of("HTTP/1.1 without Connection", "GET / HTTP/1.1\r\nHost: a\r\n\r\n", true, false, -1L),
                Arguments.of("HTTP/1.1 with close", "GET / HTTP/1.1\r\nHost: a\r\nConnection: Close\r\n\r\n", false,
                        false, -1L),
                Arguments.of("HTTP/1.0 without Connection", "GET / HTTP/1.0\r\n\r\n", false, false, -1L),
                Arguments.of("HTTP/1.0 with keep-alive", "GET / HTTP/1.0\r\nConnection: Keep-Alive\r\n\r\n", true, false,
                        -1L),
                Arguments.of("chunked", "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n", true, true,
                        -1L),
                Arguments.of("chunked last of two codings",
                        "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: gzip, CHUNKED\r\n\r\n", true, true, -1L),
                Arguments.of("chunked not last", "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked, gzip\r\n\r\n",
                        true, false, -1L),
                Arguments.of("zero length", "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 0\r\n\r\n", true, false, 0L));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("framing")
    void framingFieldsAreRead(String what, String head, boolean persistent, boolean chunked, long contentLength)
            throws Exception {
        Http1Head scanned = request();

        assertThat(scanned.scan(bytes(head))).isEqualTo(head.length());

        assertThat(scanned.persistent()).isEqualTo(persistent);
        assertThat(scanned.chunked()).isEqualTo(chunked);
        assertThat(scanned.contentLength()).isEqualTo(contentLength);
    }

    static Stream<Arguments> refusedRequests() {
        return Stream.of(
                Arguments.of("bare LF", "GET / HTTP/1.1\nHost: a\n\n", 400),
                Arguments.of("bare LF after a field", "GET / HTTP/1.1\r\nHost: a\n\r\n", 400),
                Arguments.of("obsolete line folding", "GET / HTTP/1.1\r\nHost: a\r\nX: a\r\n b\r\n\r\n", 400),
                Arguments.of("space before the colon", "GET / HTTP/1.1\r\nHost : a\r\n\r\n", 400),
                Arguments.of("no colon", "GET / HTTP/1.1\r\nHost a\r\n\r\n", 400),
                Arguments.of("empty name", "GET / HTTP/1.1\r\n: a\r\n\r\n", 400),
                Arguments.of("control character in a value", "GET / HTTP/1.1\r\nX: a\u0001b\r\n\r\n", 400),
                Arguments.of("DEL in a value", "GET / HTTP/1.1\r\nX: a\u007fb\r\n\r\n", 400),
                Arguments.of("bare CR in a value", "GET / HTTP/1.1\r\nX: a\rb\r\n\r\n", 400),
                Arguments.of("method not a token", "G(T / HTTP/1.1\r\n\r\n", 400),
                Arguments.of("two spaces", "GET  / HTTP/1.1\r\n\r\n", 400),
                Arguments.of("a space in the target", "GET /a b HTTP/1.1\r\n\r\n", 400),
                Arguments.of("no version", "GET /\r\n\r\n", 400),
                Arguments.of("HTTP/2.0 in a request line", "GET / HTTP/2.0\r\n\r\n", 505),
                Arguments.of("HTTP/1.2", "GET / HTTP/1.2\r\n\r\n", 505),
                Arguments.of("Content-Length with a sign", "POST / HTTP/1.1\r\nContent-Length: +5\r\n\r\n", 400),
                Arguments.of("empty Content-Length", "POST / HTTP/1.1\r\nContent-Length:\r\n\r\n", 400),
                Arguments.of("Content-Length list", "POST / HTTP/1.1\r\nContent-Length: 5, 5\r\n\r\n", 400),
                Arguments.of("huge Content-Length", "POST / HTTP/1.1\r\nContent-Length: 9999999999999999999\r\n\r\n",
                        400),
                Arguments.of("two different Content-Lengths",
                        "POST / HTTP/1.1\r\nContent-Length: 5\r\nContent-Length: 6\r\n\r\n", 400),
                Arguments.of("request line too long", "GET /" + "a".repeat(100) + " HTTP/1.1\r\n\r\n", 414),
                Arguments.of("request line too long, not yet ended", "GET /" + "a".repeat(100), 414),
                Arguments.of("field section too large", "GET / HTTP/1.1\r\n" + fieldLines(5, 90) + "\r\n", 431),
                Arguments.of("field section too large, not yet ended", "GET / HTTP/1.1\r\n" + fieldLines(5, 90),
                        431),
                Arguments.of("field line too long", "GET / HTTP/1.1\r\nX: " + "a".repeat(120) + "\r\n\r\n", 431),
                Arguments.of("field line too long, not yet ended", "GET / HTTP/1.1\r\nX: " + "a".repeat(120), 431));
    }

    /** {@code count} field lines of {@code length} bytes each, CRLF left out. */
    private static String fieldLines(int count, int length) {
        StringBuilder lines = new StringBuilder();
        for (int i = 0; i < count; i++) {
            lines.append("X-").append(i).append(": ").append("a".repeat(length - 5)).append("\r\n");
        }
        return lines.toString();
    }

    @Test
    void aFieldLineMayTakeOneLineLimitAndTheSectionSeveral() throws Exception {
        // As nginx's large-client-header-buffers: each line fits one buffer (100 bytes here), the section four.
        String longestLine = "GET / HTTP/1.1\r\n" + fieldLines(1, 100) + "\r\n";
        String largestSection = "GET / HTTP/1.1\r\n" + fieldLines(4, 98) + "\r\n";

        assertThat(request().scan(bytes(longestLine))).isEqualTo(longestLine.length());
        assertThat(request().scan(bytes(largestSection))).isEqualTo(largestSection.length());
        assertThatThrownBy(() -> request().scan(bytes("GET / HTTP/1.1\r\n" + fieldLines(1, 101) + "\r\n")))
                .isInstanceOfSatisfying(Http1Head.Malformed.class, m -> assertThat(m)
                        .hasMessage("a header field line too large"));
        assertThatThrownBy(() -> request().scan(bytes("GET / HTTP/1.1\r\n" + fieldLines(5, 100) + "\r\n")))
                .isInstanceOfSatisfying(Http1Head.Malformed.class, m -> assertThat(m)
                        .hasMessage("header fields too large"));
    }

    @ParameterizedTest(name = "{0} -> {2}")
    @MethodSource("refusedRequests")
    void aMalformedRequestHeadIsRefusedWithItsStatus(String what, String head, int status) {
        assertThatThrownBy(() -> request().scan(bytes(head)))
                .isInstanceOfSatisfying(Http1Head.Malformed.class, m -> assertThat(m.status()).isEqualTo(status));
    }

    @Test
    void aResponseHeadGivesItsStatusReasonAndFraming() throws Exception {
        Http1Head scanned = Http1Head.response(400, HiddenFields.NONE);
        String head = "HTTP/1.1 404 Not Found\r\nContent-Length: 9\r\nConnection: close\r\n\r\n";

        assertThat(scanned.scan(bytes(head + "not found"))).isEqualTo(head.length());

        assertThat(scanned.status()).isEqualTo(404);
        assertThat(statusLineAfterVersion(scanned)).isEqualTo("404 Not Found\r\n");
        assertThat(scanned.contentLength()).isEqualTo(9);
        assertThat(scanned.persistent()).isFalse();
    }

    @Test
    void aResponsesHiddenFieldsAreSkippedInAnyCase() throws Exception {
        String head = "HTTP/1.1 200 OK\r\nServer: Apache/2.4.41 (Ubuntu)\r\nX-POWERED-BY: PHP/8.2\r\n"
                + "X-Powered-By-Proxy: kept\r\nX_Debug: 1\r\nContent-Length: 2\r\n\r\n";
        Http1Head hiding = Http1Head.response(400, HiddenFields.of(false, List.of("X-Powered-By", "x_debug")));
        Http1Head keeping = Http1Head.response(400, HiddenFields.NONE);

        assertThat(hiding.scan(bytes(head))).isEqualTo(head.length());
        assertThat(keeping.scan(bytes(head))).isEqualTo(head.length());

        assertThat(statusLineAfterVersion(hiding)).isEqualTo("200 OK\r\n");
        assertThat(hiding.fieldCount()).isEqualTo(2);
        assertThat(hiding.nameBytes(0).toString()).isEqualTo("X-Powered-By-Proxy");
        assertThat(hiding.contentLength()).isEqualTo(2);
        assertThat(keeping.fieldCount()).isEqualTo(5);
        assertThat(keeping.nameBytes(0).toString()).isEqualTo("Server");
    }

    @Test
    void namesCompareTheirLettersInAnyCaseAndNothingElse() throws Exception {
        String head = "HTTP/1.1 200 OK\r\nX_Debug: 1\r\nX^Y: 2\r\nContent-Length: 0\r\n\r\n";
        Http1Head scanned = Http1Head.response(400, HiddenFields.NONE);
        scanned.scan(bytes(head));

        assertThat(scanned.nameIs(0, AsciiString.of("x_debug"))).isTrue();
        assertThat(scanned.nameIs(1, AsciiString.of("x~y"))).isFalse();
        assertThat(scanned.nameIs(1, AsciiString.of("x^y"))).isTrue();
        assertThat(scanned.nameIs(2, AsciiString.of("content-length"))).isTrue();
    }

    @Test
    void aResponseMayHaveNoReasonPhrase() throws Exception {
        for (String line : new String[] {"HTTP/1.1 204\r\n\r\n", "HTTP/1.1 204 \r\n\r\n"}) {
            Http1Head scanned = Http1Head.response(400, HiddenFields.NONE);

            assertThat(scanned.scan(bytes(line))).isEqualTo(line.length());
            assertThat(scanned.status()).isEqualTo(204);
            assertThat(statusLineAfterVersion(scanned)).isEqualTo(line.substring(9, line.length() - 2));
        }
    }

    private static String statusLineAfterVersion(Http1Head scanned) {
        ByteBuf out = Unpooled.buffer();
        scanned.writeStatusLineAfterVersion(out);
        return out.toString(StandardCharsets.ISO_8859_1);
    }

    static Stream<Arguments> refusedResponses() {
        return Stream.of(
                Arguments.of("status not three digits", "HTTP/1.1 2x0 OK\r\n\r\n"),
                Arguments.of("status with four digits", "HTTP/1.1 2000 OK\r\n\r\n"),
                Arguments.of("status below 100", "HTTP/1.1 099 Low\r\n\r\n"),
                Arguments.of("not HTTP", "ICY 200 OK\r\n\r\n"),
                Arguments.of("HTTP/2.0", "HTTP/2.0 200 OK\r\n\r\n"),
                Arguments.of("control character in the reason", "HTTP/1.1 200 O\u0001K\r\n\r\n"),
                Arguments.of("control character in a value", "HTTP/1.1 200 OK\r\nX: a\u0000\r\n\r\n"),
                Arguments.of("head too large", "HTTP/1.1 200 OK\r\nX: " + "a".repeat(400) + "\r\n\r\n"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("refusedResponses")
    void aMalformedResponseHeadIsABadGateway(String what, String head) {
        assertThatThrownBy(() -> Http1Head.response(400, HiddenFields.NONE).scan(bytes(head)))
                .isInstanceOfSatisfying(Http1Head.Malformed.class, m -> assertThat(m.status()).isEqualTo(502));
    }

    /**
     * A head arriving a byte at a time is incomplete until its last byte, and then the same as whole, even when the
     * bytes received so far are moved to another buffer between reads (as a decoder's cumulation is).
     */
    @Test
    void aHeadArrivingByteByByteIntoAMovingBufferIsTheSameAsWhole() throws Exception {
        String head = "PUT /x HTTP/1.1\r\nHost: foo.com\r\nContent-Length: 3\r\nX-B: b\r\n\r\n";
        Http1Head scanned = request();
        ByteBuf received = Unpooled.buffer();
        for (int i = 0; i < head.length(); i++) {
            // Each time a new buffer with the bytes at another index, as when a cumulation grows.
            ByteBuf moved = Unpooled.buffer();
            moved.writeZero(i % 7).skipBytes(i % 7);
            moved.writeBytes(received, received.readerIndex(), received.readableBytes());
            moved.writeByte(head.charAt(i));
            received = moved;
            int length = scanned.scan(received);
            if (i < head.length() - 1) {
                assertThat(length).as("after %d bytes", i + 1).isEqualTo(Http1Head.INCOMPLETE);
            } else {
                assertThat(length).isEqualTo(head.length());
            }
        }
        assertThat(scanned.method()).isSameAs(HttpMethod.PUT);
        assertThat(scanned.target()).isEqualTo("/x");
        assertThat(scanned.host()).isEqualTo("foo.com");
        assertThat(scanned.contentLength()).isEqualTo(3);
        assertThat(scanned.nameBytes(2).toString()).isEqualTo("X-B");
        assertThat(scanned.value(2)).isEqualTo("b");
    }

    @Test
    void resetMakesTheScannerReadyForTheNextHead() throws Exception {
        Http1Head scanned = request();
        scanned.scan(bytes("POST /one HTTP/1.1\r\nHost: a\r\nContent-Length: 4\r\nConnection: close\r\n\r\n"));

        scanned.reset();
        String next = "GET /two HTTP/1.1\r\nHost: b\r\n\r\n";

        assertThat(scanned.scan(bytes(next))).isEqualTo(next.length());
        assertThat(scanned.target()).isEqualTo("/two");
        assertThat(scanned.fieldCount()).isEqualTo(1);
        assertThat(scanned.contentLength()).isEqualTo(-1);
        assertThat(scanned.persistent()).isTrue();
        assertThat(scanned.host()).isEqualTo("b");
    }

    @Test
    void manyFieldsAreKept() throws Exception {
        StringBuilder head = new StringBuilder("GET / HTTP/1.1\r\n");
        for (int i = 0; i < 40; i++) {
            head.append("X-").append(i).append(": ").append(i).append("\r\n");
        }
        head.append("\r\n");
        Http1Head scanned = Http1Head.request(100, 4000, false);

        assertThat(scanned.scan(bytes(head.toString()))).isEqualTo(head.length());
        assertThat(scanned.fieldCount()).isEqualTo(40);
        assertThat(scanned.nameBytes(39).toString()).isEqualTo("X-39");
        assertThat(scanned.value(39)).isEqualTo("39");
    }

    @Test
    void aMethodIsNettysOwnWhenKnownAndCaseSensitive() throws Exception {
        Http1Head propfind = request();
        propfind.scan(bytes("PROPFIND / HTTP/1.1\r\n\r\n"));
        Http1Head lowercase = request();
        lowercase.scan(bytes("get / HTTP/1.1\r\n\r\n"));

        assertThat(propfind.method().name()).isEqualTo("PROPFIND");
        assertThat(lowercase.method()).isNotEqualTo(HttpMethod.GET);
        assertThat(lowercase.method().name()).isEqualTo("get");
    }
}
