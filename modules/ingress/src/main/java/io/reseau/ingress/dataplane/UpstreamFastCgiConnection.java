package io.reseau.ingress.dataplane;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.LastHttpContent;
import java.nio.charset.StandardCharsets;
import org.jboss.logging.Logger;

/**
 * The one handler of a FastCGI backend connection, in place of {@link UpstreamHttp1Connection}: writes a
 * {@link FastCgiRequest} as its beginning and parameters and the request's body parts as {@code STDIN}
 * ({@link FastCgiRecords}); reads the application's records and hands on its CGI response as an {@code HttpResponse}
 * ({@link CgiResponseHead}), body parts, and a {@code LastHttpContent} at {@code END_REQUEST}. What the application
 * writes to {@code STDERR} is logged, as nginx logs it. A malformed record or head, a head over the request's limit,
 * or an end before the head fails the connection, which the exchange answers {@code 502}. One request per
 * connection: the application closes it after {@code END_REQUEST}.
 */
final class UpstreamFastCgiConnection extends UpstreamHandler {

    private static final Logger LOG = Logger.getLogger(UpstreamFastCgiConnection.class);
    /** How much of each {@code STDERR} record is logged. */
    private static final int STDERR_LOGGED = 2048;

    private final Cumulation cumulation = new Cumulation();
    /** The CGI head read so far, until its empty line; null before the first byte and once handed on. */
    private ByteBuf head;
    private boolean headRead;
    private boolean ended;
    private int maxHead;
    private boolean bodyless;

    // ---- requests ---------------------------------------------------------------------------------------------

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        if (msg instanceof FastCgiRequest request) {
            maxHead = request.maxResponseHead();
            bodyless = request.method().equals(HttpMethod.HEAD);
            ByteBuf out = ctx.alloc().buffer(1024);
            FastCgiRecords.writeBegin(out, request.params());
            ctx.write(out, promise);
        } else if (msg instanceof HttpContent part) {
            ByteBuf body = part.content();
            ByteBuf out = ctx.alloc().buffer(body.readableBytes() + FastCgiRecords.HEADER
                    * (2 + body.readableBytes() / FastCgiRecords.MAX_CONTENT));
            try {
                FastCgiRecords.writeStdin(out, body, part instanceof LastHttpContent);
            } finally {
                part.release();
            }
            if (out.isReadable()) {
                ctx.write(out, promise);
            } else {
                out.release();
                promise.trySuccess();
            }
        } else {
            ctx.write(msg, promise);
        }
    }

    // ---- responses --------------------------------------------------------------------------------------------

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        ByteBuf in = cumulation.add(ctx.alloc(), (ByteBuf) msg);
        try {
            FastCgiRecords.Header record;
            while (!ended && (record = FastCgiRecords.Header.peek(in)) != null
                    && in.readableBytes() >= record.length()) {
                int content = in.readerIndex() + FastCgiRecords.HEADER;
                switch (record.type()) {
                    case FastCgiRecords.STDOUT -> stdout(ctx, in, content, record.contentLength());
                    case FastCgiRecords.STDERR -> LOG.warnf("FastCGI application %s wrote to stderr: %s",
                            ctx.channel().remoteAddress(), in.toString(content,
                                    Math.min(record.contentLength(), STDERR_LOGGED), StandardCharsets.UTF_8).strip());
                    case FastCgiRecords.END_REQUEST -> end(ctx);
                    default -> {
                        // Management records and types of later versions carry nothing of the response.
                    }
                }
                in.skipBytes(record.length());
            }
        } catch (IllegalArgumentException malformed) {
            exceptionCaught(ctx, new DecoderException("a malformed FastCGI response: " + malformed.getMessage()));
        } finally {
            cumulation.releaseIfConsumed();
        }
    }

    /** {@code length} bytes of the CGI response from {@code at}: its head until it is whole, then its body. */
    private void stdout(ChannelHandlerContext ctx, ByteBuf in, int at, int length) {
        if (headRead) {
            if (length > 0 && !bodyless) {
                super.channelRead(ctx, new DefaultHttpContent(in.retainedSlice(at, length)));
            }
            return;
        }
        if (head == null) {
            head = ctx.alloc().buffer(Math.min(length, maxHead));
        }
        head.writeBytes(in, at, length);
        int end = CgiResponseHead.end(head);
        // The head so far, or the whole head once its end is found (the body's first bytes left out).
        if ((end < 0 ? head.readableBytes() : end - head.readerIndex()) > maxHead) {
            throw new IllegalArgumentException("its head is over " + maxHead + " bytes");
        }
        if (end < 0) {
            return;
        }
        String text = CgiResponseHead.text(head, end);
        head.readerIndex(end);
        headRead = true;
        super.channelRead(ctx, CgiResponseHead.parse(text));
        if (head.isReadable() && !bodyless) {
            super.channelRead(ctx, new DefaultHttpContent(head.retain()));
        }
        head.release();
        head = null;
    }

    private void end(ChannelHandlerContext ctx) {
        if (!headRead) {
            throw new IllegalArgumentException("it ended before its head");
        }
        ended = true;
        super.channelRead(ctx, LastHttpContent.EMPTY_LAST_CONTENT);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        releaseBuffers();
        if (!ended) {
            exceptionCaught(ctx, new DecoderException("the backend closed the connection in the middle of a response"));
        }
        super.channelInactive(ctx);
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        releaseBuffers();
    }

    private void releaseBuffers() {
        cumulation.release();
        if (head != null) {
            head.release();
            head = null;
        }
    }
}
