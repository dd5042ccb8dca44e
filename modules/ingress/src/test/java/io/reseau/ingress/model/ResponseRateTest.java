package io.reseau.ingress.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** How long a response ahead of its limit-rate waits, nginx's way: the first limit-rate-after bytes go free. */
class ResponseRateTest {

    private static final long SECOND = 1_000_000_000L;

    private final ResponseRate rate = new ResponseRate(1000, 500);

    @Test
    void theFirstBytesAreNotLimited() {
        assertThat(rate.waitNanos(0, 0)).isZero();
        assertThat(rate.waitNanos(500, 0)).isZero();
    }

    @Test
    void bytesBeyondThemWaitUntilTheRateAllowsThem() {
        assertThat(rate.waitNanos(1500, 0)).isEqualTo(SECOND);
        assertThat(rate.waitNanos(1500, SECOND / 4)).isEqualTo(3 * SECOND / 4);
        assertThat(rate.waitNanos(2500, SECOND)).isEqualTo(SECOND);
    }

    @Test
    void aResponseBehindItsRateGoesOn() {
        assertThat(rate.waitNanos(1500, SECOND)).isZero();
        assertThat(rate.waitNanos(1500, 5 * SECOND)).isZero();
    }

    @Test
    void aRateOfNothingIsRefused() {
        assertThatThrownBy(() -> new ResponseRate(0, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ResponseRate(10, -1)).isInstanceOf(IllegalArgumentException.class);
    }
}
