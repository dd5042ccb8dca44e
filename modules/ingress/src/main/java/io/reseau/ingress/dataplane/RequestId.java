package io.reseau.ingress.dataplane;

import io.netty.util.AsciiString;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The X-Request-ID a backend gets, as ingress-nginx's {@code $req_id}: the client's own when it sent one, else 16
 * random bytes in hexadecimal (nginx's {@code $request_id}) when {@code generate-request-id} is on.
 */
final class RequestId {

    /** The field as written. */
    static final AsciiString FIELD = AsciiString.cached("X-Request-ID");
    /** The field's name as a request head is searched for it. */
    static final AsciiString LOWERCASE = AsciiString.cached("x-request-id");

    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private RequestId() {
    }

    /** A new identifier: 32 hexadecimal digits. */
    static String fresh() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        char[] digits = new char[32];
        hex(random.nextLong(), digits, 0);
        hex(random.nextLong(), digits, 16);
        return new String(digits);
    }

    private static void hex(long bits, char[] out, int at) {
        for (int i = 15; i >= 0; i--) {
            out[at + i] = HEX[(int) (bits & 0xf)];
            bits >>>= 4;
        }
    }
}
