package io.reseau.ingress.compute;

/**
 * ingress-nginx's {@code large-client-header-buffers} ({@code "4 8k"}): the request line may take one buffer
 * ({@code 414} beyond), each field line one too and the field section all of them ({@code 431} beyond; HTTP/2: the
 * header list), as nginx's limits come to.
 */
public record HeaderBuffers(int number, int size) {

    /** The most a field section may take, whatever the setting says: what a client can make reseau hold. */
    private static final int MAX_TOTAL = 4 << 20;

    public HeaderBuffers {
        if (number < 1 || size < 1 << 10 || (long) number * size > MAX_TOTAL) {
            throw new IllegalArgumentException(number + " buffers of " + size + " bytes: at least one of 1k or more,"
                    + " 4m in all at most");
        }
    }

    /** {@code "<number> <size>"}, the size as nginx writes it ({@code 8k}, {@code 1m}). */
    public static HeaderBuffers parse(String text) {
        String[] parts = text.strip().split("\\s+");
        if (parts.length != 2) {
            throw new IllegalArgumentException("'" + text + "' is not a number and a size, such as 4 8k");
        }
        try {
            return new HeaderBuffers(Integer.parseInt(parts[0]), Math.toIntExact(AnnotationValues.size(parts[1])));
        } catch (NumberFormatException | ArithmeticException e) {
            throw new IllegalArgumentException("'" + text + "' is not a number and a size, such as 4 8k", e);
        }
    }

    /** The longest request line, and the longest field line. */
    public int line() {
        return size;
    }

    /** The largest field section. */
    public int fields() {
        return number * size;
    }
}
