package io.reseau.hostnet.exec;

import io.reseau.hostnet.netns.NetworkNamespace;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/** Runs a host tool ({@code ip}, {@code nft}, {@code bridge}, …) inside a network namespace. */
public final class ProcessRunner {

    private static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(60);

    private final NetworkNamespace namespace;
    private final Duration timeout;

    public ProcessRunner(NetworkNamespace namespace) {
        this(namespace, DEFAULT_TIMEOUT);
    }

    public ProcessRunner(NetworkNamespace namespace, Duration timeout) {
        this.namespace = namespace;
        this.timeout = timeout;
    }

    public NetworkNamespace namespace() {
        return namespace;
    }

    /** Runs the command and returns its result, whatever its exit code. */
    public CommandResult run(List<String> command, String stdin) {
        List<String> full = new ArrayList<>(namespace.enterPrefix());
        full.addAll(command);
        Process process;
        try {
            process = new ProcessBuilder(full).start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + command.getFirst() + " (is it installed?)", e);
        }
        CompletableFuture<String> stderr = readAsync(process.getErrorStream());
        CompletableFuture<String> stdout = readAsync(process.getInputStream());
        try (OutputStream in = process.getOutputStream()) {
            if (stdin != null) {
                in.write(stdin.getBytes(StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            // The tool closed its stdin early; its exit code and stderr say why.
        }
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                throw new CommandFailedException(new CommandResult(full, -1, "", "timed out after " + timeout));
            }
            return new CommandResult(full, process.exitValue(), stdout.get(), stderr.get());
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running " + String.join(" ", full), e);
        } catch (ExecutionException e) {
            throw new UncheckedIOException("cannot read the output of " + String.join(" ", full),
                    (IOException) e.getCause());
        }
    }

    /** Runs the command; throws {@link CommandFailedException} unless it succeeds. Returns its stdout. */
    public String check(List<String> command) {
        return run(command, null).orThrow().stdout();
    }

    public String check(String... command) {
        return check(List.of(command));
    }

    /**
     * Runs a command that removes something: true if it did, false if it failed only because the thing was
     * not there (its stderr contains {@code absentMessage}); any other failure throws.
     */
    public boolean removeIfPresent(List<String> command, String absentMessage) {
        CommandResult result = run(command, null);
        if (result.succeeded()) {
            return true;
        }
        if (result.stderr().contains(absentMessage)) {
            return false;
        }
        throw new CommandFailedException(result);
    }

    /**
     * Runs a command that shows something: its stdout, or empty if it failed only because the thing is not
     * there (its stderr contains {@code absentMessage}); any other failure throws.
     */
    public Optional<String> readIfPresent(List<String> command, String absentMessage) {
        CommandResult result = run(command, null);
        if (result.succeeded()) {
            return Optional.of(result.stdout());
        }
        if (result.stderr().contains(absentMessage)) {
            return Optional.empty();
        }
        throw new CommandFailedException(result);
    }

    private static CompletableFuture<String> readAsync(InputStream stream) {
        CompletableFuture<String> text = new CompletableFuture<>();
        Thread.ofVirtual().start(() -> {
            try (stream) {
                text.complete(new String(stream.readAllBytes(), StandardCharsets.UTF_8));
            } catch (IOException e) {
                text.completeExceptionally(e);
            }
        });
        return text;
    }
}
