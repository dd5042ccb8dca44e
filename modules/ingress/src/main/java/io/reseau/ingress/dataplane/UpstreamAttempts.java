package io.reseau.ingress.dataplane;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * The endpoints asked for one request, in order: which were tried (not to be asked again), and how each answered,
 * for the access log's {@code $upstream_*} fields ({@link UpstreamOutcome}). Times are {@link System#nanoTime()}'s.
 */
final class UpstreamAttempts {

    /**
     * The endpoints tried since the start or the last {@link #startOver()}: how many, and, from the second on, which
     * (most requests ask one endpoint, and make no list for it).
     */
    private int triedCount;
    private List<InetSocketAddress> tried;
    /** The endpoints asked before the last one (null until a second one is asked). */
    private List<UpstreamOutcome.Attempt> earlier;
    private InetSocketAddress endpoint;
    /** When the last endpoint was asked (0 before any), and whether for the error page. */
    private long askedAt;
    private boolean forErrorPage;
    /** The status of the last endpoint's answer (0 before its head; nginx's 502 or 504 once it failed). */
    private int status;
    /** When the last endpoint's connection was ready and its answer's head came, or 0 before. */
    private long connectedAt;
    private long answeredAt;
    private long bodyBytes;
    /** When the last endpoint's connection was let go with its response still on its way to the client, or 0. */
    private long releasedAt;

    /** Another endpoint is asked, the one before it (if any) done as it stands. */
    void asking(InetSocketAddress next, long now, boolean errorPage) {
        if (askedAt != 0) {
            if (earlier == null) {
                earlier = new ArrayList<>(2);
            }
            earlier.add(last(now));
        }
        if (triedCount == 1) {
            tried = new ArrayList<>(4);
            tried.add(endpoint);
        }
        if (triedCount >= 1) {
            tried.add(next);
        }
        triedCount++;
        endpoint = next;
        askedAt = now;
        forErrorPage = errorPage;
        status = 0;
        connectedAt = 0;
        answeredAt = 0;
        bodyBytes = 0;
        releasedAt = 0;
    }

    /** The endpoint asked last, or null before any. */
    InetSocketAddress endpoint() {
        return endpoint;
    }

    /** The endpoints tried since the request started or {@link #startOver() started over}. */
    Collection<InetSocketAddress> tried() {
        return switch (triedCount) {
            case 0 -> List.of();
            case 1 -> List.of(endpoint);
            default -> tried;
        };
    }

    int triedCount() {
        return triedCount;
    }

    /** The error backend is asked next: its endpoints are all untried (the log keeps every attempt). */
    void startOver() {
        triedCount = 0;
        tried = null;
    }

    /** The last endpoint's connection (new, or kept alive) is ready for the request, at {@code now}. */
    void connected(long now) {
        connectedAt = now;
    }

    /** The last endpoint's answer's head came at {@code now}, with this status. */
    void answered(int code, long now) {
        status = code;
        answeredAt = now;
    }

    /** The last endpoint failed as nginx says it failed (502: refused or closed, 504: timed out). */
    void failed(int code) {
        status = code;
    }

    /** Whether the last endpoint answered, or is known to have failed. */
    boolean hasStatus() {
        return status != 0;
    }

    void bodyRead(long bytes) {
        bodyBytes += bytes;
    }

    /** The last endpoint's part ended now, though the client is still taking its response from a file. */
    void released(long now) {
        releasedAt = now;
    }

    /** What the endpoints asked did, the last as it stands at {@code now}; {@code failed}: the backend failed it. */
    UpstreamOutcome outcome(long now, boolean failed) {
        if (askedAt == 0) {
            return failed ? new UpstreamOutcome(List.of(), true) : UpstreamOutcome.NONE;
        }
        if (earlier == null) {
            return new UpstreamOutcome(List.of(last(now)), failed);
        }
        List<UpstreamOutcome.Attempt> all = new ArrayList<>(earlier);
        all.add(last(now));
        return new UpstreamOutcome(all, failed);
    }

    private UpstreamOutcome.Attempt last(long now) {
        long endedAt = releasedAt != 0 ? releasedAt : now;
        return new UpstreamOutcome.Attempt(endpoint, status, since(connectedAt), since(answeredAt), endedAt - askedAt,
                bodyBytes, forErrorPage);
    }

    /** The time from asking the last endpoint to {@code moment}, or -1 when that did not come. */
    private long since(long moment) {
        return moment == 0 ? -1 : moment - askedAt;
    }
}
