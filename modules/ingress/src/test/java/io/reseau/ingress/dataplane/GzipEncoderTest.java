package io.reseau.ingress.dataplane;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultLastHttpContent;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.LastHttpContent;
import io.reseau.ingress.testing.GzipBytes;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The gzip stream a response body becomes, read back by the JDK's gzip reader and inflater. */
class GzipEncoderTest {

    private final ByteBufAllocator alloc = ByteBufAllocator.DEFAULT;
    private final Deflaters deflaters = new Deflaters(1);

    @AfterEach
    void close() {
        deflaters.close();
    }

    @Test
    void partsBecomeOneGzipStreamTheJdkReads() throws IOException {
        byte[] text = "the quick brown fox jumps over the lazy dog\n".repeat(2000).getBytes(StandardCharsets.US_ASCII);
        byte[] noise = new byte[100_000];
        new Random(7).nextBytes(noise);
        GzipEncoder encoder = new GzipEncoder(deflaters);
        ByteArrayOutputStream wire = new ByteArrayOutputStream();

        write(wire, encoder.encode(part(text, 0, 40_000), alloc));
        write(wire, encoder.flush(alloc));
        write(wire, encoder.encode(part(noise, 0, noise.length), alloc));
        write(wire, encoder.encode(last(text, 40_000, text.length - 40_000), alloc));
        encoder.close();

        ByteArrayOutputStream expected = new ByteArrayOutputStream();
        expected.write(text, 0, 40_000);
        expected.write(noise);
        expected.write(text, 40_000, text.length - 40_000);
        assertThat(GzipBytes.gunzip(wire.toByteArray())).isEqualTo(expected.toByteArray());
    }

    @Test
    void anEmptyBodyIsAnEmptyGzipStream() throws IOException {
        GzipEncoder encoder = new GzipEncoder(deflaters);
        ByteArrayOutputStream wire = new ByteArrayOutputStream();

        write(wire, encoder.encode(new DefaultLastHttpContent(Unpooled.EMPTY_BUFFER), alloc));
        encoder.close();

        assertThat(GzipBytes.gunzip(wire.toByteArray())).isEmpty();
    }

    @Test
    void aFlushHandsOnEverythingGivenSoFar() {
        byte[] first = "data: first event\n\n".repeat(20).getBytes(StandardCharsets.US_ASCII);
        GzipEncoder encoder = new GzipEncoder(deflaters);
        ByteArrayOutputStream wire = new ByteArrayOutputStream();

        write(wire, encoder.encode(part(first, 0, first.length), alloc));
        write(wire, encoder.flush(alloc));
        HttpContent nothingMore = encoder.flush(alloc);

        assertThat(GzipBytes.inflatedSoFar(wire.toByteArray())).isEqualTo(first);
        assertThat(nothingMore.content().readableBytes()).isZero();
        nothingMore.release();
        encoder.close();
    }

    @Test
    void theLastPartKeepsItsTrailersAndTheInputIsReleased() {
        GzipEncoder encoder = new GzipEncoder(deflaters);
        ByteBuf input = Unpooled.copiedBuffer("body", StandardCharsets.US_ASCII);
        LastHttpContent last = new DefaultLastHttpContent(input);
        last.trailingHeaders().set("grpc-status", "0");

        HttpContent encoded = encoder.encode(last, alloc);
        encoder.close();

        assertThat(encoded).isInstanceOf(LastHttpContent.class);
        assertThat(((LastHttpContent) encoded).trailingHeaders().get("grpc-status")).isEqualTo("0");
        assertThat(input.refCnt()).isZero();
        encoded.release();
    }

    @Test
    void aCompressorGoesBackToItsLoopReset() throws IOException {
        GzipEncoder first = new GzipEncoder(deflaters);
        ByteArrayOutputStream abandoned = new ByteArrayOutputStream();
        write(abandoned, first.encode(part("half a response".getBytes(StandardCharsets.US_ASCII), 0, 15), alloc));
        first.close();
        GzipEncoder second = new GzipEncoder(deflaters);
        ByteArrayOutputStream wire = new ByteArrayOutputStream();

        write(wire, second.encode(last("whole".getBytes(StandardCharsets.US_ASCII), 0, 5), alloc));
        second.close();

        assertThat(new String(GzipBytes.gunzip(wire.toByteArray()), StandardCharsets.US_ASCII)).isEqualTo("whole");
    }

    private static HttpContent part(byte[] bytes, int from, int length) {
        return new DefaultHttpContent(Unpooled.directBuffer(length).writeBytes(bytes, from, length));
    }

    private static HttpContent last(byte[] bytes, int from, int length) {
        return new DefaultLastHttpContent(Unpooled.directBuffer(length).writeBytes(bytes, from, length));
    }

    private static void write(ByteArrayOutputStream wire, HttpContent encoded) {
        wire.writeBytes(ByteBufUtil.getBytes(encoded.content()));
        encoded.release();
    }
}
