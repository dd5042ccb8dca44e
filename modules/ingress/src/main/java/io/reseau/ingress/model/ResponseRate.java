package io.reseau.ingress.model;

/**
 * ingress-nginx's {@code limit-rate} and {@code limit-rate-after}: each response is sent to its client at
 * {@code bytesPerSecond} at most once its first {@code afterBytes} are sent.
 */
public record ResponseRate(long bytesPerSecond, long afterBytes) {

    public ResponseRate {
        if (bytesPerSecond <= 0 || afterBytes < 0) {
            throw new IllegalArgumentException("a rate above 0 and a start of 0 or more, not " + bytesPerSecond
                    + " and " + afterBytes);
        }
    }

    /**
     * How long to wait before sending more, once {@code sentBytes} of the response went out {@code elapsedNanos}
     * after it started: until those beyond {@link #afterBytes} would have taken that long at the rate; 0 to go on.
     */
    public long waitNanos(long sentBytes, long elapsedNanos) {
        long limited = sentBytes - afterBytes;
        if (limited <= 0) {
            return 0;
        }
        long due = (long) (limited * 1e9 / bytesPerSecond);
        return Math.max(0, due - elapsedNanos);
    }
}
