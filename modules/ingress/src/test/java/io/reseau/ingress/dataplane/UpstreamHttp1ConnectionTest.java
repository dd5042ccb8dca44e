package io.reseau.ingress.dataplane;

import static io.reseau.ingress.testing.LoggedConnections.PLAIN;
import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.DefaultHttpRequest;
import io.netty.handler.codec.http.DefaultLastHttpContent;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.reseau.ingress.model.UpstreamHttp;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The HTTP/1.1 backend connection's handler over an embedded channel: requests written as bytes, response bytes read
 * into scanned heads and body parts handed to the exchange listening.
 */
class UpstreamHttp1ConnectionTest {

    /** What the decoder handed on for one response: its head, its body as text, its last part's trailers. */
    private record Read(Seen head, String body, LastHttpContent last) {
    }

    /** What a response head said, noted when it was handed on: the scanner behind it is reused for the next. */
    private record Seen(int status, long contentLength, boolean persistent, HttpHeaders headers) {
    }

    /** The exchange's side: notes what it is handed, each head at once (its scanner is reused for the next). */
    private static final class Listener implements UpstreamListener {
        final ArrayDeque<Object> read = new ArrayDeque<>();
        boolean closed;
        Throwable failure;

        @Override
        public void upstreamRead(Object msg) {
            read.add(msg instanceof ResponseHead head
                    ? new Seen(head.status(), head.contentLength(), head.persistent(), head.headers().copy()) : msg);
        }

        @Override
        public void upstreamReadComplete() {
        }

        @Override
        public void upstreamFailed(Throwable cause) {
            closed = true;
            failure = cause;
        }
    }

    private final Listener listener = new Listener();
    private final EmbeddedChannel channel = connection(listener);

    private static EmbeddedChannel connection(Listener listener) {
        EmbeddedChannel channel = new EmbeddedChannel(new UpstreamHttp1Connection(1024, HiddenFields.NONE));
        channel.attr(UpstreamHandler.LISTENER).set(listener);
        return channel;
    }

    private static final ClientInfo CLIENT = ClientInfo.of(InetAddress.getLoopbackAddress(), "40312", false,
            "80", Optional.empty(), PLAIN);

    private static UpstreamHttp1Request request(HttpMethod method, HttpHeaders fields, boolean chunked) {
        return request(method, fields, chunked, 1024);
    }

    private static UpstreamHttp1Request request(HttpMethod method, HttpHeaders fields, boolean chunked,
            int maxResponseHead) {
        RequestHead client = NettyRequestHead.of(new DefaultHttpRequest(HttpVersion.HTTP_1_1, method, "/p", fields), 0);
        return new UpstreamHttp1Request(method, "/p?q", client, chunked, false, CLIENT, "foo.com", null,
                maxResponseHead, -1, UpstreamHttp.DEFAULT);
    }

    private void sent(HttpMethod method) {
        sent(channel, method);
    }

    private static void sent(EmbeddedChannel channel, HttpMethod method) {
        sent(channel, request(method, new DefaultHttpHeaders(), false));
    }

    private static void sent(EmbeddedChannel channel, UpstreamHttp1Request request) {
        channel.writeOutbound(request, LastHttpContent.EMPTY_LAST_CONTENT);
        written(channel);
    }

    /** Everything the codec wrote to the backend so far. */
    private static String written(EmbeddedChannel channel) {
        StringBuilder text = new StringBuilder();
        for (ByteBuf out = channel.readOutbound(); out != null; out = channel.readOutbound()) {
            text.append(out.toString(StandardCharsets.ISO_8859_1));
            out.release();
        }
        return text.toString();
    }

    @Test
    void aRequestGoesWithTheClientsFieldsAndReseausForwardedOnesAndAChunkedBodyIsChunked() {
        HttpHeaders fields = new DefaultHttpHeaders().add("Host", "foo.com").add("x-forwarded-for", "6.6.6.6")
                .add("Accept", "*/*").add("Forwarded", "for=6.6.6.6").add("X-Scheme", "https")
                .add("Proxy", "http://attacker.example");
        DefaultLastHttpContent end = new DefaultLastHttpContent();
        end.trailingHeaders().add("X-Sum", "1");

        channel.writeOutbound(request(HttpMethod.POST, fields, true), new DefaultHttpContent(bytes("hello")), end);

        assertThat(written(channel)).isEqualTo("POST /p?q HTTP/1.1\r\nHost: foo.com\r\nAccept: */*\r\n"
                + "Transfer-Encoding: chunked\r\nX-Forwarded-For: 127.0.0.1\r\nX-Real-IP: 127.0.0.1\r\n"
                + "X-Forwarded-Proto: http\r\nX-Forwarded-Host: foo.com\r\nX-Forwarded-Port: 80\r\n"
                + "X-Forwarded-Scheme: http\r\nX-Scheme: http\r\n"
                + "Forwarded: for=127.0.0.1;proto=http;host=\"foo.com\"\r\nX-Original-Forwarded-For: 6.6.6.6\r\n\r\n"
                + "5\r\nhello\r\n0\r\nX-Sum: 1\r\n\r\n");
    }

    @Test
    void aBodyWithALengthGoesAsItIs() {
        HttpHeaders fields = new DefaultHttpHeaders().add("Content-Length", "5");

        channel.writeOutbound(request(HttpMethod.PUT, fields, false), new DefaultHttpContent(bytes("hel")),
                new DefaultLastHttpContent(bytes("lo")));

        assertThat(written(channel)).startsWith("PUT /p?q HTTP/1.1\r\nContent-Length: 5\r\nX-Forwarded-For:")
                .endsWith("\r\n\r\nhello");
    }

    private static ByteBuf bytes(String text) {
        return Unpooled.copiedBuffer(text, StandardCharsets.ISO_8859_1);
    }

    /** Everything decoded so far, as responses; null when a response is not yet complete. */
    private List<Read> responses() {
        List<Read> reads = new ArrayList<>();
        Seen head = null;
        StringBuilder body = new StringBuilder();
        for (Object msg = listener.read.poll(); msg != null; msg = listener.read.poll()) {
            if (msg instanceof Seen response) {
                head = response;
                body.setLength(0);
            }
            if (msg instanceof HttpContent content) {
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
    void aContentLengthBodyEndsAfterItsLengthAndTheNextResponseFollows() {
        sent(HttpMethod.GET);
        sent(HttpMethod.GET);

        channel.writeInbound(bytes("HTTP/1.1 200 OK\r\nContent-Length: 5\r\nX-A: a\r\n\r\nhelloHTTP/1.1 404 Not Found\r\n"
                + "Content-Length: 0\r\n\r\n"));

        List<Read> reads = responses();
        assertThat(reads).hasSize(2);
        assertThat(reads.get(0).head().status()).isEqualTo(200);
        assertThat(reads.get(0).head().headers().get("x-a")).isEqualTo("a");
        assertThat(reads.get(0).body()).isEqualTo("hello");
        assertThat(reads.get(1).head().contentLength()).isZero();
        assertThat(reads.get(1).body()).isEmpty();
    }

    @Test
    void aChunkedBodyIsDechunkedWithItsExtensionsIgnoredAndItsTrailersKept() {
        sent(HttpMethod.GET);

        channel.writeInbound(bytes("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5;name=value\r\nhello\r\n"
                + "1\r\n \r\nA\r\n0123456789\r\n0\r\nX-Checksum: 42\r\n\r\n"));

        List<Read> reads = responses();
        assertThat(reads).hasSize(1);
        assertThat(reads.get(0).body()).isEqualTo("hello 0123456789");
        assertThat(reads.get(0).last().trailingHeaders().get("x-checksum")).isEqualTo("42");
    }

    @Test
    void aChunkedResponseSplitAtEveryByteReadsTheSame() {
        String response = "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n2;x\r\nde\r\n0\r\nT: t\r\n\r\n";
        for (int split = 1; split < response.length(); split++) {
            Listener heard = new Listener();
            EmbeddedChannel fresh = connection(heard);
            sent(fresh, HttpMethod.GET);

            fresh.writeInbound(bytes(response.substring(0, split)));
            fresh.writeInbound(bytes(response.substring(split)));

            StringBuilder body = new StringBuilder();
            LastHttpContent last = null;
            for (Object msg = heard.read.poll(); msg != null; msg = heard.read.poll()) {
                if (msg instanceof HttpContent content) {
                    body.append(content.content().toString(StandardCharsets.ISO_8859_1));
                    if (content instanceof LastHttpContent l) {
                        last = l;
                    }
                    content.release();
                }
            }
            assertThat(body.toString()).as("split after %d bytes", split).isEqualTo("abcde");
            assertThat(last).as("split after %d bytes", split).isNotNull();
            assertThat(last.trailingHeaders().get("t")).isEqualTo("t");
        }
    }

    @Test
    void noBodyIsReadAfterHeadNorFor204Or304() {
        sent(HttpMethod.HEAD);
        sent(HttpMethod.GET);
        sent(HttpMethod.GET);

        channel.writeInbound(bytes("HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\nHTTP/1.1 204 No Content\r\n\r\n"
                + "HTTP/1.1 304 Not Modified\r\nContent-Length: 7\r\n\r\n"));

        List<Read> reads = responses();
        assertThat(reads).extracting(r -> r.head().status()).containsExactly(200, 204, 304);
        assertThat(reads).extracting(Read::body).containsOnly("");
    }

    @Test
    void anInterimResponseEndsAtOnceAndTheFinalOneFollowsForTheSameRequest() {
        sent(HttpMethod.POST);

        channel.writeInbound(bytes("HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 201 Created\r\nContent-Length: 2\r\n\r\nok"));

        List<Read> reads = responses();
        assertThat(reads).extracting(r -> r.head().status()).containsExactly(100, 201);
        assertThat(reads.get(1).body()).isEqualTo("ok");
    }

    @Test
    void withoutLengthTheBodyLastsUntilTheBackendCloses() {
        sent(HttpMethod.GET);

        channel.writeInbound(bytes("HTTP/1.0 200 OK\r\n\r\nall of "));
        channel.writeInbound(bytes("this"));
        assertThat(listener.read).noneMatch(LastHttpContent.class::isInstance);
        channel.finish();

        List<Read> reads = responses();
        assertThat(reads).hasSize(1);
        assertThat(reads.get(0).head().persistent()).isFalse();
        assertThat(reads.get(0).body()).isEqualTo("all of this");
        assertThat(listener.closed).isTrue();
        assertThat(listener.failure).isNull();
    }

    @Test
    void aBackendClosingInTheMiddleOfABodyIsAFailure() {
        sent(HttpMethod.GET);
        channel.writeInbound(bytes("HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nhalf"));
        channel.finish();

        assertThat(listener.failure).isInstanceOf(DecoderException.class)
                .hasMessageContaining("in the middle of a response");
    }

    @Test
    void aMalformedResponseFailsTheConnection() {
        sent(HttpMethod.GET);

        channel.writeInbound(bytes("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n"));

        assertThat(listener.failure).isInstanceOf(DecoderException.class).hasMessageContaining("malformed");
        assertThat(listener.read).as("what came before the malformed chunk, then the failure")
                .singleElement().isInstanceOfSatisfying(Seen.class, head -> assertThat(head.status()).isEqualTo(200));
        assertThat(channel.isOpen()).isFalse();
    }

    @Test
    void eachRequestSetsHowLargeItsResponseHeadMayBe() {
        String head = "HTTP/1.1 200 OK\r\nX-Big: " + "h".repeat(1500) + "\r\nContent-Length: 2\r\n\r\nok";

        sent(channel, request(HttpMethod.GET, new DefaultHttpHeaders(), false, 2048));
        channel.writeInbound(bytes(head));

        assertThat(responses()).singleElement().satisfies(read -> assertThat(read.body()).isEqualTo("ok"));

        sent(channel, request(HttpMethod.GET, new DefaultHttpHeaders(), false, 1024));
        channel.writeInbound(bytes(head));

        assertThat(listener.failure).isInstanceOf(DecoderException.class).hasMessageContaining("too large");
        assertThat(channel.isOpen()).isFalse();
    }

    @Test
    void aResponseNobodyAskedForClosesTheConnection() {
        channel.attr(UpstreamHandler.LISTENER).set(null);

        channel.writeInbound(bytes("HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n"));

        assertThat(channel.isOpen()).isFalse();
    }

    @Test
    void afterA101TheBytesAreLeftForTheTunnel() {
        sent(HttpMethod.GET);

        channel.writeInbound(bytes("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\n\r\n\u0081\u0002hi"));

        Seen switched = (Seen) listener.read.poll();
        assertThat(switched.status()).isEqualTo(101);
        assertThat(listener.read).isEmpty();
        UpstreamHttp1Connection.tunnel(channel.pipeline());
        ByteBuf tunnelled = (ByteBuf) listener.read.poll();
        assertThat(tunnelled.toString(StandardCharsets.ISO_8859_1)).isEqualTo("\u0081\u0002hi");
        tunnelled.release();
    }
}
