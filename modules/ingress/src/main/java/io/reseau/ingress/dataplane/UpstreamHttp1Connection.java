package io.reseau.ingress.dataplane;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.codec.http.HttpContent;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * The one handler of an HTTP/1.1 backend connection, in place of Netty's {@code HttpClientCodec} and a handler
 * after it: writes request heads from {@link UpstreamHttp1Request}s and body parts (chunked when the request's body
 * is), reads responses with an {@link Http1ResponseDecoder} and hands each message straight to the exchange using
 * the connection. One handler, because every handler a read or a write passes through costs it a dispatch. A
 * malformed response fails the connection ({@code DecoderException}), which the exchange answers {@code 502}.
 */
final class UpstreamHttp1Connection extends UpstreamHandler {

    /** Room for a usual request head; a larger one grows the buffer. */
    private static final int HEAD_BUFFER = 512;

    private final Http1ResponseDecoder decoder;
    /** Messages decoded from one read, handed on one by one; reused. */
    private final List<Object> decoded = new ArrayList<>(4);
    private final Cumulation cumulation = new Cumulation();
    private boolean chunked;
    private ChannelHandlerContext ctx;
    /**
     * When the connection was set up, how many requests it has carried, and since when it has waited in the pool for
     * the next (while it does).
     */
    private long openedNanos;
    private int requests;
    private long idleSinceNanos;
    /**
     * The last buffer a body part was framed into so far: the one before it is written when the next comes, and the
     * last carries the part's promise.
     */
    private ByteBuf framed;
    private final Consumer<ByteBuf> framing = buffer -> {
        if (framed != null) {
            ctx.write(framed, ctx.voidPromise());
        }
        framed = buffer;
    };

    /**
     * Trailer sections (and response heads until a request sets their limit) up to {@code maxHead} bytes; the
     * backend's {@code hidden} fields not passed on.
     */
    UpstreamHttp1Connection(int maxHead, HiddenFields hidden) {
        this.decoder = new Http1ResponseDecoder(maxHead, hidden);
    }

    /**
     * Hands the connection over to a tunnel (after a {@code 101}): this handler leaves, bytes it had read but not
     * decoded go on to the listener set for the tunnel, and so does everything read after.
     */
    static void tunnel(ChannelPipeline pipeline) {
        pipeline.replace(UpstreamHttp1Connection.class, "tunnel", new UpstreamHandler());
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
        openedNanos = System.nanoTime();
    }

    long openedNanos() {
        return openedNanos;
    }

    int requests() {
        return requests;
    }

    Channel channel() {
        return ctx.channel();
    }

    /** Kept alive by the pool from {@code nanos} (its clock), waiting for another exchange. */
    void idleSince(long nanos) {
        idleSinceNanos = nanos;
    }

    long idleSinceNanos() {
        return idleSinceNanos;
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        ByteBuf rest = cumulation.take();
        if (rest != null && rest.isReadable()) {
            // Forwarded to the handler replacing this one.
            ctx.fireChannelRead(rest);
        } else if (rest != null) {
            rest.release();
        }
    }

    // ---- requests ---------------------------------------------------------------------------------------------

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        if (msg instanceof UpstreamHttp1Request request) {
            requests++;
            decoder.expect(request.method(), request.maxResponseHead());
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

    // ---- responses --------------------------------------------------------------------------------------------

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        ByteBuf in = cumulation.add(ctx.alloc(), (ByteBuf) msg);
        try {
            boolean progress;
            do {
                decoder.decode(in, decoded);
                progress = !decoded.isEmpty();
                handOn(ctx);
                // Handing on may have ended this handler (a tunnel took the bytes left) or the connection.
            } while (progress && cumulation.bytes() == in && in.isReadable() && !decoder.upgraded());
        } catch (Http1Head.Malformed malformed) {
            // What came before the malformed part goes on first, as when the connection closes (channelInactive).
            handOn(ctx);
            exceptionCaught(ctx, new DecoderException("a malformed response: " + malformed.getMessage()));
        } finally {
            cumulation.releaseIfConsumed();
        }
    }

    /**
     * Hands on what was decoded. A message may end the exchange and with it this handler (a tunnel takes over), or
     * close the connection; the rest is handed on all the same, to whoever listens then.
     */
    private void handOn(ChannelHandlerContext ctx) {
        for (int i = 0; i < decoded.size(); i++) {
            super.channelRead(ctx, decoded.get(i));
        }
        decoded.clear();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        boolean complete;
        ByteBuf in = cumulation.bytes();
        try {
            if (in != null) {
                decoder.decode(in, decoded);
            }
            complete = decoder.closed(in, decoded);
        } catch (Http1Head.Malformed malformed) {
            complete = false;
        } finally {
            cumulation.release();
        }
        handOn(ctx);
        if (!complete) {
            exceptionCaught(ctx, new DecoderException("the backend closed the connection in the middle of a response"));
        }
        super.channelInactive(ctx);
    }
}
