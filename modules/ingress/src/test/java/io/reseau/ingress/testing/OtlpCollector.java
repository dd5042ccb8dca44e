package io.reseau.ingress.testing;

import com.google.protobuf.InvalidProtocolBufferException;
import com.sun.net.httpserver.HttpServer;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import io.opentelemetry.proto.trace.v1.Span;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * An OpenTelemetry collector on loopback keeping every span it is sent, read with the OTLP protobuf schema: over
 * gRPC ({@code TraceService/Export} on HTTP/2 without TLS, as a collector's port 4317 takes it) or over HTTP
 * ({@code POST /v1/traces}, as its port 4318 does). A call that is not a well-formed export is answered with an
 * error and keeps nothing.
 */
public final class OtlpCollector implements AutoCloseable {

    /** The gRPC method OTLP's trace exporters call. */
    public static final String GRPC_EXPORT = "/opentelemetry.proto.collector.trace.v1.TraceService/Export";

    private final List<Span> spans = new CopyOnWriteArrayList<>();
    private final int port;
    private final AutoCloseable server;

    private OtlpCollector(boolean grpc) throws IOException, InterruptedException {
        if (grpc) {
            GrpcBackend backend = GrpcBackend.cleartext(this::grpcCall);
            port = backend.port();
            server = backend;
        } else {
            HttpServer http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            http.createContext("/v1/traces", exchange -> {
                keep(ExportTraceServiceRequest.parseFrom(exchange.getRequestBody().readAllBytes()));
                exchange.sendResponseHeaders(200, -1);
                exchange.close();
            });
            http.start();
            port = http.getAddress().getPort();
            server = () -> http.stop(0);
        }
    }

    public static OtlpCollector grpc() throws IOException, InterruptedException {
        return new OtlpCollector(true);
    }

    public static OtlpCollector http() throws IOException, InterruptedException {
        return new OtlpCollector(false);
    }

    public int port() {
        return port;
    }

    /** The spans received so far, in the order they came. */
    public List<Span> spans() {
        return spans;
    }

    private void keep(ExportTraceServiceRequest request) {
        request.getResourceSpansList().forEach(resource -> resource.getScopeSpansList()
                .forEach(scope -> spans.addAll(scope.getSpansList())));
    }

    /**
     * A gRPC call: its one message after gRPC's five-byte prefix (uncompressed, then the length), answered with an
     * empty export response and {@code grpc-status: 0}; anything else with gRPC's status 12 (unimplemented) or 3
     * (invalid argument).
     */
    private FullHttpResponse grpcCall(FullHttpRequest call) {
        byte[] body = ByteBufUtil.getBytes(call.content());
        if (!call.uri().equals(GRPC_EXPORT) || !"application/grpc".equals(call.headers().get("content-type"))) {
            return grpcAnswer(new byte[0], 12);
        }
        if (body.length < 5 || body[0] != 0 || ByteBuffer.wrap(body, 1, 4).getInt() != body.length - 5) {
            return grpcAnswer(new byte[0], 3);
        }
        try {
            keep(ExportTraceServiceRequest.parseFrom(Arrays.copyOfRange(body, 5, body.length)));
        } catch (InvalidProtocolBufferException e) {
            return grpcAnswer(new byte[0], 3);
        }
        return grpcAnswer(ExportTraceServiceResponse.getDefaultInstance().toByteArray(), 0);
    }

    private static FullHttpResponse grpcAnswer(byte[] message, int status) {
        ByteBuffer framed = ByteBuffer.allocate(status == 0 ? 5 + message.length : 0);
        if (status == 0) {
            framed.put((byte) 0).putInt(message.length).put(message);
        }
        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK,
                Unpooled.wrappedBuffer(framed.array()));
        response.headers().set("content-type", "application/grpc");
        response.trailingHeaders().set("grpc-status", Integer.toString(status));
        return response;
    }

    @Override
    public void close() {
        try {
            server.close();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
