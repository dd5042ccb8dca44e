package io.reseau.ingress.dataplane;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.CombinedChannelDuplexHandler;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.codec.MessageToMessageEncoder;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultHttpHeadersFactory;
import io.netty.handler.codec.http.DefaultLastHttpContent;
import io.netty.handler.codec.http.EmptyHttpHeaders;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpHeadersFactory;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.LastHttpContent;
import java.util.ArrayDeque;
import java.util.List;

/**
 * The HTTP/1.1 codec of a backend connection, in place of Netty's {@code HttpClientCodec}: request heads are
 * written from {@link UpstreamHttp1Request}s, noting each request's method; responses are read with {@link Http1Head}, which
 * scans a head once and checks it, and framed here (RFC 9112 6.3): no body after HEAD or for 1xx, 204 and 304,
 * else a chunked body, a Content-Length, or everything until the backend closes. Out come a
 * {@link ScannedResponseHead} (the head as received, never decoded unless asked), body slices as Netty's
 * {@code HttpContent}, and a last part (with a chunked body's trailers).
 */
final class UpstreamHttp1Codec extends CombinedChannelDuplexHandler<UpstreamHttp1Codec.ResponseDecoder,
        UpstreamHttp1Codec.RequestEncoder> {

    /** The longest chunk-size line accepted (extensions included). */
    private static final int MAX_CHUNK_LINE = 1024;

    UpstreamHttp1Codec(int maxHead) {
        ArrayDeque<HttpMethod> methods = new ArrayDeque<>(2);
        init(new ResponseDecoder(maxHead, methods), new RequestEncoder(methods));
    }

    /**
     * Writes request heads ({@link UpstreamHttp1Request}) and body parts, chunked when the request's body is; notes
     * every request's method, so that its response is framed right.
     */
    static final class RequestEncoder extends MessageToMessageEncoder<Object> {
        /** Room for a usual request head; a larger one grows the buffer. */
        private static final int HEAD_BUFFER = 512;

        private final ArrayDeque<HttpMethod> methods;
        private boolean chunked;

        RequestEncoder(ArrayDeque<HttpMethod> methods) {
            this.methods = methods;
        }

        @Override
        public boolean acceptOutboundMessage(Object msg) {
            return msg instanceof UpstreamHttp1Request || msg instanceof HttpContent;
        }

        @Override
        protected void encode(ChannelHandlerContext ctx, Object msg, List<Object> out) {
            if (msg instanceof UpstreamHttp1Request request) {
                methods.add(request.method());
                chunked = request.chunked();
                ByteBuf head = ctx.alloc().buffer(HEAD_BUFFER);
                request.write(head);
                out.add(head);
                return;
            }
            // The encoder releases the part once encoded: its content, handed on, is retained for the write.
            HttpContent part = (HttpContent) msg;
            part.content().retain();
            Http1Wire.frame(part, chunked, ctx.alloc(), out::add);
            if (out.isEmpty()) {
                // An empty end of a body that is not chunked: nothing to send, but the write must complete.
                out.add(Unpooled.EMPTY_BUFFER);
            }
        }
    }

    /** Reads responses; a malformed one fails the connection ({@code DecoderException}), which the exchange answers 502. */
    static final class ResponseDecoder extends ByteToMessageDecoder {

        private enum State { HEAD, FIXED, CHUNK_SIZE, CHUNK_DATA, CHUNK_END, TRAILERS, UNTIL_CLOSE }

        /** The trailers of a body that has none (a body with a length): not even an empty map is made per response. */
        private static final HttpHeaders NO_TRAILERS = EmptyHttpHeaders.INSTANCE;

        private static final HttpHeadersFactory HEADERS = DefaultHttpHeadersFactory.headersFactory()
                .withValidation(false);

        private final int maxHead;
        /** The head being read; a complete one leaves with its {@link ScannedResponseHead}. */
        private Http1Head head;
        private final Http1Head trailers;
        private final ArrayDeque<HttpMethod> methods;
        private State state = State.HEAD;
        private long remaining;
        /** After a 101 the bytes are the tunnel's: they wait, unread, for the exchange to remove this codec. */
        private boolean upgraded;

        ResponseDecoder(int maxHead, ArrayDeque<HttpMethod> methods) {
            this.maxHead = maxHead;
            this.head = Http1Head.response(maxHead);
            this.trailers = Http1Head.trailers(maxHead);
            this.methods = methods;
        }

        @Override
        protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) throws Exception {
            while (in.isReadable() && !upgraded && step(in, out)) {
                // One step after another until more bytes are needed.
            }
        }

        /** One step of the state machine; false when it needs more bytes. */
        private boolean step(ByteBuf in, List<Object> out) throws Http1Head.Malformed {
            switch (state) {
                case HEAD -> {
                    return head(in, out);
                }
                case FIXED -> {
                    int n = (int) Math.min(remaining, in.readableBytes());
                    remaining -= n;
                    if (remaining == 0) {
                        out.add(new DefaultLastHttpContent(in.readRetainedSlice(n), NO_TRAILERS));
                        state = State.HEAD;
                    } else {
                        out.add(new DefaultHttpContent(in.readRetainedSlice(n)));
                    }
                    return true;
                }
                case UNTIL_CLOSE -> {
                    out.add(new DefaultHttpContent(in.readRetainedSlice(in.readableBytes())));
                    return true;
                }
                case CHUNK_SIZE -> {
                    return chunkSize(in, out);
                }
                case CHUNK_DATA -> {
                    int n = (int) Math.min(remaining, in.readableBytes());
                    remaining -= n;
                    out.add(new DefaultHttpContent(in.readRetainedSlice(n)));
                    if (remaining == 0) {
                        state = State.CHUNK_END;
                    }
                    return true;
                }
                case CHUNK_END -> {
                    if (in.readableBytes() < 2) {
                        return false;
                    }
                    if (in.readByte() != '\r' || in.readByte() != '\n') {
                        throw new Http1Head.Malformed(502, "a chunk not followed by CRLF");
                    }
                    state = State.CHUNK_SIZE;
                    return true;
                }
                case TRAILERS -> {
                    return trailers(in, out);
                }
                default -> throw new IllegalStateException(state.name());
            }
        }

        private boolean head(ByteBuf in, List<Object> out) throws Http1Head.Malformed {
            int length = head.scan(in);
            if (length == Http1Head.INCOMPLETE) {
                return false;
            }
            Http1Head scanned = head;
            head = Http1Head.response(maxHead);
            int code = scanned.status();
            boolean interim = code >= 100 && code < 200;
            HttpMethod method = interim ? methods.peek() : methods.poll();
            long contentLength = scanned.contentLength();
            boolean chunked = scanned.transferEncodings() > 0 && scanned.chunked();
            boolean transferEncoded = scanned.transferEncodings() > 0;
            in.skipBytes(length);
            out.add(new ScannedResponseHead(scanned));
            if (code == 101) {
                upgraded = true;
                return true;
            }
            if (interim || code == 204 || code == 304 || HttpMethod.HEAD.equals(method)) {
                out.add(LastHttpContent.EMPTY_LAST_CONTENT);
            } else if (chunked) {
                state = State.CHUNK_SIZE;
            } else if (transferEncoded || contentLength < 0) {
                state = State.UNTIL_CLOSE;
            } else if (contentLength == 0) {
                out.add(LastHttpContent.EMPTY_LAST_CONTENT);
            } else {
                remaining = contentLength;
                state = State.FIXED;
            }
            return true;
        }

        private boolean chunkSize(ByteBuf in, List<Object> out) throws Http1Head.Malformed {
            int lineFeed = in.indexOf(in.readerIndex(), in.writerIndex(), (byte) '\n');
            if (lineFeed < 0) {
                if (in.readableBytes() > MAX_CHUNK_LINE) {
                    throw new Http1Head.Malformed(502, "chunk-size line too long");
                }
                return false;
            }
            int from = in.readerIndex();
            if (lineFeed == from || in.getByte(lineFeed - 1) != '\r' || lineFeed - from > MAX_CHUNK_LINE) {
                throw new Http1Head.Malformed(502, "a malformed chunk-size line");
            }
            long size = 0;
            int i = from;
            for (; i < lineFeed - 1; i++) {
                int digit = Character.digit(in.getByte(i), 16);
                if (digit < 0) {
                    break;
                }
                size = size * 16 + digit;
                if (size > Integer.MAX_VALUE) {
                    throw new Http1Head.Malformed(502, "a chunk too large");
                }
            }
            byte after = in.getByte(i);
            if (i == from || (i < lineFeed - 1 && after != ';' && after != ' ' && after != '\t')) {
                throw new Http1Head.Malformed(502, "a chunk size that is not hexadecimal");
            }
            in.readerIndex(lineFeed + 1);
            if (size == 0) {
                state = State.TRAILERS;
            } else {
                remaining = size;
                state = State.CHUNK_DATA;
            }
            return true;
        }

        private boolean trailers(ByteBuf in, List<Object> out) throws Http1Head.Malformed {
            int length = trailers.scan(in);
            if (length == Http1Head.INCOMPLETE) {
                return false;
            }
            DefaultLastHttpContent last = new DefaultLastHttpContent(Unpooled.EMPTY_BUFFER, HEADERS);
            for (int i = 0; i < trailers.fieldCount(); i++) {
                last.trailingHeaders().add(trailers.nameBytes(i), trailers.valueBytes(i));
            }
            trailers.reset();
            in.skipBytes(length);
            out.add(last);
            state = State.HEAD;
            return true;
        }

        @Override
        protected void decodeLast(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) throws Exception {
            decode(ctx, in, out);
            if (state == State.UNTIL_CLOSE) {
                out.add(LastHttpContent.EMPTY_LAST_CONTENT);
                state = State.HEAD;
            } else if (state != State.HEAD || (in.isReadable() && !upgraded)) {
                throw new DecoderException("the backend closed the connection in the middle of a response");
            }
        }
    }
}
