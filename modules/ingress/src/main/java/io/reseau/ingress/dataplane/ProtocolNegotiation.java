package io.reseau.ingress.dataplane;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.handler.codec.http2.Http2MultiplexHandler;
import io.netty.handler.codec.http2.Http2StreamFrameToHttpObjectCodec;
import io.netty.handler.flow.FlowControlHandler;
import io.netty.handler.flush.FlushConsolidationHandler;
import io.netty.handler.ssl.ApplicationProtocolNames;
import io.netty.handler.ssl.ApplicationProtocolNegotiationHandler;

/**
 * After the TLS handshake, installs the pipeline of the protocol ALPN chose: HTTP/2 (each stream a child channel
 * converted to HTTP objects, so the same {@link Http1Connection} serves both) or HTTP/1.1.
 */
final class ProtocolNegotiation extends ApplicationProtocolNegotiationHandler {

    private final DataPlane plane;

    ProtocolNegotiation(DataPlane plane) {
        super(ApplicationProtocolNames.HTTP_1_1);
        this.plane = plane;
    }

    @Override
    protected void configurePipeline(ChannelHandlerContext ctx, String protocol) {
        // Between TLS and the protocol: the flushes of one event loop turn (HTTP/2 answers many streams at once)
        // become one, so their frames are encrypted together into full TLS records and written in one call. Before
        // the TLS handler instead, each stream's flush would still make records of its own.
        ctx.pipeline().addLast(new FlushConsolidationHandler(256, true));
        if (ApplicationProtocolNames.HTTP_2.equals(protocol)) {
            ctx.pipeline().addLast(Http2ServerCodec.build(plane.settings()));
            ctx.pipeline().addLast(new Http2MultiplexHandler(new ChannelInitializer<Channel>() {
                @Override
                protected void initChannel(Channel stream) {
                    stream.config().setAutoRead(false);
                    stream.pipeline().addLast(new Http2StreamFrameToHttpObjectCodec(true), new FlowControlHandler(),
                            new Http1Connection(plane, true, null));
                }
            }));
        } else {
            Http1Pipeline.install(ctx.pipeline(), plane, true);
        }
    }
}
