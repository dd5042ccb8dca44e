package io.reseau.ingress.dataplane;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.channel.embedded.EmbeddedChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The tick of the backend timeouts, on an event loop whose clock the test moves. */
class UpstreamDeadlinesTest {

    private final EmbeddedChannel loop = new EmbeddedChannel();
    private final UpstreamDeadlines deadlines = new UpstreamDeadlines(loop.eventLoop());
    private final List<String> checked = new ArrayList<>();

    private UpstreamDeadlines.Entry entry(String name, UpstreamDeadlines.Watched then) {
        return new UpstreamDeadlines.Entry(now -> {
            checked.add(name);
            return then.stillWaiting(now);
        });
    }

    private void tick() {
        loop.advanceTimeBy(UpstreamDeadlines.TICK_NANOS, TimeUnit.NANOSECONDS);
        loop.runScheduledPendingTasks();
    }

    @Test
    void checksEveryWatchedEntryUntilItStopsWaiting() {
        UpstreamDeadlines.Entry done = entry("done", now -> false);
        UpstreamDeadlines.Entry waiting = entry("waiting", now -> true);
        deadlines.watch(done);
        deadlines.watch(waiting);
        deadlines.watch(waiting);

        tick();
        tick();

        assertThat(checked).containsExactly("done", "waiting", "waiting");
    }

    @Test
    void aCheckMayUnwatchOtherEntriesDuringTheTick() {
        UpstreamDeadlines.Entry[] second = new UpstreamDeadlines.Entry[1];
        UpstreamDeadlines.Entry first = entry("first", now -> {
            deadlines.unwatch(second[0]);
            return true;
        });
        second[0] = entry("second", now -> true);
        UpstreamDeadlines.Entry third = entry("third", now -> true);
        deadlines.watch(first);
        deadlines.watch(second[0]);
        deadlines.watch(third);

        tick();
        deadlines.unwatch(first);
        deadlines.unwatch(third);
        tick();

        assertThat(checked).containsExactly("first", "third");
    }

    @Test
    void anEntryWatchedAgainAfterTheTickStoppedIsCheckedAgain() {
        UpstreamDeadlines.Entry once = entry("once", now -> false);
        deadlines.watch(once);
        tick();
        tick();
        deadlines.watch(once);
        tick();

        assertThat(checked).containsExactly("once", "once");
    }
}
