package io.reseau.sandbox.state;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LiveProcessTest {

    @Test
    void thisProcessRunsAndOneThatEndedDoesNot() throws Exception {
        assertThat(LiveProcess.running(ProcessHandle.current().pid())).isTrue();
        Process ended = new ProcessBuilder("true").start();
        ended.waitFor();
        assertThat(LiveProcess.running(ended.pid())).isFalse();
    }

    @Test
    void aProcessIsNotInANamespaceItDoesNotRunIn() {
        assertThat(LiveProcess.runsIn(ProcessHandle.current().pid(), "no-such-namespace")).isFalse();
    }
}
