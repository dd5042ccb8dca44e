package io.reseau.ingress.dataplane;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http2.DefaultHttp2Headers;
import io.netty.handler.codec.http2.Http2Exception;
import io.netty.handler.codec.http2.Http2Headers;
import io.netty.util.AsciiString;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/** What the request says read in its frame is what it says once its fields are decoded into Netty's headers. */
class Http2RequestHeadTest {

    private static final List<AsciiString> ASKED = List.of(HttpHeaderNames.HOST, HttpHeaderNames.COOKIE,
            HttpHeaderNames.TRANSFER_ENCODING, HttpHeaderNames.CONTENT_LENGTH, HttpHeaderNames.USER_AGENT,
            AsciiString.of("x-forwarded-for"), AsciiString.of("x_custom"), AsciiString.of("x-multi"),
            HttpHeaderNames.TE, AsciiString.of("x-absent"),
            // Names as configured (canary-by-header, say) may have capitals; HTTP/2's are lower-case.
            AsciiString.of("User-Agent"), AsciiString.of("X-Multi"), AsciiString.of("Host"), AsciiString.of("Cookie"));

    private static Http2Headers frame(String... fields) {
        Http2Headers frame = new DefaultHttp2Headers(false).method("POST").path("/upload?a=1").scheme("https");
        for (int i = 0; i < fields.length; i += 2) {
            frame.add(fields[i], fields[i + 1]);
        }
        return frame;
    }

    private static RequestHead head(Http2Headers frame, boolean endOfStream, boolean underscores) throws Exception {
        return Http2Requests.request(1, frame, endOfStream, underscores, 8192);
    }

    private static String written(RequestHead head) {
        ByteBuf out = Unpooled.buffer();
        head.writeFields(out, false);
        return out.toString(StandardCharsets.ISO_8859_1);
    }

    @Test
    void trailersWithANameThatIsNotATokenAreMalformed() throws Exception {
        Http2Headers injecting = new DefaultHttp2Headers(false).add("grpc-status: 0\r\nx-injected", "1");

        assertThatThrownBy(() -> Http2Requests.trailers(3, injecting)).isInstanceOf(Http2Exception.class)
                .hasMessage("invalid character in a field name");
        assertThat(Http2Requests.trailers(3, new DefaultHttp2Headers(false).add("grpc-status", "0"))
                .trailingHeaders().get("grpc-status")).isEqualTo("0");
    }

    /** Every read of {@link #ASKED}, written fields included, before and after the decoding. */
    private static void readsAgreeWithTheDecodedHeaders(Http2Headers frame, boolean endOfStream, boolean underscores)
            throws Exception {
        RequestHead inFrame = head(frame, endOfStream, underscores);
        RequestHead decoded = head(frame, endOfStream, underscores);
        decoded.headers();
        for (AsciiString name : ASKED) {
            assertThat(inFrame.value(name)).as("value of %s", name).isEqualTo(decoded.value(name));
            assertThat(inFrame.values(name)).as("values of %s", name).isEqualTo(decoded.values(name));
            assertThat(inFrame.count(name)).as("count of %s", name).isEqualTo(decoded.count(name));
        }
        for (Function<RequestHead, Object> read : List.<Function<RequestHead, Object>>of(RequestHead::host,
                RequestHead::contentLength, RequestHead::chunked, RequestHead::upgrade, RequestHead::persistent,
                RequestHead::length, Http2RequestHeadTest::written)) {
            assertThat(read.apply(inFrame)).isEqualTo(read.apply(decoded));
        }
    }

    @Test
    void aRequestWithoutBody() throws Exception {
        readsAgreeWithTheDecodedHeaders(frame("user-agent", "h2load", "x-multi", "1", "x-multi", "2"), true, false);
    }

    @Test
    void authorityIsHostAndReplacesAHostField() throws Exception {
        Http2Headers frame = frame("host", "other.example", "user-agent", "curl").authority("site.example");
        RequestHead head = head(frame, true, false);

        assertThat(head.host()).isEqualTo("site.example");
        assertThat(written(head)).isEqualTo("user-agent: curl\r\nhost: site.example\r\n");
        readsAgreeWithTheDecodedHeaders(frame, true, false);
    }

    @Test
    void withoutAuthorityTheHostFieldsAreTheFrames() throws Exception {
        Http2Headers frame = frame("host", "a.example", "host", "b.example");

        assertThat(head(frame, true, false).count(HttpHeaderNames.HOST)).isEqualTo(2);
        readsAgreeWithTheDecodedHeaders(frame, true, false);
    }

    @Test
    void splitCookiesAreOneField() throws Exception {
        Http2Headers frame = frame("cookie", "a=1", "user-agent", "x", "cookie", "b=2").authority("site.example");
        RequestHead head = head(frame, true, false);

        assertThat(head.value(HttpHeaderNames.COOKIE)).isEqualTo("a=1; b=2");
        assertThat(head.cookie("b")).isEqualTo("2");
        assertThat(written(head)).isEqualTo("user-agent: x\r\ncookie: a=1; b=2\r\nhost: site.example\r\n");
        readsAgreeWithTheDecodedHeaders(frame, true, false);
    }

    @Test
    void aBodyWithoutLengthIsChunkedAndALengthIsRead() throws Exception {
        assertThat(head(frame(), false, false).chunked()).isTrue();
        assertThat(head(frame(), false, false).values(HttpHeaderNames.TRANSFER_ENCODING)).containsExactly("chunked");
        assertThat(head(frame("content-length", "12"), false, false).contentLength()).isEqualTo(12);
        assertThat(head(frame("content-length", "12"), false, false).chunked()).isFalse();
        readsAgreeWithTheDecodedHeaders(frame(), false, false);
        readsAgreeWithTheDecodedHeaders(frame("content-length", "12"), false, false);
    }

    @Test
    void underscoredFieldsAreLeftOutUnlessAllowed() throws Exception {
        Http2Headers frame = frame("x_custom", "1", "x-multi", "2");

        assertThat(head(frame, true, false).value(AsciiString.of("x_custom"))).isNull();
        assertThat(head(frame, true, true).value(AsciiString.of("x_custom"))).isEqualTo("1");
        readsAgreeWithTheDecodedHeaders(frame, true, false);
        readsAgreeWithTheDecodedHeaders(frame, true, true);
    }

    @Test
    void hopByHopAndForwardedFieldsAreNotWritten() throws Exception {
        Http2Headers frame = frame("te", "trailers", "x-forwarded-for", "10.0.0.1", "proxy-authorization", "secret",
                "accept", "*/*");
        RequestHead head = head(frame, true, false);

        assertThat(written(head)).isEqualTo("accept: */*\r\n");
        assertThat(head.value(AsciiString.of("x-forwarded-for"))).isEqualTo("10.0.0.1");
        readsAgreeWithTheDecodedHeaders(frame, true, false);
    }

    @Test
    void aNameIsFoundWhateverItsCase() throws Exception {
        RequestHead head = head(frame("x-canary", "always", "cookie", "a=1").authority("site.example"), true, false);

        assertThat(head.value(AsciiString.of("X-Canary"))).isEqualTo("always");
        assertThat(head.values(AsciiString.of("X-CANARY"))).containsExactly("always");
        assertThat(head.count(AsciiString.of("Cookie"))).isOne();
        assertThat(head.value(AsciiString.of("Host"))).isEqualTo("site.example");
    }

    @Test
    void editsAfterDecodingAreWhatIsRead() throws Exception {
        RequestHead head = head(frame("user-agent", "a"), true, false);

        head.headers().set(HttpHeaderNames.USER_AGENT, "b");

        assertThat(head.value(HttpHeaderNames.USER_AGENT)).isEqualTo("b");
        assertThat(written(head)).isEqualTo("user-agent: b\r\n");
    }
}
