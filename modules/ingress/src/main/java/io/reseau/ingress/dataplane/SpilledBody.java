package io.reseau.ingress.dataplane;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * A body's bytes that arrive faster than they can be sent on, in a temporary file as nginx's: a request body received
 * whole ({@code proxy-request-buffering}) beyond what is held in memory ({@code client-body-buffer-size}), or a
 * response beyond what a slow client's connection holds ({@code proxy-buffering}). Appended as they arrive, then
 * read back in order, a chunk at a time. The file is unlinked as soon as it is open, so nothing is left on disk
 * however the proxy ends. Reads and writes go to the page cache from the event loop, as nginx's do from its worker.
 */
final class SpilledBody implements AutoCloseable {

    /** What is read back at a time: one write to the backend or the client. */
    static final int CHUNK = 64 * 1024;
    /** The file name's prefix, in the JVM's temporary directory ({@code /tmp}, the chart's emptyDir). */
    static final String PREFIX = "reseau-body-";

    private final FileChannel file;
    private long written;
    private long read;

    private SpilledBody(FileChannel file) {
        this.file = file;
    }

    /** A new, empty spill file in {@code directory}. */
    static SpilledBody create(Path directory) throws IOException {
        Path path = Files.createTempFile(directory, PREFIX, "");
        try {
            return new SpilledBody(FileChannel.open(path, StandardOpenOption.READ, StandardOpenOption.WRITE));
        } finally {
            Files.delete(path);
        }
    }

    /** Appends the readable bytes of {@code bytes} (which stay the caller's to release). */
    void append(ByteBuf bytes) throws IOException {
        int index = bytes.readerIndex();
        int end = bytes.writerIndex();
        while (index < end) {
            index += bytes.getBytes(index, file, written + index - bytes.readerIndex(), end - index);
        }
        written += end - bytes.readerIndex();
    }

    /** Whether bytes appended are still to be read back. */
    boolean hasMore() {
        return read < written;
    }

    /** How many bytes appended are still to be read back. */
    long unread() {
        return written - read;
    }

    /** The next bytes appended, up to {@link #CHUNK} (at least one: call only while {@link #hasMore()}). */
    ByteBuf next(ByteBufAllocator alloc) throws IOException {
        int length = (int) Math.min(CHUNK, written - read);
        ByteBuf chunk = alloc.ioBuffer(length);
        try {
            while (chunk.writerIndex() < length) {
                int got = chunk.writeBytes(file, read, length - chunk.writerIndex());
                if (got < 0) {
                    throw new IOException("the spilled body ended early");
                }
                read += got;
            }
            return chunk;
        } catch (IOException | RuntimeException e) {
            chunk.release();
            throw e;
        }
    }

    @Override
    public void close() {
        try {
            file.close();
        } catch (IOException e) {
            // Closing an unlinked file: nothing is lost, its space is freed all the same.
        }
    }
}
