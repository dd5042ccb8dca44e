package io.reseau.ingress.dataplane;

import io.netty.util.AsciiString;
import java.util.Arrays;

/**
 * The lower-cased names of the fields backends send most (those of HPACK's static table a response carries, and a
 * few more), found in a head's bytes whatever their case: an HTTP/2 response field's name is then one of these
 * constants rather than a copy made for each response. The HPACK encoder keeps names in its dynamic table, so a name
 * not found here is still copied.
 */
final class CommonFieldNames {

    private static final AsciiString[] NAMES = Arrays.stream(new String[] {
            "accept-ranges", "access-control-allow-credentials", "access-control-allow-headers",
            "access-control-allow-methods", "access-control-allow-origin", "access-control-expose-headers",
            "access-control-max-age", "age", "allow", "alt-svc", "cache-control", "content-disposition",
            "content-encoding", "content-language", "content-length", "content-location", "content-range",
            "content-security-policy", "content-type", "date", "etag", "expires", "last-modified", "link",
            "location", "pragma", "referrer-policy", "retry-after", "server", "set-cookie",
            "strict-transport-security", "vary", "via", "www-authenticate", "x-content-type-options",
            "x-frame-options", "x-request-id"
    }).map(AsciiString::cached).toArray(AsciiString[]::new);

    /** The names by length: those of each length in a row. */
    private static final AsciiString[][] BY_LENGTH = byLength();

    private CommonFieldNames() {
    }

    /** The constant for the name in {@code bytes} from {@code from} to {@code to}, in any case; null if none. */
    static AsciiString find(byte[] bytes, int from, int to) {
        int length = to - from;
        if (length >= BY_LENGTH.length) {
            return null;
        }
        for (AsciiString name : BY_LENGTH[length]) {
            if (Http1Head.equalsLowercase(bytes, from, to, name)) {
                return name;
            }
        }
        return null;
    }

    private static AsciiString[][] byLength() {
        int longest = Arrays.stream(NAMES).mapToInt(AsciiString::length).max().orElseThrow();
        AsciiString[][] table = new AsciiString[longest + 1][];
        for (int length = 0; length <= longest; length++) {
            int named = length;
            table[length] = Arrays.stream(NAMES).filter(name -> name.length() == named).toArray(AsciiString[]::new);
        }
        return table;
    }
}
