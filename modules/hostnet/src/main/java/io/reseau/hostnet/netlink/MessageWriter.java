package io.reseau.hostnet.netlink;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Writes a stream of netlink messages: headers in native byte order, attributes as 4-byte aligned
 * type-length-value, nests closed with their length. Numbers in nf_tables attributes are big-endian (the
 * {@code putBe*} methods); register data is whatever the expression loads, written as raw bytes.
 */
public final class MessageWriter {

    public static final int HEADER_LENGTH = 16;
    private static final int NLA_F_NESTED = 0x8000;

    private ByteBuffer buffer = ByteBuffer.allocate(1 << 16).order(ByteOrder.nativeOrder());
    private final Deque<Integer> open = new ArrayDeque<>();
    private int messageStart = -1;

    /** Starts a message; {@link #endMessage()} finishes it. */
    public MessageWriter beginMessage(int type, int flags, int sequence) {
        if (messageStart >= 0) {
            throw new IllegalStateException("a message is already open");
        }
        align();
        messageStart = buffer.position();
        ensure(HEADER_LENGTH);
        buffer.putInt(0).putShort((short) type).putShort((short) flags).putInt(sequence).putInt(0);
        return this;
    }

    /** The nfnetlink header that follows the netlink header of every netfilter message. */
    public MessageWriter putNfgenHeader(int family, int resourceId) {
        ensure(4);
        buffer.put((byte) family).put((byte) 0).order(ByteOrder.BIG_ENDIAN).putShort((short) resourceId)
                .order(ByteOrder.nativeOrder());
        return this;
    }

    /** A fixed-size family header (rtnetlink's ifinfomsg, ifaddrmsg, rtmsg), written as given. */
    public MessageWriter putRaw(byte[] header) {
        ensure(header.length + 3);
        buffer.put(header);
        align();
        return this;
    }

    /** A 32-bit attribute in native byte order (rtnetlink's numbers; nf_tables' are big-endian). */
    public MessageWriter putU32(int type, int value) {
        return putBytes(type, ByteBuffer.allocate(4).order(ByteOrder.nativeOrder()).putInt(value).array());
    }

    public MessageWriter endMessage() {
        if (!open.isEmpty()) {
            throw new IllegalStateException("unclosed nested attribute");
        }
        buffer.putInt(messageStart, buffer.position() - messageStart);
        messageStart = -1;
        return this;
    }

    public MessageWriter putBytes(int type, byte[] value) {
        int length = 4 + value.length;
        ensure(length + 3);
        buffer.putShort((short) length).putShort((short) type).put(value);
        align();
        return this;
    }

    /** A NUL-terminated string attribute. */
    public MessageWriter putString(int type, String value) {
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        byte[] terminated = new byte[bytes.length + 1];
        System.arraycopy(bytes, 0, terminated, 0, bytes.length);
        return putBytes(type, terminated);
    }

    public MessageWriter putBe32(int type, int value) {
        return putBytes(type, ByteBuffer.allocate(4).putInt(value).array());
    }

    public MessageWriter putBe64(int type, long value) {
        return putBytes(type, ByteBuffer.allocate(8).putLong(value).array());
    }

    public MessageWriter beginNested(int type) {
        ensure(4);
        open.push(buffer.position());
        buffer.putShort((short) 0).putShort((short) (type | NLA_F_NESTED));
        return this;
    }

    public MessageWriter endNested() {
        int start = open.pop();
        int length = buffer.position() - start;
        if (length > 0xFFFF) {
            throw new IllegalStateException("nested attribute of " + length + " bytes exceeds netlink's 65535");
        }
        buffer.putShort(start, (short) length);
        return this;
    }

    /** Bytes written so far in the current message, to keep nested attributes under 64 KiB. */
    public int currentMessageLength() {
        return messageStart < 0 ? 0 : buffer.position() - messageStart;
    }

    /** Everything written, ready to send. */
    public ByteBuffer toBuffer() {
        if (messageStart >= 0) {
            throw new IllegalStateException("a message is still open");
        }
        return buffer.duplicate().order(ByteOrder.nativeOrder()).flip();
    }

    private void align() {
        int padding = (4 - buffer.position() % 4) % 4;
        ensure(padding);
        for (int i = 0; i < padding; i++) {
            buffer.put((byte) 0);
        }
    }

    private void ensure(int more) {
        if (buffer.remaining() < more) {
            ByteBuffer bigger = ByteBuffer.allocate(Math.max(buffer.capacity() * 2, buffer.position() + more))
                    .order(ByteOrder.nativeOrder());
            bigger.put(buffer.flip());
            buffer = bigger;
        }
    }
}
