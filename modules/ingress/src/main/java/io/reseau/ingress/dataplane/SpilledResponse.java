package io.reseau.ingress.dataplane;

import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultLastHttpContent;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.LastHttpContent;
import java.io.IOException;
import java.nio.file.Path;

/**
 * {@code proxy-buffering: "on"}: the part of a response its client has not taken yet once the client's connection
 * holds all it may. The backend's later parts wait in a temporary file, in order, and go to the client as it takes
 * more; the backend's end (with its trailers), once in, follows them. The backend is read on until
 * {@code maxBytes} wait here ({@code proxy-max-temp-file-size}), as nginx's proxy temporary file.
 */
final class SpilledResponse implements AutoCloseable {

    private final SpilledBody file;
    private final long maxBytes;
    /** The response's end, once the backend sent it (its body bytes in the file); else null. */
    private LastHttpContent end;

    private SpilledResponse(SpilledBody file, long maxBytes) {
        this.file = file;
        this.maxBytes = maxBytes;
    }

    /** A new, empty one with its file in {@code directory}. */
    static SpilledResponse create(Path directory, long maxBytes) throws IOException {
        return new SpilledResponse(SpilledBody.create(directory), maxBytes);
    }

    /** Appends a part of the response, which is released; a {@code LastHttpContent}'s trailers are kept for the end. */
    void add(HttpContent part) throws IOException {
        try {
            file.append(part.content());
            if (part instanceof LastHttpContent last) {
                end = new DefaultLastHttpContent(Unpooled.EMPTY_BUFFER, last.trailingHeaders());
            }
        } finally {
            part.release();
        }
    }

    /** Whether the backend must wait: {@code maxBytes} wait here already. */
    boolean full() {
        return file.unread() >= maxBytes;
    }

    /**
     * Writes what waits here to the client (unflushed) while it takes more; true once all of it is written, the end
     * too if the backend's is in ({@link #complete()}).
     */
    boolean writeTo(ClientStream client) throws IOException {
        while (file.hasMore()) {
            if (!client.writable()) {
                return false;
            }
            client.writeBody(new DefaultHttpContent(file.next(client.alloc())));
        }
        if (end != null) {
            client.writeBody(end);
        }
        return true;
    }

    /** Whether the backend's end is in: the response is complete once all of it is written. */
    boolean complete() {
        return end != null;
    }

    @Override
    public void close() {
        file.close();
    }
}
