package io.reseau.ingress.dataplane;

import io.netty.channel.ChannelPipeline;

/**
 * The HTTP/1.1 client pipeline, top to bottom: deadlines on raw bytes, the request decoder (responses are written as bytes by {@link Http1Connection}), one message at a time
 * (so a pipelined request waits for the response before it), the exchange. Reading stays on (see {@link PullGate}).
 */
final class Http1Pipeline {

    static final String TIMEOUTS = "timeouts";
    static final String CODEC = "codec";
    static final String GATE = "gate";

    private Http1Pipeline() {
    }

    static void install(ChannelPipeline pipeline, DataPlane plane, boolean secure) {
        DataPlaneSettings settings = plane.settings();
        ClientTimeouts timeouts = new ClientTimeouts(settings.headerTimeout(), settings.bodyTimeout(),
                settings.keepAliveTimeout());
        pipeline.addLast(TIMEOUTS, timeouts);
        pipeline.addLast(CODEC, new Http1RequestDecoder(settings.maxInitialLineBytes(), settings.maxHeaderBytes()));
        pipeline.addLast(GATE, new PullGate());
        pipeline.addLast(new Http1Connection(plane, secure, timeouts));
    }
}
