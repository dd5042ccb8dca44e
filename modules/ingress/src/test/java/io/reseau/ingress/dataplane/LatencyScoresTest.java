package io.reseau.ingress.dataplane;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.net.InetSocketAddress;
import org.junit.jupiter.api.Test;

/** The moving averages of {@code load-balance: ewma}: first measure taken whole, then weighted by time, decaying. */
class LatencyScoresTest {

    private static final InetSocketAddress POD = new InetSocketAddress("10.0.0.1", 8080);
    private static final long SECOND = 1_000_000_000L;

    @Test
    void anEndpointNeverMeasuredScoresZero() {
        assertThat(new LatencyScores().score(POD, 5 * SECOND)).isZero();
    }

    @Test
    void theFirstMeasureIsTakenWholeAndLaterOnesWeighedByTheTimeBetween() {
        LatencyScores scores = new LatencyScores();
        scores.record(POD, 100_000_000, SECOND);
        assertThat(scores.score(POD, SECOND)).isEqualTo(100_000_000.0);

        // 10 s later (one decay period) the old average weighs e^-1.
        scores.record(POD, 0, 11 * SECOND);
        assertThat(scores.score(POD, 11 * SECOND)).isCloseTo(100_000_000 * Math.exp(-1), within(1.0));
    }

    @Test
    void aScoreDecaysTowardZeroWhileTheEndpointIsLeftAlone() {
        LatencyScores scores = new LatencyScores();
        scores.record(POD, 100_000_000, 0);

        assertThat(scores.score(POD, 20 * SECOND)).isCloseTo(100_000_000 * Math.exp(-2), within(1.0));
        assertThat(scores.score(POD, 100 * SECOND)).isLessThan(10_000);
    }
}
