package io.reseau.hostnet.netlink;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

/** One netlink message received: its header fields and its payload (after the 16-byte header). */
public record Message(int type, int flags, int sequence, ByteBuffer payload) {

    /** Splits a datagram into its messages. */
    public static List<Message> split(ByteBuffer datagram) {
        List<Message> messages = new ArrayList<>();
        ByteBuffer in = datagram.duplicate().order(ByteOrder.nativeOrder());
        while (in.remaining() >= MessageWriter.HEADER_LENGTH) {
            int start = in.position();
            int length = in.getInt();
            int type = Short.toUnsignedInt(in.getShort());
            int flags = Short.toUnsignedInt(in.getShort());
            int sequence = in.getInt();
            in.getInt(); // port id
            if (length < MessageWriter.HEADER_LENGTH || start + length > in.limit()) {
                break;
            }
            ByteBuffer payload = in.duplicate().position(start + MessageWriter.HEADER_LENGTH).limit(start + length)
                    .slice().order(ByteOrder.nativeOrder());
            messages.add(new Message(type, flags, sequence, payload));
            in.position(Math.min(in.limit(), start + ((length + 3) & ~3)));
        }
        return messages;
    }

    /** For an NLMSG_ERROR: the error (0 for an acknowledgement, else a negative errno). */
    public int error() {
        return payload.getInt(0);
    }

    /** For an NLMSG_ERROR: the sequence number of the message it answers. */
    public int erroredSequence() {
        return payload.getInt(4 + 8);
    }

    /** For an NLMSG_ERROR with extended acknowledgement: the kernel's message, if it gave one. */
    public String extendedMessage(int cappedFlag, int tlvFlag, int messageAttribute) {
        if ((flags & tlvFlag) == 0) {
            return "";
        }
        int originalLength = payload.getInt(4);
        int tlvStart = 4 + ((flags & cappedFlag) != 0 ? MessageWriter.HEADER_LENGTH : ((originalLength + 3) & ~3));
        if (tlvStart >= payload.limit()) {
            return "";
        }
        return Attributes.parse(payload.duplicate().position(tlvStart)).string(messageAttribute).orElse("");
    }

    /** The payload after nfnetlink's 4-byte header: the attributes of a netfilter message. */
    public Attributes nfAttributes() {
        return Attributes.parse(payload.duplicate().position(4));
    }

    /** The address family in nfnetlink's header. */
    public int nfFamily() {
        return Byte.toUnsignedInt(payload.get(0));
    }
}
