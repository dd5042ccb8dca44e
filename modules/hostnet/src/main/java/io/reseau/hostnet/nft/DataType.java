package io.reseau.hostnet.nft;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;

/**
 * The nftables data types reseau uses: their nft names and numeric ids (as nft's datatype.h numbers them), how
 * many bytes they take in a register, and how their text form turns into those bytes and back.
 */
public enum DataType {
    IPV4_ADDR("ipv4_addr", 7, 4),
    IPV6_ADDR("ipv6_addr", 8, 16),
    INET_PROTO("inet_proto", 12, 1),
    INET_SERVICE("inet_service", 13, 2),
    MARK("mark", 19, 4),
    IFNAME("ifname", 41, 16);

    private static final Map<String, Integer> PROTOCOLS = Map.of("icmp", 1, "tcp", 6, "udp", 17, "icmpv6", 58,
            "sctp", 132);

    private final String nftName;
    private final int id;
    private final int length;

    DataType(String nftName, int id, int length) {
        this.nftName = nftName;
        this.id = id;
        this.length = length;
    }

    public String nftName() {
        return nftName;
    }

    /** nft's numeric id, as the kernel stores it in a set's key or data type. */
    public int id() {
        return id;
    }

    /** Bytes the value occupies (before padding to 4 in a concatenation). */
    public int length() {
        return length;
    }

    public static DataType byName(String name) {
        for (DataType type : values()) {
            if (type.nftName.equals(name)) {
                return type;
            }
        }
        throw new IllegalArgumentException("unsupported nftables data type '" + name + "'");
    }

    static DataType byId(int id) {
        for (DataType type : values()) {
            if (type.id == id) {
                return type;
            }
        }
        throw new IllegalArgumentException("unsupported nftables data type id " + id);
    }

    /** The register bytes of a value written as nft writes it. */
    public byte[] parse(String text) {
        String value = text.strip();
        try {
            return switch (this) {
                case IPV4_ADDR -> ipv4(value);
                case IPV6_ADDR -> {
                    // Only a literal with ':' reaches InetAddress, which then parses it and never asks DNS.
                    if (!value.contains(":")) {
                        throw new IllegalArgumentException();
                    }
                    yield InetAddress.getByName(value).getAddress();
                }
                case INET_PROTO -> {
                    Integer known = PROTOCOLS.get(value);
                    yield new byte[] {(byte) (known != null ? known : number(value, 255))};
                }
                case INET_SERVICE -> {
                    int port = number(value, 65_535);
                    yield new byte[] {(byte) (port >>> 8), (byte) port};
                }
                case MARK -> ByteBuffer.allocate(4).order(ByteOrder.nativeOrder()).putInt((int) Long.decode(value).longValue()).array();
                case IFNAME -> {
                    byte[] name = value.replace("\"", "").getBytes(StandardCharsets.UTF_8);
                    if (name.length == 0 || name.length > 15) {
                        throw new IllegalArgumentException();
                    }
                    yield Arrays.copyOf(name, 16);
                }
            };
        } catch (IllegalArgumentException | UnknownHostException e) {
            throw new IllegalArgumentException("'" + text + "' is not a valid " + nftName);
        }
    }

    /** The text of register bytes, as nft prints it. */
    public String format(byte[] raw) {
        return switch (this) {
            case IPV4_ADDR -> (raw[0] & 0xFF) + "." + (raw[1] & 0xFF) + "." + (raw[2] & 0xFF) + "." + (raw[3] & 0xFF);
            case IPV6_ADDR -> formatIpv6(raw);
            case INET_PROTO -> PROTOCOLS.entrySet().stream().filter(e -> e.getValue() == (raw[0] & 0xFF))
                    .map(Map.Entry::getKey).findFirst().orElse(Integer.toString(raw[0] & 0xFF));
            case INET_SERVICE -> Integer.toString(ByteBuffer.wrap(raw, 0, 2).getShort() & 0xFFFF);
            case MARK -> String.format("0x%08x", ByteBuffer.wrap(raw, 0, 4).order(ByteOrder.nativeOrder()).getInt());
            case IFNAME -> "\"" + new String(raw, StandardCharsets.UTF_8).replace("\0", "") + "\"";
        };
    }

    /** Dotted-quad IPv4, four decimal octets of at most three digits each (parsed here: it is the hot path). */
    private static byte[] ipv4(String value) {
        byte[] address = new byte[4];
        int octet = 0;
        int digits = 0;
        int current = 0;
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c >= '0' && c <= '9' && digits < 3) {
                current = current * 10 + (c - '0');
                digits++;
            } else if (c == '.' && digits > 0 && octet < 3) {
                address[octet++] = (byte) inRange(current, 255);
                current = 0;
                digits = 0;
            } else {
                throw new IllegalArgumentException();
            }
        }
        if (octet != 3 || digits == 0) {
            throw new IllegalArgumentException();
        }
        address[3] = (byte) inRange(current, 255);
        return address;
    }

    /** A decimal number in 0..max. */
    private static int number(String value, int max) {
        if (value.isEmpty() || value.length() > 10) {
            throw new IllegalArgumentException();
        }
        long number = 0;
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c < '0' || c > '9') {
                throw new IllegalArgumentException();
            }
            number = number * 10 + (c - '0');
        }
        return inRange((int) Math.min(number, Integer.MAX_VALUE), max);
    }

    private static int inRange(int value, int max) {
        if (value < 0 || value > max) {
            throw new IllegalArgumentException();
        }
        return value;
    }

    /** RFC 5952 form (as nft prints): the longest run of zero groups becomes {@code ::}. */
    private static String formatIpv6(byte[] raw) {
        try {
            String full = ((Inet6Address) InetAddress.getByAddress(raw)).getHostAddress();
            String[] groups = full.split(":");
            int bestStart = -1;
            int bestLength = 1;
            for (int i = 0; i < groups.length; i++) {
                int j = i;
                while (j < groups.length && groups[j].equals("0")) {
                    j++;
                }
                if (j - i > bestLength) {
                    bestStart = i;
                    bestLength = j - i;
                }
            }
            if (bestStart < 0) {
                return full;
            }
            String head = String.join(":", Arrays.copyOfRange(groups, 0, bestStart));
            String tail = String.join(":", Arrays.copyOfRange(groups, bestStart + bestLength, groups.length));
            return head + "::" + tail;
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(e);
        }
    }
}
