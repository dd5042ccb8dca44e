package io.reseau.ingress.dataplane;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import org.junit.jupiter.api.Test;

/** The endpoints asked for one request, as retries read them and the access log writes them. */
class UpstreamAttemptsTest {

    private static final InetSocketAddress FIRST = new InetSocketAddress("10.0.0.1", 8080);
    private static final InetSocketAddress SECOND = new InetSocketAddress("10.0.0.2", 8080);
    private static final InetSocketAddress ERROR_PAGES = new InetSocketAddress("10.0.9.9", 8080);
    private static final InetSocketAddress MORE_ERROR_PAGES = new InetSocketAddress("10.0.9.10", 8080);

    @Test
    void noEndpointAskedIsNoAttemptFailedOrNot() {
        UpstreamAttempts attempts = new UpstreamAttempts();

        assertThat(attempts.outcome(1_000, false)).isEqualTo(UpstreamOutcome.NONE);
        assertThat(attempts.outcome(1_000, true).failed()).isTrue();
        assertThat(attempts.outcome(1_000, true).attempts()).isEmpty();
        assertThat(attempts.endpoint()).isNull();
    }

    @Test
    void eachEndpointAskedIsLoggedWithItsStatusTimesAndBodyTheLastAsItStands() {
        UpstreamAttempts attempts = new UpstreamAttempts();
        assertThat(attempts.tried()).isEmpty();
        attempts.asking(FIRST, 1_000, false);
        assertThat(attempts.tried()).containsExactly(FIRST);
        attempts.failed(502);
        attempts.asking(SECOND, 1_400, false);
        attempts.connected(1_500);
        attempts.answered(200, 1_700);
        attempts.bodyRead(10);
        attempts.bodyRead(32);

        UpstreamOutcome outcome = attempts.outcome(2_000, false);

        assertThat(outcome.attempts()).containsExactly(
                new UpstreamOutcome.Attempt(FIRST, 502, -1, -1, 400, 0, false),
                new UpstreamOutcome.Attempt(SECOND, 200, 100, 300, 600, 42, false));
        assertThat(attempts.endpoint()).isEqualTo(SECOND);
        assertThat(attempts.tried()).containsExactly(FIRST, SECOND);
        // Reading the outcome twice (a span ended, then the log) gives the same attempts.
        assertThat(attempts.outcome(2_000, false)).isEqualTo(outcome);
    }

    @Test
    void theErrorBackendStartsItsOwnTriesAndIsLoggedAfterTheEndpointWhoseAnswerItReplaces() {
        UpstreamAttempts attempts = new UpstreamAttempts();
        attempts.asking(FIRST, 1_000, false);
        attempts.answered(503, 1_050);
        attempts.startOver();
        attempts.asking(ERROR_PAGES, 1_100, true);
        attempts.failed(502);

        assertThat(attempts.tried()).containsExactly(ERROR_PAGES);
        assertThat(attempts.triedCount()).isEqualTo(1);
        attempts.asking(MORE_ERROR_PAGES, 1_200, true);
        attempts.answered(200, 1_260);
        assertThat(attempts.tried()).containsExactly(ERROR_PAGES, MORE_ERROR_PAGES);
        assertThat(attempts.outcome(1_300, false).attempts()).containsExactly(
                new UpstreamOutcome.Attempt(FIRST, 503, -1, 50, 100, 0, false),
                new UpstreamOutcome.Attempt(ERROR_PAGES, 502, -1, -1, 100, 0, true),
                new UpstreamOutcome.Attempt(MORE_ERROR_PAGES, 200, -1, 60, 100, 0, true));
    }

    @Test
    void aResponseStillGoingFromItsFileCountsTheBackendsTimeUntilItWasReleased() {
        UpstreamAttempts attempts = new UpstreamAttempts();
        attempts.asking(FIRST, 1_000, false);
        assertThat(attempts.hasStatus()).isFalse();
        attempts.answered(200, 1_100);
        attempts.released(1_250);

        assertThat(attempts.hasStatus()).isTrue();
        assertThat(attempts.outcome(9_000, false).attempts().getFirst().nanos()).isEqualTo(250);
    }
}
