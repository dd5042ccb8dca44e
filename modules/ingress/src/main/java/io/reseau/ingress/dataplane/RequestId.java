package io.reseau.ingress.dataplane;

import io.netty.util.AsciiString;
import java.util.HexFormat;
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

    private static final HexFormat HEX = HexFormat.of();

    private RequestId() {
    }

    /** A new identifier: 32 hexadecimal digits, written straight into the string's bytes. */
    static String fresh() {
        byte[] random = new byte[16];
        ThreadLocalRandom.current().nextBytes(random);
        return HEX.formatHex(random);
    }
}
