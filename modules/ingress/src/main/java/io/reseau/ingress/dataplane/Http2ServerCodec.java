package io.reseau.ingress.dataplane;

import io.netty.handler.codec.http2.AbstractHttp2ConnectionHandlerBuilder;
import io.netty.handler.codec.http2.DefaultHttp2Connection;
import io.netty.handler.codec.http2.DefaultHttp2RemoteFlowController;
import io.netty.handler.codec.http2.Http2Connection;
import io.netty.handler.codec.http2.Http2ConnectionDecoder;
import io.netty.handler.codec.http2.Http2ConnectionEncoder;
import io.netty.handler.codec.http2.Http2Settings;
import io.netty.handler.codec.http2.UniformStreamByteDistributor;

/**
 * Builds the HTTP/2 handler of a client connection ({@link Http2ClientConnection}): reseau's limits in the SETTINGS
 * it announces, Netty's defences (rapid reset, control frame floods) as they come, and response DATA shared out
 * between streams evenly rather than by the priority tree. Netty's default distributor keeps that tree (one state
 * object and priority queue updates per stream, and 1 KiB allocations per round); RFC 9113 deprecates the
 * priority scheme and nginx ignores it too, so the tree is work for nothing on every stream.
 */
final class Http2ServerCodec extends AbstractHttp2ConnectionHandlerBuilder<Http2ClientConnection, Http2ServerCodec> {

    private final DataPlane plane;
    private final LoopResources loop;

    private Http2ServerCodec(DataPlane plane, LoopResources loop) {
        this.plane = plane;
        this.loop = loop;
        // The connection says it is the server's (the builder refuses server() beside connection()).
        Http2Connection connection = new DefaultHttp2Connection(true, maxReservedStreams());
        connection.remote().flowController(new DefaultHttp2RemoteFlowController(connection,
                new UniformStreamByteDistributor(connection)));
        connection(connection);
        initialSettings(Http2Settings.defaultSettings()
                .maxConcurrentStreams(plane.settings().maxConcurrentStreams())
                .maxHeaderListSize(plane.settings().maxHeaderBytes()));
    }

    static Http2ClientConnection build(DataPlane plane, LoopResources loop) {
        return new Http2ServerCodec(plane, loop).build();
    }

    @Override
    protected Http2ClientConnection build(Http2ConnectionDecoder decoder, Http2ConnectionEncoder encoder,
            Http2Settings initialSettings) {
        Http2ClientConnection handler = new Http2ClientConnection(decoder, encoder, initialSettings, plane,
                loop);
        frameListener(handler);
        return handler;
    }
}
