package io.reseau.proxy.model;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Optional;
import java.util.regex.Pattern;

/** An IP address written as a literal, in canonical form (never resolved through DNS). */
public record IpLiteral(String text, boolean ipv6) {

    private static final Pattern IPV6_CHARS = Pattern.compile("[0-9A-Fa-f:.]+");

    /** The address, if {@code text} is an IPv4 or IPv6 literal. */
    public static Optional<IpLiteral> parse(String text) {
        if (text == null) {
            return Optional.empty();
        }
        if (isCanonicalIpv4(text)) {
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

    /** Four decimal octets of 0-255 without leading zeros (parsed by hand: every endpoint goes through here). */
    private static boolean isCanonicalIpv4(String text) {
        int octets = 0;
        int i = 0;
        while (i < text.length()) {
            int start = i;
            int value = 0;
            while (i < text.length() && i - start < 4 && text.charAt(i) >= '0' && text.charAt(i) <= '9') {
                value = value * 10 + (text.charAt(i++) - '0');
            }
            int digits = i - start;
            if (digits == 0 || digits > 3 || value > 255 || (digits > 1 && text.charAt(start) == '0')) {
                return false;
            }
            octets++;
            if (i < text.length()) {
                if (text.charAt(i) != '.' || octets == 4) {
                    return false;
                }
                i++;
                if (i == text.length()) {
                    return false;
                }
            }
        }
        return octets == 4;
    }
}
