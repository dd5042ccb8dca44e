package io.reseau.informers.queue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class BackoffTest {

    private final Backoff backoff = new Backoff(Duration.ofMillis(100), Duration.ofSeconds(5));

    @ParameterizedTest(name = "retry {0} waits {1} ms")
    @CsvSource({"0,0", "1,100", "2,200", "3,400", "6,3200", "7,5000", "40,5000", "2147483647,5000"})
    void doublesFromInitialUpToTheCap(int failures, long millis) {
        assertThat(backoff.delay(failures)).isEqualTo(Duration.ofMillis(millis));
    }

    @Test
    void rejectsACapBelowTheInitialDelay() {
        assertThatThrownBy(() -> new Backoff(Duration.ofSeconds(2), Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("0 < initial <= max");
    }
}
