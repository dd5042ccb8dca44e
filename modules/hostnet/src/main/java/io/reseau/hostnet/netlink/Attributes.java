package io.reseau.hostnet.netlink;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The attributes of a netlink message or nest, by type. Repeated types (list elements) are kept in order in
 * {@link #all(int)}.
 */
public final class Attributes {

    private static final int TYPE_MASK = 0x3FFF;

    private final Map<Integer, List<ByteBuffer>> byType = new LinkedHashMap<>();

    private Attributes() {
    }

    /** Parses the attributes in {@code region} (position..limit). */
    public static Attributes parse(ByteBuffer region) {
        Attributes attributes = new Attributes();
        ByteBuffer in = region.duplicate().order(ByteOrder.nativeOrder());
        while (in.remaining() >= 4) {
            int start = in.position();
            int length = Short.toUnsignedInt(in.getShort());
            int type = Short.toUnsignedInt(in.getShort()) & TYPE_MASK;
            if (length < 4 || start + length > in.limit()) {
                break;
            }
            ByteBuffer value = in.duplicate().position(start + 4).limit(start + length).slice().order(ByteOrder.nativeOrder());
            attributes.byType.computeIfAbsent(type, t -> new ArrayList<>()).add(value);
            in.position(Math.min(in.limit(), start + ((length + 3) & ~3)));
        }
        return attributes;
    }

    public boolean has(int type) {
        return byType.containsKey(type);
    }

    public Optional<ByteBuffer> bytes(int type) {
        List<ByteBuffer> values = byType.get(type);
        return values == null ? Optional.empty() : Optional.of(values.getFirst().duplicate());
    }

    public List<ByteBuffer> all(int type) {
        return byType.getOrDefault(type, List.of()).stream().map(ByteBuffer::duplicate).toList();
    }

    public Optional<String> string(int type) {
        return bytes(type).map(value -> {
            byte[] raw = new byte[value.remaining()];
            value.get(raw);
            int end = 0;
            while (end < raw.length && raw[end] != 0) {
                end++;
            }
            return new String(raw, 0, end, StandardCharsets.UTF_8);
        });
    }

    public Optional<Integer> be32(int type) {
        return bytes(type).map(value -> value.order(ByteOrder.BIG_ENDIAN).getInt());
    }

    public Optional<Long> be64(int type) {
        return bytes(type).map(value -> value.order(ByteOrder.BIG_ENDIAN).getLong());
    }

    public Optional<Attributes> nested(int type) {
        return bytes(type).map(Attributes::parse);
    }

    public static byte[] toArray(ByteBuffer value) {
        byte[] raw = new byte[value.remaining()];
        value.duplicate().get(raw);
        return raw;
    }
}
