package io.reseau.ingress.dataplane;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SpilledBodyTest {

    @TempDir
    Path directory;

    @Test
    void readsBackWhatWasAppendedInOrderAChunkAtATimeFromAFileNoLongerNamed() throws Exception {
        ByteArrayOutputStream appended = new ByteArrayOutputStream();
        ByteArrayOutputStream readBack = new ByteArrayOutputStream();
        try (SpilledBody body = SpilledBody.create(directory)) {
            assertThat(Files.list(directory)).as("unlinked once open").isEmpty();
            for (int part = 0; part < 5; part++) {
                byte[] bytes = new byte[30_000 + part];
                java.util.Arrays.fill(bytes, (byte) part);
                ByteBuf buffer = Unpooled.buffer().writeBytes("skipped".getBytes()).writeBytes(bytes);
                buffer.skipBytes("skipped".length());
                body.append(buffer);
                assertThat(buffer.readableBytes()).as("the caller's buffer is left as it was").isEqualTo(bytes.length);
                buffer.release();
                appended.write(bytes);
            }
            while (body.hasMore()) {
                ByteBuf chunk = body.next(ByteBufAllocator.DEFAULT);
                assertThat(chunk.readableBytes()).isBetween(1, SpilledBody.CHUNK);
                byte[] bytes = new byte[chunk.readableBytes()];
                chunk.readBytes(bytes);
                chunk.release();
                readBack.write(bytes);
            }
        }
        assertThat(readBack.toByteArray()).isEqualTo(appended.toByteArray());
    }
}
