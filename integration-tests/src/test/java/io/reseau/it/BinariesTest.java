package io.reseau.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** Every binary in the bundle answers --version and --help, instantly and without a cluster. */
class BinariesTest {

    @ParameterizedTest
    @ValueSource(strings = {"reseau-cni", "reseau-proxy", "reseau-ingress", "reseau-certs", "reseau-policy",
            "reseau-sandbox"})
    void answersVersionAndHelp(String binary) throws Exception {
        Output version = run(binary, "--version");
        assertThat(version.exitCode()).isZero();
        assertThat(version.stdout().strip()).isEqualTo(binary + " " + Bundle.VERSION);

        Output help = run(binary, "--help");
        assertThat(help.exitCode()).isZero();
        assertThat(help.stdout()).startsWith(binary + " — ").contains("Usage: " + binary).contains("Docs: docs/");
    }

    @Test
    void theSandboxSaysPlainlyWhenNoneIsRunning() throws Exception {
        // Only commands that start nothing: bringing a sandbox up and down is modules/sandbox's own test.
        Output status = run("reseau-sandbox", "status");
        assertThat(status.exitCode()).isEqualTo(1);
        assertThat(status.stdout() + status.stderr()).contains("no sandbox is running").contains("reseau-sandbox up");
    }

    private record Output(int exitCode, String stdout, String stderr) {
    }

    private static Output run(String binary, String... args) throws IOException, InterruptedException {
        List<String> command = new java.util.ArrayList<>(List.of(Bundle.binary(binary).toString()));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).start();
        process.getOutputStream().close();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError(binary + " " + String.join(" ", args) + " did not finish");
        }
        return new Output(process.exitValue(),
                new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8),
                new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8));
    }
}
