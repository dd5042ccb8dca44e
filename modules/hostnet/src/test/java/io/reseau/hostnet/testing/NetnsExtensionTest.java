package io.reseau.hostnet.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import io.reseau.hostnet.netns.NetworkNamespace;
import io.reseau.hostnet.netns.NetworkNamespaces;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.platform.testkit.engine.EngineTestKit;

@ExtendWith(NetnsExtension.class)
class NetnsExtensionTest {

    /** Run only through the test kit below (surefire leaves nested classes alone). */
    static class FailsHalfway {
        static volatile NetworkNamespace made;

        @Test
        @ExtendWith(NetnsExtension.class)
        void failsAfterMakingANamespace(ThrowawayNamespaces netns) {
            made = netns.create("doomed");
            throw new AssertionError("this test fails on purpose");
        }
    }

    @Test
    void namespacesAreRemovedEvenWhenTheTestFails() {
        EngineTestKit.engine("junit-jupiter")
                .selectors(selectClass(FailsHalfway.class))
                .execute()
                .testEvents()
                .assertStatistics(stats -> stats.started(1).failed(1));

        assertThat(FailsHalfway.made).isNotNull();
        assertThat(FailsHalfway.made.exists()).isFalse();
    }

    @Test
    void leftoversOfDeadTestRunsAreSweptAndLiveOnesKept(ThrowawayNamespaces netns) {
        NetworkNamespaces namespaces = new NetworkNamespaces();
        long deadPid = deadPid();
        NetworkNamespace leftover = namespaces.create(ThrowawayNamespaces.PREFIX + deadPid + "-1-leftover");
        NetworkNamespace live = netns.create("live");

        ThrowawayNamespaces.sweepLeftovers();

        assertThat(leftover.exists()).isFalse();
        assertThat(live.exists()).isTrue();
    }

    private static long deadPid() {
        long pid = 4_000_000;
        while (ProcessHandle.of(pid).isPresent()) {
            pid++;
        }
        return pid;
    }
}
