package io.reseau.proxy.model;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Optional;
import java.util.regex.Pattern;

/** An IP address written as a literal, in canonical form (never resolved through DNS). */
public record IpLiteral(String text, boolean ipv6) {

    private static final Pattern IPV4 = Pattern.compile("(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)(\\.(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)){3}");
    private static final Pattern IPV6_CHARS = Pattern.compile("[0-9A-Fa-f:.]+");

    /** The address, if {@code text} is an IPv4 or IPv6 literal. */
    public static Optional<IpLiteral> parse(String text) {
        if (text == null) {
            return Optional.empty();
        }
        if (IPV4.matcher(text).matches()) {
            return Optional.of(new IpLiteral(text, false));
        }
        if (text.contains(":") && IPV6_CHARS.matcher(text).matches()) {
            try {
                // Only hex digits, ':' and '.': InetAddress parses the literal and never asks DNS.
                byte[] raw = InetAddress.getByName(text).getAddress();
                if (raw.length == 16) {
                    return Optional.of(new IpLiteral(io.reseau.hostnet.nft.DataType.IPV6_ADDR.format(raw), true));
                }
            } catch (UnknownHostException malformed) {
                return Optional.empty();
            }
        }
        return Optional.empty();
    }
}
