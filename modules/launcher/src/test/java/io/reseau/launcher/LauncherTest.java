package io.reseau.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class LauncherTest {

    private final Launcher launcher = new Launcher("reseau-test", "a binary under test", "Usage: reseau-test [--help]");

    @Test
    void versionIsTheBundleVersionFromTheRootPom() {
        assertThat(BundleVersion.get()).matches("\\d+\\.\\d+\\.\\d+(-SNAPSHOT)?");
        assertThat(launcher.answer(List.of("--version"))).contains("reseau-test " + BundleVersion.get());
    }

    @Test
    void helpNamesTheBinaryAndShowsUsage() {
        String help = launcher.answer(List.of("--help")).orElseThrow();
        assertThat(help).startsWith("reseau-test — a binary under test").contains("Usage: reseau-test");
        assertThat(launcher.answer(List.of("-h"))).contains(help);
    }

    @Test
    void otherArgumentsAreLeftToTheBinary() {
        assertThat(launcher.answer(List.of())).isEmpty();
        assertThat(launcher.answer(List.of("up", "--nodes", "2"))).isEmpty();
    }
}
