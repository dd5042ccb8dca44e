package io.reseau.ingress.dataplane;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.AsciiString;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The HTTP/1.1 front end's request decoder in an embedded channel: bytes in, heads and body parts out. */
class Http1RequestDecoderTest {

    /** One request as decoded: its head, its body as text, its end (null for a head without body). */
    private record Read(RequestHead head, String body, LastHttpContent last) {
    }

    private final EmbeddedChannel channel = new EmbeddedChannel(decoding(64, 256));

    /** The decoder in a channel: bytes in, messages out, a malformed body failing with a DecoderException. */
    private static ByteToMessageDecoder decoding(int maxLine, int maxFields) {
        Http1RequestDecoder decoder = new Http1RequestDecoder(maxLine, maxFields, false);
        return new ByteToMessageDecoder() {
            @Override
            protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) throws Exception {
                decoder.decode(in, out);
            }
        };
    }

    private static ByteBuf bytes(String text) {
        return Unpooled.copiedBuffer(text, StandardCharsets.ISO_8859_1);
    }

    private static List<Read> requests(EmbeddedChannel channel) {
        List<Read> reads = new ArrayList<>();
        RequestHead head = null;
        StringBuilder body = new StringBuilder();
        for (Object msg = channel.readInbound(); msg != null; msg = channel.readInbound()) {
            if (msg instanceof RequestHead request) {
                head = request;
                body.setLength(0);
                if (!request.hasBody()) {
                    reads.add(new Read(request, "", null));
                }
            } else {
                HttpContent content = (HttpContent) msg;
                body.append(content.content().toString(StandardCharsets.ISO_8859_1));
                if (content instanceof LastHttpContent last) {
                    reads.add(new Read(head, body.toString(), last));
                }
                content.release();
            }
        }
        return reads;
    }

    @Test
    void pipelinedRequestsComeOutInOrderWithTheirBodies() {
        channel.writeInbound(bytes("\r\nGET /a?x=1 HTTP/1.1\r\nHost: foo.com\r\nCookie: a=1\r\nCookie: b=2\r\n\r\n"
                + "POST /b HTTP/1.1\r\nHost: foo.com\r\nContent-Length: 5\r\n\r\nhello"
                + "PUT /c HTTP/1.1\r\nHost: foo.com\r\nTransfer-Encoding: chunked\r\n\r\n"
                + "3;ext=1\r\nabc\r\n2\r\nde\r\n0\r\nX-Sum: 9\r\n\r\n"));

        List<Read> reads = requests(channel);

        assertThat(reads).extracting(r -> r.head().target()).containsExactly("/a?x=1", "/b", "/c");
        assertThat(reads.get(0).head().host()).isEqualTo("foo.com");
        assertThat(reads.get(0).head().values(HttpHeaderNames.COOKIE)).containsExactly("a=1", "b=2");
        assertThat(reads).extracting(Read::body).containsExactly("", "hello", "abcde");
        assertThat(reads.get(2).head().chunked()).isTrue();
        assertThat(reads.get(2).last().trailingHeaders().get("x-sum")).isEqualTo("9");
    }

    @Test
    void aScannerGivenBackReadsALaterHeadAndItsFinishedRequestCannotBeReadAnyMore() throws Exception {
        Http1RequestDecoder decoder = new Http1RequestDecoder(64, 256, false);
        AsciiString who = AsciiString.of("x-who");
        List<Object> out = new ArrayList<>();
        decoder.decode(bytes("GET /first HTTP/1.1\r\nHost: one.com\r\nX-Who: first\r\nConnection: close\r\n\r\n"),
                out);
        ScannedRequestHead first = (ScannedRequestHead) out.removeFirst();
        assertThat(first.value(who)).isEqualTo("first");

        decoder.reuse(first);
        decoder.decode(bytes("GET /second HTTP/1.1\r\nHost: two.com\r\n\r\n"
                + "GET /third HTTP/1.1\r\nHost: three.com\r\nX-Who: third\r\n\r\n"), out);

        ScannedRequestHead second = (ScannedRequestHead) out.removeFirst();
        ScannedRequestHead third = (ScannedRequestHead) out.removeFirst();
        assertThat(second.host()).isEqualTo("two.com");
        assertThat(second.value(who)).isNull();
        assertThat(third.target()).isEqualTo("/third");
        assertThat(third.host()).isEqualTo("three.com");
        assertThat(third.value(who)).isEqualTo("third");
        assertThat(third.persistent()).as("nothing of the first head's Connection: close is left").isTrue();
        assertThatThrownBy(() -> first.value(who)).as("the finished request reads nobody else's fields")
                .isInstanceOf(NullPointerException.class);
    }

    @Test
    void aRequestSplitAtEveryByteReadsTheSame() {
        String request = "POST /b HTTP/1.1\r\nHost: foo.com\r\nTransfer-Encoding: chunked\r\n\r\n"
                + "4\r\nabcd\r\n1\r\ne\r\n0\r\n\r\n";
        for (int split = 1; split < request.length(); split++) {
            EmbeddedChannel fresh = new EmbeddedChannel(decoding(64, 256));
            fresh.writeInbound(bytes(request.substring(0, split)));
            fresh.writeInbound(bytes(request.substring(split)));

            List<Read> reads = requests(fresh);

            assertThat(reads).as("split after %d bytes", split).hasSize(1);
            assertThat(reads.get(0).body()).as("split after %d bytes", split).isEqualTo("abcde");
        }
    }

    @Test
    void aHeadThatCannotBeReadIsHandedOnRefusedAndNothingAfterItIsRead() {
        channel.writeInbound(bytes("GET /" + "a".repeat(100) + " HTTP/1.1\r\nHost: foo.com\r\n\r\n"
                + "GET /next HTTP/1.1\r\nHost: foo.com\r\n\r\n"));

        List<Read> reads = requests(channel);

        assertThat(reads).hasSize(1);
        assertThat(reads.get(0).head().unreadable()).hasValueSatisfying(r -> assertThat(r.status().code())
                .isEqualTo(414));
        channel.writeInbound(bytes("GET /more HTTP/1.1\r\nHost: foo.com\r\n\r\n"));
        assertThat((Object) channel.readInbound()).isNull();
    }

    @Test
    void tooManyFieldBytesAre431() {
        channel.writeInbound(bytes("GET / HTTP/1.1\r\nHost: foo.com\r\nX-Big: " + "b".repeat(300) + "\r\n\r\n"));

        assertThat(requests(channel).get(0).head().unreadable()).hasValueSatisfying(r -> assertThat(r.status().code())
                .isEqualTo(431));
    }

    @Test
    void aBodyThatCannotBeFramedIsNotReadAndTheHeadGoesOnToBeRefused() {
        channel.writeInbound(bytes("POST / HTTP/1.1\r\nHost: foo.com\r\nContent-Length: 4\r\n"
                + "Transfer-Encoding: chunked\r\n\r\n0\r\n\r\nGET /smuggled HTTP/1.1\r\nHost: foo.com\r\n\r\n"));

        List<Read> reads = requests(channel);

        assertThat(reads).hasSize(1);
        assertThat(reads.get(0).body()).isEmpty();
        assertThat(RequestChecks.check(reads.get(0).head())).hasValueSatisfying(r -> assertThat(r.status().code())
                .isEqualTo(400));
    }

    @Test
    void aMalformedChunkFailsTheConnection() {
        assertThatThrownBy(() -> channel.writeInbound(bytes("POST / HTTP/1.1\r\nHost: foo.com\r\n"
                + "Transfer-Encoding: chunked\r\n\r\n3\u0001\r\nabc\r\n"))).isInstanceOf(DecoderException.class);
    }

    @Test
    void theFieldsGoOnWithoutHopByHopOrForwardedOnesOrProxyOrUnderscoredOnes() {
        channel.writeInbound(bytes("GET / HTTP/1.1\r\nHost: foo.com\r\nX_Under: 1\r\nConnection: keep-alive, X-Hop\r\n"
                + "X-Hop: 1\r\nX-Forwarded-For: 6.6.6.6\r\nAccept: */*\r\nTE: trailers\r\nUpgrade: h2c\r\n"
                + "x-scheme: https\r\nProxy: http://attacker.example\r\n\r\n"));
        RequestHead head = requests(channel).get(0).head();
        ByteBuf out = Unpooled.buffer();

        head.writeFields(out, false);

        assertThat(out.toString(StandardCharsets.ISO_8859_1)).isEqualTo("Host: foo.com\r\nAccept: */*\r\n");
        assertThat(head.value(AsciiString.of("accept"))).isEqualTo("*/*");
    }
}
