package io.reseau.ingress.dataplane;

import static org.assertj.core.api.Assertions.assertThat;

import io.reseau.ingress.model.RateLimit;
import io.reseau.ingress.model.SourceRange;
import java.net.InetAddress;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** The limits' arithmetic, with the clock passed in. */
class RateLimiterTest {

    private static final long SECOND = TimeUnit.SECONDS.toNanos(1);
    private final RateLimiter limiter = new RateLimiter();
    private final InetAddress alice = address("10.0.0.1");
    private final InetAddress bob = address("10.0.0.2");

    private static InetAddress address(String ip) {
        try {
            return InetAddress.getByName(ip);
        } catch (java.net.UnknownHostException e) {
            throw new IllegalArgumentException(e);
        }
    }

    private long admitted(String ingress, RateLimit limit, InetAddress client, long now, int tries) {
        return IntStream.range(0, tries)
                .filter(i -> limiter.admit(ingress, limit, client, now) instanceof RateLimiter.Admission).count();
    }

    @Test
    void perSecondAllowsABurstThenTheRate() {
        RateLimit twoPerSecond = new RateLimit(0, 2, 0, 5, List.of());

        assertThat(admitted("ns/a", twoPerSecond, alice, 0, 20)).isEqualTo(10);
        assertThat(admitted("ns/a", twoPerSecond, alice, SECOND / 2, 20)).isEqualTo(1);
        assertThat(admitted("ns/a", twoPerSecond, alice, 3 * SECOND / 2, 20)).isEqualTo(2);
        // Other clients and other Ingresses have buckets of their own.
        assertThat(admitted("ns/a", twoPerSecond, bob, 3 * SECOND / 2, 20)).isEqualTo(10);
        assertThat(admitted("ns/b", twoPerSecond, alice, 3 * SECOND / 2, 20)).isEqualTo(10);
        // Idle long enough, the bucket is full again, and no fuller.
        assertThat(admitted("ns/a", twoPerSecond, alice, 100 * SECOND, 20)).isEqualTo(10);
    }

    @Test
    void perMinuteAndPerSecondMustBothAdmit() {
        RateLimit limit = new RateLimit(0, 10, 60, 1, List.of());

        assertThat(admitted("ns/a", limit, alice, 0, 100)).isEqualTo(10);
        for (int second = 1; second <= 5; second++) {
            assertThat(admitted("ns/a", limit, alice, second * SECOND, 100)).isEqualTo(10);
        }
        // 60 taken from the minute's 60, refilled by one a second: 6 left after six seconds, then one a second.
        assertThat(admitted("ns/a", limit, alice, 6 * SECOND, 100)).isEqualTo(6);
        assertThat(admitted("ns/a", limit, alice, 7 * SECOND, 100)).isEqualTo(1);
        assertThat(admitted("ns/a", limit, alice, 8 * SECOND, 100)).isEqualTo(1);
    }

    @Test
    void requestsInProgressAreCountedUntilReleased() {
        RateLimit two = new RateLimit(2, 0, 0, 5, List.of());

        RateLimiter.Verdict first = limiter.admit("ns/a", two, alice, 0);
        RateLimiter.Verdict second = limiter.admit("ns/a", two, alice, 0);
        assertThat(first).isInstanceOf(RateLimiter.Admission.class);
        assertThat(second).isInstanceOf(RateLimiter.Admission.class);
        assertThat(limiter.admit("ns/a", two, alice, 0)).isEqualTo(RateLimiter.Refusal.OVER_CONNECTIONS);
        assertThat(limiter.admit("ns/a", two, bob, 0)).isInstanceOf(RateLimiter.Admission.class);

        ((RateLimiter.Admission) first).release();
        assertThat(limiter.admit("ns/a", two, alice, 0)).isInstanceOf(RateLimiter.Admission.class);
        assertThat(limiter.admit("ns/a", two, alice, 0)).isEqualTo(RateLimiter.Refusal.OVER_CONNECTIONS);
    }

    @Test
    void exemptAddressesAreNotLimited() {
        RateLimit limit = new RateLimit(1, 1, 1, 1, List.of(SourceRange.parse("10.0.0.0/31")));

        assertThat(admitted("ns/a", limit, alice, 0, 50)).isEqualTo(50);
        assertThat(admitted("ns/a", limit, address("10.0.0.3"), 0, 50)).isEqualTo(1);
    }

    @Test
    void aRefusalSaysWhichLimit() {
        RateLimit onePerSecond = new RateLimit(0, 1, 0, 1, List.of());

        assertThat(limiter.admit("ns/a", onePerSecond, alice, 0)).isInstanceOf(RateLimiter.Admission.class);
        assertThat(limiter.admit("ns/a", onePerSecond, alice, 0)).isEqualTo(RateLimiter.Refusal.OVER_RATE);
    }

    @Test
    void aChangedLimitAppliesToTheBucketsAlreadyThere() {
        assertThat(admitted("ns/a", new RateLimit(0, 1, 0, 1, List.of()), alice, 0, 5)).isEqualTo(1);

        assertThat(admitted("ns/a", new RateLimit(0, 10, 0, 1, List.of()), alice, SECOND, 50)).isEqualTo(10);
    }
}
