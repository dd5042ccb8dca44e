package io.reseau.ingress.dataplane;

import io.netty.handler.ssl.OpenSslSessionTicketKey;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.Optional;

/**
 * How clients resume their TLS sessions without a full handshake, as ingress-nginx's {@code ssl-session-*} keys:
 * for {@code timeout} ({@code ssl-session-timeout}); by session tickets ({@code ssl-session-tickets}), encrypted with
 * {@code ticketKey} when replicas are to resume each other's sessions ({@code ssl-session-ticket-key}; without one,
 * each certificate's context makes its own and rotates it every two days); and by the session IDs of the last
 * {@code cachedSessions} TLS 1.2 sessions each certificate's context keeps ({@code ssl-session-cache},
 * {@code ssl-session-cache-size}; 0: none kept). The TLS engine, BoringSSL, resumes TLS 1.3 sessions by tickets
 * only.
 */
public record SessionResumption(Duration timeout, boolean tickets, Optional<OpenSslSessionTicketKey> ticketKey,
        int cachedSessions) {

    /** How many sessions nginx's shared cache holds per byte of its size: about 4,000 a megabyte. */
    private static final int BYTES_PER_SESSION = 256;

    /**
     * ingress-nginx's defaults (a 10-minute timeout, a 10 MB cache) but for tickets, which it turns off: reseau
     * issues them, as BoringSSL resumes no TLS 1.3 session without them.
     */
    public static final SessionResumption DEFAULT = new SessionResumption(Duration.ofMinutes(10), true,
            Optional.empty(), cachedSessions(10L << 20));

    /** As many sessions as nginx's {@code ssl_session_cache shared:SSL:<size>} holds, {@code size} in bytes. */
    public static int cachedSessions(long size) {
        return (int) Math.min(Integer.MAX_VALUE, size / BYTES_PER_SESSION);
    }

    /**
     * A session ticket key as ingress-nginx's {@code ssl-session-ticket-key} takes it: 48 random bytes in base64
     * ({@code openssl rand -base64 48}), its name, HMAC key and AES key in nginx's order.
     */
    public static OpenSslSessionTicketKey ticketKey(String base64) {
        byte[] key;
        try {
            key = Base64.getDecoder().decode(base64.strip());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("not base64: " + e.getMessage(), e);
        }
        if (key.length == 80) {
            throw new IllegalArgumentException("80-byte keys (AES-256) are not supported by reseau's TLS engine;"
                    + " use 48 bytes: openssl rand -base64 48");
        }
        if (key.length != 48) {
            throw new IllegalArgumentException("must be 48 bytes in base64 (openssl rand -base64 48), not "
                    + key.length);
        }
        return new OpenSslSessionTicketKey(Arrays.copyOfRange(key, 0, 16), Arrays.copyOfRange(key, 16, 32),
                Arrays.copyOfRange(key, 32, 48));
    }
}
