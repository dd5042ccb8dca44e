package io.reseau.ingress.dataplane;

import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.ssl.ReferenceCountedOpenSslEngine;
import io.netty.handler.ssl.SniHandler;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslHandler;
import io.netty.internal.tcnative.SSL;
import io.reseau.ingress.model.Route;
import java.util.Optional;
import java.util.function.Supplier;
import javax.net.ssl.SSLParameters;

/**
 * The first handler of a TLS connection: reads the server name the ClientHello asks for (SNI), then either
 * terminates TLS with that name's certificate (Netty's {@link SniHandler}) or, for a host with
 * {@code ssl-passthrough}, hands the connection undecrypted to a {@link Relay} to the host's backend; with
 * {@code ssl-reject-handshake}, a name no rule names (or none) ends the connection with a fatal
 * {@code unrecognized_name} alert, as nginx's {@code ssl_reject_handshake}.
 */
final class SniRouting extends SniHandler {

    /** A TLS record (version 1.2, as TLS 1.3 writes them too) holding a fatal unrecognized_name alert. */
    private static final byte[] UNRECOGNIZED_NAME = {21, 3, 3, 0, 2, 2, 112};

    private final Supplier<Snapshot> snapshot;
    private final DataPlane plane;
    private final LoopResources loop;

    SniRouting(Supplier<Snapshot> snapshot, DataPlane plane, LoopResources loop) {
        super(name -> snapshot.get().context(name));
        this.snapshot = snapshot;
        this.plane = plane;
        this.loop = loop;
    }

    /**
     * The TLS handler of the name's context; without session tickets ({@code ssl-session-tickets: "false"}) set on
     * its engine, as Netty turns them on for each engine offering TLS 1.3, whatever its context says; choosing the
     * suite in the client's order of preference where the name's host, or else the controller, says so
     * ({@code ssl-prefer-server-ciphers}); with the certificate's OCSP answer stapled ({@code enable-ocsp}).
     */
    @Override
    protected SslHandler newSslHandler(SslContext context, ByteBufAllocator allocator) {
        SslHandler handler = super.newSslHandler(context, allocator);
        plane.stapling().staple(context, handler.engine());
        if (!plane.settings().tls().resumption().tickets()
                && handler.engine() instanceof ReferenceCountedOpenSslEngine engine) {
            SSL.setOptions(engine.sslPointer(), SSL.SSL_OP_NO_TICKET);
        }
        String name = hostname();
        Optional<Boolean> hostPreference = name == null ? Optional.empty()
                : snapshot.get().table().preferServerCiphers(name);
        if (!hostPreference.orElse(plane.settings().tls().preferServerCiphers())) {
            SSLParameters parameters = handler.engine().getSSLParameters();
            parameters.setUseCipherSuitesOrder(false);
            handler.engine().setSSLParameters(parameters);
        }
        return handler;
    }

    @Override
    protected void replaceHandler(ChannelHandlerContext ctx, String hostname, SslContext sslContext)
            throws Exception {
        if (plane.settings().tls().rejectUnknownNames()
                && (hostname == null || !snapshot.get().table().namesHost(hostname))) {
            ctx.writeAndFlush(Unpooled.wrappedBuffer(UNRECOGNIZED_NAME)).addListener(ChannelFutureListener.CLOSE);
            return;
        }
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
