package io.reseau.ingress.dataplane;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultLastHttpContent;
import io.netty.handler.codec.http.EmptyHttpHeaders;
import io.netty.handler.codec.http.LastHttpContent;
import java.util.Collection;

/**
 * Reads one HTTP/1.1 message body at a time by its framing (RFC 9112 6 and 7): a length, chunks (extensions
 * ignored, trailers kept), or everything until the connection closes. Hands on slices of the buffer as
 * {@code HttpContent}, the end as a {@code LastHttpContent} with a chunked body's trailers. Serves requests and
 * responses alike; a malformed body is refused with the status given (400 for a request, 502 for a response).
 */
final class Http1BodyReader {

    private enum State { NONE, FIXED, CHUNK_SIZE, CHUNK_DATA, CHUNK_END, TRAILERS, UNTIL_CLOSE }

    /** The longest chunk-size line accepted (extensions included). */
    private static final int MAX_CHUNK_LINE = 1024;

    private final Http1Head trailers;
    private final int malformed;
    private State state = State.NONE;
    private long remaining;

    /** Trailer sections up to {@code maxTrailers} bytes; {@code malformed} is the status refusing a bad body. */
    Http1BodyReader(int maxTrailers, int malformed) {
        this.trailers = Http1Head.trailers(maxTrailers);
        this.malformed = malformed;
    }

    /** A body of {@code length} bytes (more than none) follows. */
    void length(long length) {
        remaining = length;
        state = State.FIXED;
    }

    /** A chunked body follows. */
    void chunked() {
        state = State.CHUNK_SIZE;
    }

    /** A body lasting until the connection closes follows (responses only). */
    void untilClose() {
        state = State.UNTIL_CLOSE;
    }

    /** Whether a body is being read. */
    boolean reading() {
        return state != State.NONE;
    }

    /** Reads what {@code in} holds of the body, up to its end; {@link #reading()} tells whether it ended. */
    void read(ByteBuf in, Collection<Object> out) throws Http1Head.Malformed {
        while (state != State.NONE && in.isReadable() && step(in, out)) {
            // One step after another until more bytes are needed.
        }
    }

    /**
     * The connection closed: ends a body read until close. Answers whether the message was whole (no body was
     * being read, or it lasted until close).
     */
    boolean closed(Collection<Object> out) {
        if (state == State.UNTIL_CLOSE) {
            out.add(LastHttpContent.EMPTY_LAST_CONTENT);
            state = State.NONE;
        }
        return state == State.NONE;
    }

    /**
     * The next {@code n} bytes as a part of their own, holding a reference to {@code in}: a plain slice, made in the
     * allocation buffer and collected young, rather than a pooled one, whose object and whose release to the
     * recycler cost more, once per body part.
     */
    private static ByteBuf part(ByteBuf in, int n) {
        return in.readSlice(n).retain();
    }

    /** One step; false when more bytes are needed. */
    private boolean step(ByteBuf in, Collection<Object> out) throws Http1Head.Malformed {
        switch (state) {
            case FIXED -> {
                int n = (int) Math.min(remaining, in.readableBytes());
                remaining -= n;
                if (remaining == 0) {
                    // No trailers: not even an empty map is made for them.
                    out.add(new DefaultLastHttpContent(part(in, n), EmptyHttpHeaders.INSTANCE));
                    state = State.NONE;
                } else {
                    out.add(new DefaultHttpContent(part(in, n)));
                }
                return true;
            }
            case UNTIL_CLOSE -> {
                out.add(new DefaultHttpContent(part(in, in.readableBytes())));
                return true;
            }
            case CHUNK_SIZE -> {
                return chunkSize(in);
            }
            case CHUNK_DATA -> {
                int n = (int) Math.min(remaining, in.readableBytes());
                remaining -= n;
                out.add(new DefaultHttpContent(part(in, n)));
                if (remaining == 0) {
                    state = State.CHUNK_END;
                }
                return true;
            }
            case CHUNK_END -> {
                if (in.readableBytes() < 2) {
                    return false;
                }
                if (in.readByte() != '\r' || in.readByte() != '\n') {
                    throw new Http1Head.Malformed(malformed, "a chunk not followed by CRLF");
                }
                state = State.CHUNK_SIZE;
                return true;
            }
            case TRAILERS -> {
                return trailers(in, out);
            }
            default -> throw new IllegalStateException(state.name());
        }
    }

    /** A chunk-size line: hexadecimal digits, then extensions (ignored, but no control characters), CRLF. */
    private boolean chunkSize(ByteBuf in) throws Http1Head.Malformed {
        int from = in.readerIndex();
        int lineFeed = in.indexOf(from, Math.min(in.writerIndex(), from + MAX_CHUNK_LINE + 1), (byte) '\n');
        if (lineFeed < 0) {
            if (in.readableBytes() > MAX_CHUNK_LINE) {
                throw new Http1Head.Malformed(malformed, "chunk-size line too long");
            }
            return false;
        }
        int lineEnd = lineFeed - 1;
        if (lineFeed == from || in.getByte(lineEnd) != '\r') {
            throw new Http1Head.Malformed(malformed, "a chunk-size line not ending in CRLF");
        }
        long size = 0;
        int i = from;
        for (; i < lineEnd; i++) {
            int digit = Character.digit(in.getByte(i), 16);
            if (digit < 0) {
                break;
            }
            size = size * 16 + digit;
            if (size > Integer.MAX_VALUE) {
                throw new Http1Head.Malformed(malformed, "a chunk too large");
            }
        }
        byte after = in.getByte(i);
        if (i == from || (i < lineEnd && after != ';' && after != ' ' && after != '\t')) {
            throw new Http1Head.Malformed(malformed, "a chunk size that is not hexadecimal");
        }
        for (int k = i; k < lineEnd; k++) {
            byte b = in.getByte(k);
            if ((b < ' ' && b != '\t') || b == 0x7f) {
                throw new Http1Head.Malformed(malformed, "a control character in a chunk extension");
            }
        }
        in.readerIndex(lineFeed + 1);
        if (size == 0) {
            state = State.TRAILERS;
        } else {
            remaining = size;
            state = State.CHUNK_DATA;
        }
        return true;
    }

    private boolean trailers(ByteBuf in, Collection<Object> out) throws Http1Head.Malformed {
        int length = trailers.scan(in);
        if (length == Http1Head.INCOMPLETE) {
            return false;
        }
        DefaultLastHttpContent last = new DefaultLastHttpContent(Unpooled.EMPTY_BUFFER, trailers.decode(i -> true));
        trailers.reset();
        in.skipBytes(length);
        out.add(last);
        state = State.NONE;
        return true;
    }
}
