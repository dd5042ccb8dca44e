package io.reseau.ingress.dataplane;

import io.netty.handler.codec.http2.DefaultHttp2Connection;
import io.netty.handler.codec.http2.DefaultHttp2RemoteFlowController;
import io.netty.handler.codec.http2.Http2Connection;
import io.netty.handler.codec.http2.Http2FrameCodec;
import io.netty.handler.codec.http2.Http2FrameCodecBuilder;
import io.netty.handler.codec.http2.Http2Settings;
import io.netty.handler.codec.http2.UniformStreamByteDistributor;

/**
 * The HTTP/2 frame codec of a client connection: reseau's limits in the SETTINGS it announces, and response DATA
 * shared out between streams evenly rather than by the priority tree. Netty's default distributor keeps that tree
 * (one state object and priority queue updates per stream, and 1 KiB allocations per round); RFC 9113 deprecates
 * the priority scheme and nginx ignores it too, so the tree is work for nothing on every stream.
 */
final class Http2ServerCodec extends Http2FrameCodecBuilder {

    private Http2ServerCodec(DataPlaneSettings settings) {
        // The connection says it is the server's (the builder refuses server() beside connection()).
        Http2Connection connection = new DefaultHttp2Connection(true, maxReservedStreams());
        connection.remote().flowController(new DefaultHttp2RemoteFlowController(connection,
                new UniformStreamByteDistributor(connection)));
        connection(connection);
        initialSettings(Http2Settings.defaultSettings()
                .maxConcurrentStreams(settings.maxConcurrentStreams())
                .maxHeaderListSize(settings.maxHeaderBytes()));
    }

    static Http2FrameCodec build(DataPlaneSettings settings) {
        return new Http2ServerCodec(settings).build();
    }
}
