package io.reseau.ingress.testing;

/** Bodies whose bytes differ from one position to the next, so that a part lost, doubled or out of order shows. */
public final class Patterned {

    private Patterned() {
    }

    /** {@code length} bytes counting modulo 251 (a prime, so no power-of-two chunk repeats another). */
    public static byte[] bytes(int length) {
        byte[] bytes = new byte[length];
        for (int i = 0; i < length; i++) {
            bytes[i] = (byte) (i % 251);
        }
        return bytes;
    }
}
