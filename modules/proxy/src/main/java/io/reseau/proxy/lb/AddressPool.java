package io.reseau.proxy.lb;

import io.reseau.proxy.model.IpLiteral;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Addresses the built-in load balancer may hand out, as CIDRs ({@code 192.0.2.0/28}, network and broadcast
 * addresses left out) or ranges ({@code 192.0.2.50-192.0.2.99}), IPv4 or IPv6.
 */
public final class AddressPool {

    private record Range(BigInteger first, BigInteger last, boolean ipv6) {
    }

    private final List<Range> ranges;

    private AddressPool(List<Range> ranges) {
        this.ranges = List.copyOf(ranges);
    }

    /** Parses the entries; an entry that is neither a CIDR nor a range is refused with a message saying so. */
    public static AddressPool parse(List<String> entries) {
        List<Range> ranges = new ArrayList<>();
        for (String raw : entries) {
            String entry = raw.strip();
            if (entry.contains("/")) {
                ranges.add(cidr(entry));
            } else if (entry.contains("-")) {
                String[] ends = entry.split("-");
                IpLiteral first = literal(ends[0], entry);
                IpLiteral last = literal(ends[1], entry);
                if (first.ipv6() != last.ipv6() || number(first).compareTo(number(last)) > 0) {
                    throw new IllegalArgumentException("load-balancer pool range '" + entry + "' must go from a lower to a "
                            + "higher address of one family");
                }
                ranges.add(new Range(number(first), number(last), first.ipv6()));
            } else {
                throw new IllegalArgumentException("load-balancer pool entry '" + entry
                        + "' is neither a CIDR (192.0.2.0/24) nor a range (192.0.2.10-192.0.2.20)");
            }
        }
        return new AddressPool(ranges);
    }

    public boolean contains(String address) {
        return IpLiteral.parse(address).map(ip -> ranges.stream().anyMatch(r -> r.ipv6() == ip.ipv6()
                && number(ip).compareTo(r.first()) >= 0 && number(ip).compareTo(r.last()) <= 0)).orElse(false);
    }

    /** The lowest address of the family not in {@code taken}, if any is left. */
    public Optional<String> firstFree(boolean ipv6, Set<String> taken) {
        for (Range range : ranges) {
            if (range.ipv6() != ipv6) {
                continue;
            }
            for (BigInteger n = range.first(); n.compareTo(range.last()) <= 0; n = n.add(BigInteger.ONE)) {
                String address = text(n, ipv6);
                if (!taken.contains(address)) {
                    return Optional.of(address);
                }
            }
        }
        return Optional.empty();
    }

    private static Range cidr(String entry) {
        String[] parts = entry.split("/");
        IpLiteral network = literal(parts[0], entry);
        int bits = network.ipv6() ? 128 : 32;
        int length;
        try {
            length = Integer.parseInt(parts[1]);
        } catch (NumberFormatException e) {
            length = -1;
        }
        if (length < 0 || length > bits) {
            throw new IllegalArgumentException("load-balancer pool CIDR '" + entry + "' has an invalid prefix length");
        }
        BigInteger size = BigInteger.ONE.shiftLeft(bits - length);
        BigInteger first = number(network).andNot(size.subtract(BigInteger.ONE));
        BigInteger last = first.add(size).subtract(BigInteger.ONE);
        if (!network.ipv6() && length <= 30) {
            first = first.add(BigInteger.ONE);
            last = last.subtract(BigInteger.ONE);
        }
        return new Range(first, last, network.ipv6());
    }

    private static IpLiteral literal(String text, String entry) {
        return IpLiteral.parse(text.strip()).orElseThrow(() -> new IllegalArgumentException(
                "load-balancer pool entry '" + entry + "': '" + text + "' is not an IP address"));
    }

    private static BigInteger number(IpLiteral ip) {
        try {
            return new BigInteger(1, InetAddress.getByName(ip.text()).getAddress());
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(e);
        }
    }

    private static String text(BigInteger n, boolean ipv6) {
        byte[] raw = n.toByteArray();
        byte[] address = new byte[ipv6 ? 16 : 4];
        int copy = Math.min(raw.length, address.length);
        System.arraycopy(raw, raw.length - copy, address, address.length - copy, copy);
        try {
            return IpLiteral.parse(InetAddress.getByAddress(address).getHostAddress()).orElseThrow().text();
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(e);
        }
    }
}
