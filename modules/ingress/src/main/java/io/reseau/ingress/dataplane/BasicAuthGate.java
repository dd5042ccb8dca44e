package io.reseau.ingress.dataplane;

import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.EventExecutor;
import io.reseau.ingress.model.BasicAuth;
import io.reseau.ingress.model.PasswordHashes;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Lets a request through its route's basic authentication, or not. Password hashes are slow on purpose (bcrypt's
 * default cost takes tens of milliseconds), so the first check of a user's password runs on a small pool of its own,
 * never on an event loop, and a password found right is remembered: a client sending the same credentials on every
 * request then costs a keyed digest and a set lookup. What is remembered is an HMAC, under a key made at start, of the
 * hash and the password, never the password. Checks waiting beyond the pool's queue are answered {@link Verdict#BUSY}
 * (503) rather than queued without bound.
 */
final class BasicAuthGate implements AutoCloseable {

    /** The outcome of a check. */
    enum Verdict { PASS, DENY, BUSY }

    /** Verified credentials remembered at most; beyond, the memory is emptied and refilled by use. */
    static final int REMEMBERED = 10_000;
    private static final int QUEUED = 256;
    private static final String SCHEME = "basic ";

    private final ThreadPoolExecutor verifiers;
    private final Set<String> verified = ConcurrentHashMap.newKeySet();
    private final SecretKeySpec key;
    /** One initialised Mac per thread (event loops, the pool): looking one up costs more than the digest. */
    private final ThreadLocal<Mac> macs = ThreadLocal.withInitial(this::newMac);

    BasicAuthGate() {
        int threads = Math.max(1, Runtime.getRuntime().availableProcessors() / 2);
        verifiers = new ThreadPoolExecutor(threads, threads, 0, TimeUnit.SECONDS, new ArrayBlockingQueue<>(QUEUED),
                new DefaultThreadFactory("reseau-ingress-auth", true));
        byte[] secret = new byte[32];
        new SecureRandom().nextBytes(secret);
        key = new SecretKeySpec(secret, "HmacSHA256");
    }

    /**
     * Checks the request's Authorization field ({@code authorization}, null without one) against {@code auth}'s
     * users and tells {@code then} the verdict on {@code loop}: at once when no hash has to be computed, else once
     * the pool has.
     */
    void check(BasicAuth auth, String authorization, EventExecutor loop, Consumer<Verdict> then) {
        Optional<Credentials> credentials = credentials(authorization);
        String hash = credentials.map(c -> auth.users().get(c.user())).orElse(null);
        if (hash == null) {
            then.accept(Verdict.DENY);
            return;
        }
        String remembered = remembered(hash, credentials.get().password());
        if (verified.contains(remembered)) {
            then.accept(Verdict.PASS);
            return;
        }
        try {
            verifiers.execute(() -> {
                boolean right = PasswordHashes.matches(hash, credentials.get().password());
                if (right) {
                    if (verified.size() >= REMEMBERED) {
                        verified.clear();
                    }
                    verified.add(remembered);
                }
                try {
                    loop.execute(() -> then.accept(right ? Verdict.PASS : Verdict.DENY));
                } catch (RejectedExecutionException closing) {
                    // The event loop shuts down with the data plane: nobody waits for this verdict any more.
                }
            });
        } catch (RejectedExecutionException e) {
            then.accept(Verdict.BUSY);
        }
    }

    /** A user and password from {@code Basic base64(user:password)}. */
    record Credentials(String user, String password) {
    }

    /** The credentials of an Authorization field, or empty if it has none in the Basic scheme. */
    static Optional<Credentials> credentials(String authorization) {
        if (authorization == null || authorization.length() <= SCHEME.length()
                || !authorization.substring(0, SCHEME.length()).toLowerCase(Locale.ROOT).equals(SCHEME)) {
            return Optional.empty();
        }
        String decoded;
        try {
            decoded = new String(Base64.getDecoder().decode(authorization.substring(SCHEME.length()).strip()),
                    StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        int colon = decoded.indexOf(':');
        return colon < 0 ? Optional.empty()
                : Optional.of(new Credentials(decoded.substring(0, colon), decoded.substring(colon + 1)));
    }

    private String remembered(String hash, String password) {
        // doFinal leaves the Mac ready for the next digest under the same key.
        Mac mac = macs.get();
        mac.update(hash.getBytes(StandardCharsets.UTF_8));
        mac.update((byte) 0);
        return Base64.getEncoder().encodeToString(mac.doFinal(password.getBytes(StandardCharsets.UTF_8)));
    }

    private Mac newMac() {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            return mac;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("every JDK has HmacSHA256", e);
        }
    }

    @Override
    public void close() {
        verifiers.shutdownNow();
    }
}
