package io.reseau.ingress.dataplane;

import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.flush.FlushConsolidationHandler;
import io.netty.handler.ssl.ApplicationProtocolNames;
import io.netty.handler.ssl.ApplicationProtocolNegotiationHandler;

/**
 * After the TLS handshake, installs the pipeline of the protocol ALPN chose: HTTP/2 (one {@link Http2ClientConnection}
 * serving every stream) or HTTP/1.1 ({@link Http1Connection}).
 */
final class ProtocolNegotiation extends ApplicationProtocolNegotiationHandler {

    private final DataPlane plane;
    private final LoopResources loop;

    ProtocolNegotiation(DataPlane plane, LoopResources loop) {
        super(ApplicationProtocolNames.HTTP_1_1);
        this.plane = plane;
        this.loop = loop;
    }

    @Override
    protected void configurePipeline(ChannelHandlerContext ctx, String protocol) {
        // Between TLS and the protocol: the flushes of one event loop turn (HTTP/2 answers many streams at once)
        // become one, so their frames are encrypted together into full TLS records and written in one call. Before
        // the TLS handler instead, each stream's flush would still make records of its own.
        ctx.pipeline().addLast(new FlushConsolidationHandler(256, true));
        if (ApplicationProtocolNames.HTTP_2.equals(protocol)) {
            ctx.pipeline().addLast(Http2ServerCodec.build(plane, loop));
        } else {
            ctx.pipeline().addLast(new Http1Connection(plane, loop, true));
        }
    }
}
