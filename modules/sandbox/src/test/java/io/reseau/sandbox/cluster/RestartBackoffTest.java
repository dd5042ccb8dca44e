package io.reseau.sandbox.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class RestartBackoffTest {

    private static final Duration SHORT_RUN = Duration.ofSeconds(3);

    @Test
    void theFirstRestartIsAtOnceThenTheWaitDoublesFromTenSecondsUpToFiveMinutes() {
        RestartBackoff backoff = new RestartBackoff();
        assertThat(backoff.after(SHORT_RUN)).isZero();
        assertThat(backoff.after(SHORT_RUN)).hasSeconds(10);
        assertThat(backoff.after(SHORT_RUN)).hasSeconds(20);
        assertThat(backoff.after(SHORT_RUN)).hasSeconds(40);
        assertThat(backoff.after(SHORT_RUN)).hasSeconds(80);
        assertThat(backoff.after(SHORT_RUN)).hasSeconds(160);
        assertThat(backoff.after(SHORT_RUN)).hasMinutes(5);
        assertThat(backoff.after(SHORT_RUN)).hasMinutes(5);
    }

    @Test
    void aRunOfTenMinutesStartsTheCountOver() {
        RestartBackoff backoff = new RestartBackoff();
        backoff.after(SHORT_RUN);
        backoff.after(SHORT_RUN);
        assertThat(backoff.after(SHORT_RUN)).hasSeconds(20);
        assertThat(backoff.after(Duration.ofMinutes(10))).isZero();
        assertThat(backoff.after(SHORT_RUN)).hasSeconds(10);
    }
}
