package io.reseau.ingress.model;

import java.time.Duration;
import java.util.Optional;
import java.util.Set;

/**
 * When a request goes on to another endpoint ({@code proxy-next-upstream}) and how many endpoints it may try in all
 * ({@code proxy-next-upstream-tries}). As nginx, only a request none of whose body has gone out is sent again, and
 * only an idempotent one unless {@code nonIdempotent}.
 *
 * @param onError       the connection failed, or the backend closed it or sent a head reseau cannot read before
 *                      answering ({@code error}, {@code invalid_header})
 * @param onTimeout     connecting, sending the request or waiting for the answer took longer than allowed
 *                      ({@code timeout})
 * @param onStatuses    the backend answered one of these ({@code http_500}, {@code http_502}, {@code http_503},
 *                      {@code http_504}, {@code http_403}, {@code http_404}, {@code http_429})
 * @param nonIdempotent POST, PATCH and LOCK requests too ({@code non_idempotent})
 * @param attempts      endpoints tried in all; empty means the controller's setting
 * @param within        no endpoint tried once this long has passed since the request arrived
 *                      ({@code proxy-next-upstream-timeout}); empty means no limit
 */
public record NextUpstream(boolean onError, boolean onTimeout, Set<Integer> onStatuses, boolean nonIdempotent,
        Optional<Integer> attempts, Optional<Duration> within) {

    /** nginx's default, {@code error timeout}, as many endpoints as the controller's setting. */
    public static final NextUpstream DEFAULT = new NextUpstream(true, true, Set.of(), false, Optional.empty(),
            Optional.empty());

    /** {@code off}: every request goes to one endpoint only. */
    public static final NextUpstream OFF = new NextUpstream(false, false, Set.of(), false, Optional.of(1),
            Optional.empty());

    /** The statuses {@code http_<status>} may name. */
    public static final Set<Integer> STATUSES = Set.of(500, 502, 503, 504, 403, 404, 429);

    public NextUpstream {
        onStatuses = Set.copyOf(onStatuses);
    }

    /** This, with another number of endpoints tried in all and another time limit. */
    public NextUpstream limitedTo(Optional<Integer> tries, Optional<Duration> time) {
        return new NextUpstream(onError, onTimeout, onStatuses, nonIdempotent, tries, time);
    }

    /** Whether an answer with this status sends the request on (checked for every answer: no boxing while none). */
    public boolean afterStatus(int status) {
        return !onStatuses.isEmpty() && onStatuses.contains(status);
    }

    /** Whether another endpoint may still be tried {@code elapsedNanos} after the request arrived ({@link #within}). */
    public boolean inTime(long elapsedNanos) {
        return within.isEmpty() || elapsedNanos < within.get().toNanos();
    }

    /** Whether a connection that could not be made, in time ({@code timedOut}) or at all, sends the request on. */
    public boolean afterConnectFailure(boolean timedOut) {
        return timedOut ? onTimeout : onError;
    }

    /**
     * Whether an answer with this status, passed over for the next endpoint, counts against its endpoint (toward
     * passive ejection): as nginx, a 403 or a 404 never does.
     */
    public static boolean countsAsFailure(int status) {
        return status != 403 && status != 404;
    }
}
