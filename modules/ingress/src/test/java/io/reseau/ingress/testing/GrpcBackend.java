package io.reseau.ingress.testing;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http2.Http2FrameCodecBuilder;
import io.netty.handler.codec.http2.Http2MultiplexHandler;
import io.netty.handler.codec.http2.Http2StreamFrameToHttpObjectCodec;
import io.netty.handler.ssl.ApplicationProtocolConfig;
import io.netty.handler.ssl.ApplicationProtocolNames;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.util.SelfSignedCertificate;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * A gRPC-like backend: HTTP/2 without TLS (prior knowledge, as {@code GRPC}) or over TLS with ALPN h2 and a
 * self-signed certificate (as {@code GRPCS}), answering each stream with a report of what arrived (protocol
 * {@code h2c} or {@code h2}) and the trailer {@code grpc-status: 0}, as gRPC servers end every call; or, without TLS,
 * as the test says ({@link #cleartext(Function)}).
 */
public final class GrpcBackend implements AutoCloseable {

    private final EventLoopGroup group = new NioEventLoopGroup(1);
    private final Channel server;

    private GrpcBackend(SslContext tls) throws InterruptedException {
        this(tls, new Report(tls == null ? "h2c" : "h2"));
    }

    private GrpcBackend(SslContext tls, BiFunction<Channel, FullHttpRequest, FullHttpResponse> answer)
            throws InterruptedException {
        server = new ServerBootstrap().group(group).channel(NioServerSocketChannel.class)
                .childHandler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        if (tls != null) {
                            ch.pipeline().addLast(tls.newHandler(ch.alloc()));
                        }
                        ch.pipeline().addLast(Http2FrameCodecBuilder.forServer().build(),
                                new Http2MultiplexHandler(new ChannelInitializer<Channel>() {
                                    @Override
                                    protected void initChannel(Channel stream) {
                                        stream.pipeline().addLast(new Http2StreamFrameToHttpObjectCodec(true),
                                                new HttpObjectAggregator(1 << 20), new Answer(answer));
                                    }
                                }));
                    }
                }).bind("127.0.0.1", 0).sync().channel();
    }

    public static GrpcBackend cleartext() throws InterruptedException {
        return new GrpcBackend(null);
    }

    /** HTTP/2 without TLS, each call's request (body whole) answered as {@code answer} says. */
    public static GrpcBackend cleartext(Function<FullHttpRequest, FullHttpResponse> answer)
            throws InterruptedException {
        return new GrpcBackend(null, (stream, request) -> answer.apply(request));
    }

    public static GrpcBackend tls() throws Exception {
        SelfSignedCertificate certificate = new SelfSignedCertificate("grpcs", "EC", 256);
        return new GrpcBackend(SslContextBuilder.forServer(certificate.key(), certificate.cert())
                .applicationProtocolConfig(new ApplicationProtocolConfig(ApplicationProtocolConfig.Protocol.ALPN,
                        ApplicationProtocolConfig.SelectorFailureBehavior.NO_ADVERTISE,
                        ApplicationProtocolConfig.SelectedListenerFailureBehavior.ACCEPT, ApplicationProtocolNames.HTTP_2))
                .build());
    }

    public int port() {
        return ((InetSocketAddress) server.localAddress()).getPort();
    }

    private static final class Answer extends SimpleChannelInboundHandler<FullHttpRequest> {
        private final BiFunction<Channel, FullHttpRequest, FullHttpResponse> answer;

        Answer(BiFunction<Channel, FullHttpRequest, FullHttpResponse> answer) {
            this.answer = answer;
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
            ctx.writeAndFlush(answer.apply(ctx.channel(), request));
        }
    }

    /** A report of what arrived, on which protocol and connection, ending as gRPC servers end every call. */
    private record Report(String protocol) implements BiFunction<Channel, FullHttpRequest, FullHttpResponse> {

        @Override
        public FullHttpResponse apply(Channel stream, FullHttpRequest request) {
            String report = "protocol=" + protocol + "\npath=" + request.uri() + "\nte=" + request.headers().get("te")
                    + "\nx-scheme=" + request.headers().get("x-scheme") + "\nproxy=" + request.headers().get("proxy")
                    + "\nx-original-forwarded-for=" + request.headers().get("x-original-forwarded-for")
                    + "\nbody=" + request.content().readableBytes()
                    + "\nconnection=" + stream.parent().remoteAddress() + "\n";
            FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK,
                    Unpooled.copiedBuffer(report, StandardCharsets.UTF_8));
            response.headers().set("content-type", "application/grpc");
            response.trailingHeaders().set("grpc-status", "0");
            return response;
        }
    }

    @Override
    public void close() {
        server.close().syncUninterruptibly();
        group.shutdownGracefully(0, 1, java.util.concurrent.TimeUnit.SECONDS).syncUninterruptibly();
    }
}
