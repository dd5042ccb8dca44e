package io.reseau.ingress.dataplane;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.LastHttpContent;
import java.util.ArrayDeque;
import java.util.List;
import java.util.function.Consumer;

/**
 * The HTTP/1.1 codec of a backend connection, in place of Netty's {@code HttpClientCodec}: request heads are
 * written from {@link UpstreamHttp1Request}s, noting each request's method; responses are read with {@link Http1Head}, which
 * scans a head once and checks it, and framed here (RFC 9112 6.3): no body after HEAD or for 1xx, 204 and 304,
 * else a chunked body, a Content-Length, or everything until the backend closes. Out come a
 * {@link ScannedResponseHead} (the head as received, never decoded unless asked), body slices as Netty's
 * {@code HttpContent}, and a last part (with a chunked body's trailers). Two handlers sharing the methods sent,
 * not one combined handler: a read then passes only the decoder and a write only the encoder, without the
 * combined handler's delegation on every event.
 */
final class UpstreamHttp1Codec {

    private UpstreamHttp1Codec() {
    }

    /** The decoder and the encoder of one connection, to add to its pipeline in this order. */
    static ChannelHandler[] handlers(int maxHead) {
        ArrayDeque<HttpMethod> methods = new ArrayDeque<>(2);
        return new ChannelHandler[] {new ResponseDecoder(maxHead, methods), new RequestEncoder(methods)};
    }

    /** Takes both out (after an upgrade), the decoder handing on the bytes it had buffered. */
    static void remove(ChannelPipeline pipeline) {
        pipeline.remove(RequestEncoder.class);
        pipeline.remove(ResponseDecoder.class);
    }

    /**
     * Writes request heads ({@link UpstreamHttp1Request}) and body parts, chunked when the request's body is; notes
     * every request's method, so that its response is framed right.
     */
    static final class RequestEncoder extends ChannelOutboundHandlerAdapter {
        /** Room for a usual request head; a larger one grows the buffer. */
        private static final int HEAD_BUFFER = 512;

        private final ArrayDeque<HttpMethod> methods;
        private boolean chunked;
        private ChannelHandlerContext ctx;
        /**
         * The last buffer a body part was framed into so far: the one before it is written when the next comes, and
         * the last carries the part's promise.
         */
        private ByteBuf framed;
        private final Consumer<ByteBuf> framing = buffer -> {
            if (framed != null) {
                ctx.write(framed, ctx.voidPromise());
            }
            framed = buffer;
        };

        RequestEncoder(ArrayDeque<HttpMethod> methods) {
            this.methods = methods;
        }

        @Override
        public void handlerAdded(ChannelHandlerContext ctx) {
            this.ctx = ctx;
        }

        @Override
        public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
            if (msg instanceof UpstreamHttp1Request request) {
                methods.add(request.method());
                chunked = request.chunked();
                ByteBuf head = ctx.alloc().buffer(HEAD_BUFFER);
                request.write(head);
                ctx.write(head, promise);
            } else if (msg instanceof HttpContent part) {
                Http1Wire.frame(part, chunked, ctx.alloc(), framing);
                ByteBuf last = framed;
                framed = null;
                if (last == null) {
                    // An empty end of a body that is not chunked: nothing to send.
                    promise.trySuccess();
                } else {
                    ctx.write(last, promise);
                }
            } else {
                ctx.write(msg, promise);
            }
        }
    }

    /** Reads responses; a malformed one fails the connection ({@code DecoderException}), which the exchange answers 502. */
    static final class ResponseDecoder extends ByteToMessageDecoder {

        /**
         * One scanner for every response head of the connection: a complete head leaves as a
         * {@link ScannedResponseHead}, handed on (and consumed) before the next head is scanned.
         */
        private final Http1Head head;
        private boolean headHandedOn;
        private final Http1BodyReader body;
        private final ArrayDeque<HttpMethod> methods;
        /** After a 101 the bytes are the tunnel's: they wait, unread, for the exchange to remove this codec. */
        private boolean upgraded;

        ResponseDecoder(int maxHead, ArrayDeque<HttpMethod> methods) {
            this.head = Http1Head.response(maxHead);
            this.body = new Http1BodyReader(maxHead, 502);
            this.methods = methods;
        }

        @Override
        protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) throws Exception {
            while (in.isReadable() && !upgraded) {
                if (body.reading()) {
                    body.read(in, out);
                    if (body.reading()) {
                        return;
                    }
                } else {
                    // A head read is handed on before anything else is read: the next head reuses its scanner.
                    head(in, out);
                    return;
                }
            }
        }

        /** Reads a response head, if whole, and sets up its body. */
        private void head(ByteBuf in, List<Object> out) throws Http1Head.Malformed {
            if (headHandedOn) {
                head.reset();
                headHandedOn = false;
            }
            int length = head.scan(in);
            if (length == Http1Head.INCOMPLETE) {
                return;
            }
            Http1Head scanned = head;
            headHandedOn = true;
            int code = scanned.status();
            boolean interim = code >= 100 && code < 200;
            HttpMethod method = interim ? methods.peek() : methods.poll();
            long contentLength = scanned.contentLength();
            in.skipBytes(length);
            out.add(new ScannedResponseHead(scanned));
            if (code == 101) {
                upgraded = true;
            } else if (interim || code == 204 || code == 304 || HttpMethod.HEAD.equals(method)) {
                out.add(LastHttpContent.EMPTY_LAST_CONTENT);
            } else if (scanned.transferEncodings() > 0 && scanned.chunked()) {
                body.chunked();
            } else if (scanned.transferEncodings() > 0 || contentLength < 0) {
                body.untilClose();
            } else if (contentLength == 0) {
                out.add(LastHttpContent.EMPTY_LAST_CONTENT);
            } else {
                body.length(contentLength);
            }
        }

        @Override
        protected void decodeLast(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) throws Exception {
            decode(ctx, in, out);
            if (!body.closed(out) || (in.isReadable() && !upgraded)) {
                throw new DecoderException("the backend closed the connection in the middle of a response");
            }
        }
    }
}
