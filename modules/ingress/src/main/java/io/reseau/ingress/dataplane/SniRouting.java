package io.reseau.ingress.dataplane;

import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.ssl.SniHandler;
import io.netty.handler.ssl.SslContext;
import io.reseau.ingress.model.Route;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The first handler of a TLS connection: reads the server name the ClientHello asks for (SNI), then either
 * terminates TLS with that name's certificate (Netty's {@link SniHandler}) or, for a host with
 * {@code ssl-passthrough}, hands the connection undecrypted to a {@link Relay} to the host's backend.
 */
final class SniRouting extends SniHandler {

    private final Supplier<Snapshot> snapshot;
    private final DataPlane plane;
    private final LoopResources loop;

    SniRouting(Supplier<Snapshot> snapshot, DataPlane plane, LoopResources loop) {
        super(name -> snapshot.get().context(name));
        this.snapshot = snapshot;
        this.plane = plane;
        this.loop = loop;
    }

    @Override
    protected void replaceHandler(ChannelHandlerContext ctx, String hostname, SslContext sslContext)
            throws Exception {
        Optional<Route> passthrough = hostname == null ? Optional.empty()
                : snapshot.get().table().passthrough(hostname);
        if (passthrough.isEmpty()) {
            super.replaceHandler(ctx, hostname, sslContext);
            return;
        }
        // The handlers that would have spoken HTTP over the decrypted stream leave; the ClientHello read so far
        // is handed on to the passthrough as this handler leaves.
        ctx.pipeline().remove(ProtocolNegotiation.class);
        ctx.pipeline().replace(this, Relay.class.getName(),
                new Relay(RelayTarget.of(passthrough.get(), hostname), plane, loop));
    }
}
