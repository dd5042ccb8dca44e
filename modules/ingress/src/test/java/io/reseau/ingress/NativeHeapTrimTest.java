package io.reseau.ingress;

import static org.assertj.core.api.Assertions.assertThat;

import io.reseau.ingress.NativeHeapTrim.Schedule;
import org.junit.jupiter.api.Test;

class NativeHeapTrimTest {

    private static final long SECOND = 1_000_000_000L;

    @Test
    void nothingCompiledNothingTrimmed() {
        Schedule schedule = Schedule.at(700, 0);
        for (long second = 5; second <= 120; second += 5) {
            schedule = schedule.sampled(700, second * SECOND);
            assertThat(schedule.due(second * SECOND)).as("at %d s", second).isFalse();
        }
    }

    @Test
    void trimmedOnceTheCompilersAreQuiet() {
        Schedule schedule = Schedule.at(700, 0).sampled(900, 5 * SECOND).sampled(1_200, 10 * SECOND);
        assertThat(schedule.sampled(1_200, 15 * SECOND).due(15 * SECOND)).isFalse();
        assertThat(schedule.sampled(1_200, 20 * SECOND).due(20 * SECOND)).isTrue();
    }

    @Test
    void trimmedAtTheLatestWhileTheCompilersGoOn() {
        Schedule schedule = Schedule.at(700, 0);
        long compiled = 700;
        for (long second = 5; second < 305; second += 5) {
            compiled += 40;
            schedule = schedule.sampled(compiled, second * SECOND);
            assertThat(schedule.due(second * SECOND)).as("at %d s", second).isFalse();
        }
        assertThat(schedule.sampled(compiled + 40, 305 * SECOND).due(305 * SECOND)).isTrue();
    }

    @Test
    void aTrimWaitsForTheNextCompilation() {
        Schedule trimmed = Schedule.at(700, 0).sampled(900, 5 * SECOND).trimmed(15 * SECOND);
        assertThat(trimmed.sampled(900, 60 * SECOND).due(60 * SECOND)).isFalse();
        Schedule again = trimmed.sampled(950, 65 * SECOND);
        assertThat(again.due(70 * SECOND)).isFalse();
        assertThat(again.due(75 * SECOND)).isTrue();
    }

    @Test
    void theJvmTrimsItsNativeHeapWhenAsked() throws Exception {
        assertThat(NativeHeapTrim.trimNow()).startsWith("Trim native heap").contains("RSS");
    }
}
