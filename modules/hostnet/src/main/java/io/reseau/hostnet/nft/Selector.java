package io.reseau.hostnet.nft;

import io.reseau.hostnet.nft.kernel.Expression;
import io.reseau.hostnet.nft.kernel.Nf;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.IntFunction;
import java.util.stream.Collectors;

/**
 * Something a rule loads from the packet path to match or look up: a header field, packet metadata, a random
 * slot, or a concatenation of those ({@code ip daddr . meta l4proto . th dport}). Knows its nft text, its type
 * (to read constants and set elements compared with it) and how the kernel loads it.
 */
public final class Selector {

    private final String text;
    private final KeyType type;
    private final IntFunction<List<Expression>> loadAtOffset;

    private Selector(String text, KeyType type, IntFunction<List<Expression>> loadAtOffset) {
        this.text = text;
        this.type = type;
        this.loadAtOffset = loadAtOffset;
    }

    /** {@code ip saddr} or {@code ip6 saddr}. */
    public static Selector saddr(Family family) {
        return address(family, "saddr", family == Family.IP6 ? 8 : 12);
    }

    /** {@code ip daddr} or {@code ip6 daddr}. */
    public static Selector daddr(Family family) {
        return address(family, "daddr", family == Family.IP6 ? 24 : 16);
    }

    /** {@code th sport}: the source port of TCP, UDP or SCTP. */
    public static Selector sport() {
        return payload("th sport", DataType.INET_SERVICE, Nf.PAYLOAD_TRANSPORT, 0);
    }

    /** {@code th dport}: the destination port of TCP, UDP or SCTP. */
    public static Selector dport() {
        return payload("th dport", DataType.INET_SERVICE, Nf.PAYLOAD_TRANSPORT, 2);
    }

    public static Selector l4proto() {
        return meta("meta l4proto", DataType.INET_PROTO, Nf.META_L4PROTO);
    }

    public static Selector mark() {
        return meta("meta mark", DataType.MARK, Nf.META_MARK);
    }

    public static Selector iifname() {
        return meta("iifname", DataType.IFNAME, Nf.META_IIFNAME);
    }

    public static Selector oifname() {
        return meta("oifname", DataType.IFNAME, Nf.META_OIFNAME);
    }

    /** {@code numgen random mod N}: 0..N-1, uniformly; a set key field of type {@code mark}. */
    public static Selector randomSlot(int modulus) {
        if (modulus < 1) {
            throw new IllegalArgumentException("numgen modulus must be at least 1, got " + modulus);
        }
        return new Selector("numgen random mod " + modulus, KeyType.of(DataType.MARK),
                offset -> List.of(new Expression.NumgenRandom(Nf.register(offset), modulus)));
    }

    /** The concatenation of selectors, loaded into consecutive registers, each field 4-byte aligned. */
    public static Selector concat(Selector... parts) {
        List<DataType> fields = Arrays.stream(parts).flatMap(part -> part.type.fields().stream()).toList();
        String text = Arrays.stream(parts).map(part -> part.text).collect(Collectors.joining(" . "));
        return new Selector(text, new KeyType(fields), base -> {
            List<Expression> loads = new ArrayList<>();
            int offset = base;
            for (Selector part : parts) {
                loads.addAll(part.loadAtOffset.apply(offset));
                offset += part.type.fields().stream().mapToInt(field -> KeyType.padded(field.length())).sum();
            }
            return loads;
        });
    }

    public String text() {
        return text;
    }

    public KeyType type() {
        return type;
    }

    /** The expressions loading this selector into the registers from the first. */
    List<Expression> load() {
        return loadAtOffset.apply(0);
    }

    private static Selector address(Family family, String field, int offset) {
        DataType type = switch (family) {
            case IP -> DataType.IPV4_ADDR;
            case IP6 -> DataType.IPV6_ADDR;
            default -> throw new IllegalArgumentException("address selectors need family ip or ip6, not " + family.keyword());
        };
        return payload(family.keyword() + " " + field, type, Nf.PAYLOAD_NETWORK, offset);
    }

    private static Selector payload(String text, DataType type, int base, int offset) {
        return new Selector(text, KeyType.of(type),
                at -> List.of(new Expression.PayloadLoad(Nf.register(at), base, offset, type.length())));
    }

    private static Selector meta(String text, DataType type, int key) {
        return new Selector(text, KeyType.of(type), at -> List.of(new Expression.MetaLoad(Nf.register(at), key)));
    }

    @Override
    public String toString() {
        return text;
    }
}
