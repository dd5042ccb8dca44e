package io.reseau.ingress.dataplane;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http2.DefaultHttp2Headers;
import io.netty.handler.codec.http2.Http2Headers;
import io.netty.handler.codec.http2.HttpConversionUtil;
import io.netty.util.AsciiString;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What an HTTP/1.1 client is sent of a backend's response head: the lines received, minus the hop-by-hop ones. */
class ScannedResponseHeadTest {

    private static ScannedResponseHead scanned(String head) throws Http1Head.Malformed {
        Http1Head scanner = Http1Head.response(4096, HiddenFields.NONE);
        ByteBuf in = Unpooled.copiedBuffer(head, StandardCharsets.ISO_8859_1);
        assertThat(scanner.scan(in)).isEqualTo(head.length());
        return new ScannedResponseHead(scanner);
    }

    private static String written(ResponseHead head, boolean http10, boolean upgrade) {
        ByteBuf out = Unpooled.buffer();
        head.writeHttp1(out, http10, upgrade);
        return out.toString(StandardCharsets.ISO_8859_1);
    }

    @Test
    void theLinesGoOnAsReceivedWithoutHopByHopOnesAndWithTheClientsVersion() throws Exception {
        ScannedResponseHead head = scanned("HTTP/1.0 200 Fine Thanks\r\nServer: x\r\nConnection: keep-alive, X-Hop\r\n"
                + "Keep-Alive: timeout=5\r\nX-Hop: 1\r\nContent-Type:text/plain \r\nProxy-Connection: close\r\n"
                + "TE: trailers\r\nTrailer: X-Sum\r\nUpgrade: h2c\r\nContent-Length: 3\r\nSet-Cookie: a=1\r\n"
                + "Set-Cookie: b=2\r\n\r\n");

        assertThat(written(head, false, false)).isEqualTo("HTTP/1.1 200 Fine Thanks\r\nServer: x\r\n"
                + "Content-Type:text/plain \r\nContent-Length: 3\r\nSet-Cookie: a=1\r\nSet-Cookie: b=2\r\n");
        assertThat(written(head, true, false)).startsWith("HTTP/1.0 200 Fine Thanks\r\n");
        assertThat(head.status()).isEqualTo(200);
        assertThat(head.contentLength()).isEqualTo(3);
        assertThat(head.persistent()).isTrue();
    }

    @Test
    void http2FieldsAreTheConversionOfTheDecodedHeadersWithoutDecodingThem() throws Exception {
        String received = "HTTP/1.1 200 OK\r\nServer: X\r\nConnection: keep-alive, X-Hop\r\nX-Hop: 1\r\n"
                + "Host: backend\r\nx-http2-scheme: http\r\nContent-Type: text/plain\r\nTransfer-Encoding: chunked\r\n"
                + "Content-Length: 3\r\nSet-Cookie: a=1\r\nSET-COOKIE: b=2\r\nX-Http2-Other: kept\r\n\r\n";
        Http2Headers direct = scanned(received).http2Headers();
        Http2Headers converted = new DefaultHttp2Headers(false).status("200");
        HttpConversionUtil.toHttp2Headers(scanned(received).headers(), converted);
        ScannedResponseHead decoded = scanned(received);
        decoded.headers();

        assertThat(fields(direct)).isEqualTo(fields(converted)).isEqualTo(fields(decoded.http2Headers()))
                .containsExactly(":status: 200", "server: X", "content-type: text/plain", "set-cookie: a=1",
                        "set-cookie: b=2", "x-http2-other: kept");
        assertThat(direct.status()).hasToString("200");
        assertThat(direct.getAll("set-cookie")).hasSize(2);
    }

    @Test
    void anAddedFieldComesLastUnlessTheBackendSentOneOfThatNameWhicheverWayTheHeadIsWritten() throws Exception {
        AsciiString sts = AsciiString.of("strict-transport-security");
        ScannedResponseHead without = scanned("HTTP/1.1 200 OK\r\nServer: x\r\n\r\n");
        without.addIfAbsent(sts, "max-age=10");
        without.addIfAbsent(sts, "max-age=20");
        ScannedResponseHead with = scanned("HTTP/1.1 200 OK\r\nStrict-Transport-Security: max-age=5\r\n\r\n");
        with.addIfAbsent(sts, "max-age=10");
        ScannedResponseHead decodedAfter = scanned("HTTP/1.1 200 OK\r\nServer: x\r\n\r\n");
        decodedAfter.addIfAbsent(sts, "max-age=10");
        decodedAfter.headers().add("Set-Cookie", "a=1");
        Http2Headers http2 = without.http2Headers();

        assertThat(written(without, false, false)).isEqualTo("HTTP/1.1 200 OK\r\nServer: x\r\n"
                + "strict-transport-security: max-age=10\r\n");
        assertThat(written(with, false, false)).isEqualTo("HTTP/1.1 200 OK\r\nStrict-Transport-Security: max-age=5\r\n");
        assertThat(written(decodedAfter, false, false)).contains("strict-transport-security: max-age=10\r\n",
                "Set-Cookie: a=1\r\n");
        assertThat(fields(http2)).containsExactly(":status: 200", "server: x", "strict-transport-security: max-age=10");
    }

    /** A header block's fields as "name: value", in order, names compared as the bytes they are. */
    private static List<String> fields(Http2Headers headers) {
        List<String> fields = new ArrayList<>();
        headers.forEach(field -> fields.add(field.getKey() + ": " + field.getValue()));
        return fields;
    }

    @Test
    void aChunkedResponseLosesItsContentLengthAndTransferEncoding() throws Exception {
        ScannedResponseHead head = scanned("HTTP/1.1 200 OK\r\nContent-Length: 99\r\nTransfer-Encoding: chunked\r\n"
                + "X-A: a\r\n\r\n");

        assertThat(written(head, false, false)).isEqualTo("HTTP/1.1 200 OK\r\nX-A: a\r\n");
        assertThat(head.contentLength()).isEqualTo(-1);
    }

    @Test
    void anUpgradeKeepsItsUpgradeFieldOnly() throws Exception {
        ScannedResponseHead head = scanned("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\n"
                + "Connection: Upgrade\r\nSec-WebSocket-Accept: abc\r\n\r\n");

        assertThat(written(head, false, true)).isEqualTo("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\n"
                + "Sec-WebSocket-Accept: abc\r\n");
    }

    @Test
    void aStatusLineWithoutReasonOrFieldsIsCopiedWhole() throws Exception {
        assertThat(written(scanned("HTTP/1.1 204\r\n\r\n"), false, false)).isEqualTo("HTTP/1.1 204\r\n");
    }

    @Test
    void editedFieldsAreWrittenFromTheDecodedHeadersWithTheAdditions() throws Exception {
        ScannedResponseHead head = scanned("HTTP/1.1 200 OK\r\nConnection: close\r\nVary: Accept\r\n"
                + "Content-Length: 2\r\n\r\n");

        head.headers().add("Vary", "Origin");

        assertThat(head.persistent()).isFalse();
        assertThat(written(head, false, false)).isEqualTo("HTTP/1.1 200 OK\r\nVary: Accept\r\nContent-Length: 2\r\n"
                + "Vary: Origin\r\n");
    }
}
