package io.reseau.cni.ipam;

import io.reseau.hostnet.nft.DataType;
import java.math.BigInteger;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.regex.Pattern;

/** An IPv4 or IPv6 prefix such as {@code 10.42.1.0/24}, with address arithmetic inside it. */
public record Cidr(InetAddress network, int prefixLength) {

    private static final Pattern LITERAL = Pattern.compile("[0-9a-fA-F.:]+");

    public Cidr {
        int bits = network.getAddress().length * 8;
        if (prefixLength < 0 || prefixLength > bits) {
            throw new IllegalArgumentException("prefix length " + prefixLength + " is out of 0.." + bits);
        }
    }

    /** Parses {@code address/prefix}; the address must be the network's first (no host bits set). */
    public static Cidr parse(String text) {
        String[] parts = text.strip().split("/", -1);
        if (parts.length != 2 || !LITERAL.matcher(parts[0]).matches() || !parts[1].matches("\\d{1,3}")) {
            throw new IllegalArgumentException("'" + text + "' is not a CIDR such as 10.42.1.0/24 or fd42:0:1::/64");
        }
        InetAddress address = literal(parts[0], text);
        Cidr cidr = new Cidr(address, Integer.parseInt(parts[1]));
        if (!cidr.first().equals(address)) {
            throw new IllegalArgumentException("'" + text + "' has host bits set: the network is " + format(cidr.first())
                    + "/" + cidr.prefixLength());
        }
        return cidr;
    }

    /** Parses an address literal (never a host name: no lookups). */
    public static InetAddress literal(String text, String context) {
        if (!LITERAL.matcher(text).matches()) {
            throw new IllegalArgumentException("'" + context + "' does not hold an IP address");
        }
        try {
            return InetAddress.getByName(text);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("'" + context + "' does not hold an IP address", e);
        }
    }

    public boolean ipv6() {
        return network instanceof Inet6Address;
    }

    public int bits() {
        return network.getAddress().length * 8;
    }

    /** The network address (all host bits zero). */
    public InetAddress first() {
        return at(BigInteger.ZERO);
    }

    /** How many addresses the prefix spans. */
    public BigInteger size() {
        return BigInteger.ONE.shiftLeft(bits() - prefixLength);
    }

    /** The address {@code offset} after the network address. */
    public InetAddress at(BigInteger offset) {
        BigInteger base = new BigInteger(1, network.getAddress()).shiftRight(bits() - prefixLength).shiftLeft(bits() - prefixLength);
        return fromNumber(base.add(offset), bits());
    }

    /** The offset of {@code address} from the network address, or -1 if it lies outside. */
    public BigInteger offsetOf(InetAddress address) {
        if (address.getAddress().length != network.getAddress().length) {
            return BigInteger.ONE.negate();
        }
        BigInteger offset = new BigInteger(1, address.getAddress()).subtract(new BigInteger(1, first().getAddress()));
        return offset.signum() < 0 || offset.compareTo(size()) >= 0 ? BigInteger.ONE.negate() : offset;
    }

    public boolean contains(InetAddress address) {
        return offsetOf(address).signum() >= 0;
    }

    @Override
    public String toString() {
        return format(first()) + "/" + prefixLength;
    }

    /** An address as people and iproute2 write it: IPv6 with its longest run of zero groups shortened to '::'. */
    public static String format(InetAddress address) {
        return address instanceof Inet6Address
                ? DataType.IPV6_ADDR.format(address.getAddress()) : address.getHostAddress();
    }

    private static InetAddress fromNumber(BigInteger value, int bits) {
        byte[] raw = value.toByteArray();
        byte[] address = new byte[bits / 8];
        int copy = Math.min(raw.length, address.length);
        System.arraycopy(raw, raw.length - copy, address, address.length - copy, copy);
        try {
            return bits == 32 ? (Inet4Address) InetAddress.getByAddress(address) : InetAddress.getByAddress(address);
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }
}
