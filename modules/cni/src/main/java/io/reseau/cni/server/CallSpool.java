package io.reseau.cni.server;

import io.reseau.cni.spec.CniError;
import io.reseau.cni.spec.CniOutput;
import io.reseau.cni.spec.CniVersions;
import io.reseau.cni.spec.NetworkConfig;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Stream;
import org.jboss.logging.Logger;

/**
 * The node agent's end of the plugin's spool directory (the plugin, a shell script, describes the exchange):
 * a reader of the {@code calls} FIFO, and one virtual thread per call. The directory is root's alone, since
 * whoever can write a call can wire containers. The agent holds {@code calls} open for reading and writing, so
 * it never sees end-of-file; a plugin run while no agent holds it waits on opening it until an agent does.
 */
public final class CallSpool implements AutoCloseable {

    static final String CALLS = "calls";
    static final String CALL_PREFIX = "call.";
    /** A plugin that has not opened its call's FIFO by then has died: its call is dropped. */
    private static final Duration ANSWER_WAIT = Duration.ofMinutes(2);
    private static final Logger LOG = Logger.getLogger(CallSpool.class);

    private final Path directory;
    private final FileChannel calls;
    private final ScheduledExecutorService giveUps = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("reseau-cni-call-give-ups").daemon().factory());
    private final Thread reader;

    private CallSpool(Path directory, FileChannel calls, CniRequestHandler handler) {
        this.directory = directory;
        this.calls = calls;
        this.reader = Thread.ofPlatform().name("reseau-cni-calls").daemon().start(() -> read(handler));
    }

    /**
     * Takes calls in {@code directory}, making it and its FIFO if needed. A FIFO an agent that crashed left is
     * kept: plugins waiting to submit a call go on as soon as it is open again. Calls it took and did not answer
     * are answered "try again later" (the runtime retries, and DELs what a half-done ADD made).
     */
    public static CallSpool open(Path directory, CniRequestHandler handler) {
        try {
            Files.createDirectories(directory);
            Files.setPosixFilePermissions(directory, PosixFilePermissions.fromString("rwx------"));
            Path fifo = directory.resolve(CALLS);
            if (!isFifo(fifo)) {
                Files.deleteIfExists(fifo);
                Fifo.create(fifo);
            }
            CallSpool spool = new CallSpool(directory, FileChannel.open(fifo, StandardOpenOption.READ,
                    StandardOpenOption.WRITE), handler);
            for (Path left : spool.leftCalls()) {
                Thread.ofVirtual().name("reseau-cni-left-call").start(() -> spool.serve(left, CallSpool::leftBehind));
            }
            return spool;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot take the CNI plugin's calls in " + directory, e);
        }
    }

    /** Stops taking calls; the FIFO goes, so that plugins run from now on say at once that no agent runs. */
    @Override
    public void close() throws InterruptedException {
        try {
            Files.deleteIfExists(directory.resolve(CALLS));
            calls.close();
        } catch (IOException e) {
            LOG.warnf("closing %s: %s", directory.resolve(CALLS), e.getMessage());
        }
        reader.join(5_000);
        giveUps.shutdownNow();
    }

    private void read(CniRequestHandler handler) {
        // not Channels.newReader: its decoder waits for a full buffer, and a FIFO's lines come one at a time
        BufferedReader lines = new BufferedReader(new InputStreamReader(Channels.newInputStream(calls), StandardCharsets.UTF_8));
        while (calls.isOpen()) {
            try {
                String line = lines.readLine();
                if (line == null) {
                    return;
                }
                Optional<Path> call = pathOf(line).filter(this::isCall);
                if (call.isEmpty()) {
                    LOG.warnf("ignoring '%s' in %s: a call is a FIFO %s/%s*", line, directory.resolve(CALLS), directory,
                            CALL_PREFIX);
                    continue;
                }
                Thread.ofVirtual().name("reseau-cni-call").start(() -> serve(call.get(), handler::handle));
            } catch (ClosedChannelException closed) {
                return;
            } catch (IOException e) {
                LOG.warnf("reading %s failed: %s", directory.resolve(CALLS), e.getMessage());
            }
        }
    }

    /** The line as a path; none for a line no path can be made of (a NUL in it), which must not stop the reader. */
    private static Optional<Path> pathOf(String line) {
        try {
            return Optional.of(Path.of(line));
        } catch (InvalidPathException e) {
            return Optional.empty();
        }
    }

    private boolean isCall(Path call) {
        return call.isAbsolute() && directory.equals(call.getParent())
                && call.getFileName().toString().startsWith(CALL_PREFIX) && isFifo(call);
    }

    /**
     * Answers one call: once the plugin opens the call's FIFO for reading, removes the call's files and writes
     * the exit status as a line, then the result. A plugin that died before opening it is given up on after
     * {@link #ANSWER_WAIT} by opening the FIFO here, which lets the waiting write end go on and fail.
     */
    private void serve(Path call, Function<PluginRequest, CniOutput> answer) {
        ScheduledFuture<?> giveUp = giveUps.schedule(() -> release(call), ANSWER_WAIT.toMillis(), TimeUnit.MILLISECONDS);
        try {
            PluginRequest request = PluginRequest.fromEnviron(Files.readAllBytes(sibling(call, ".environ")),
                    Files.readAllBytes(sibling(call, ".stdin")));
            CniOutput output = answer.apply(request);
            byte[] bytes = (output.exitStatus() + "\n" + output.stdout()).getBytes(StandardCharsets.UTF_8);
            try (FileChannel fifo = FileChannel.open(call, StandardOpenOption.WRITE)) {
                giveUp.cancel(false);
                removeFiles(call); // before the plugin can see the answer end, so it leaves nothing behind
                fifo.write(ByteBuffer.wrap(bytes));
            }
        } catch (IOException e) {
            LOG.warnf("the plugin call %s broke off (did the plugin die?): %s", call, e.getMessage());
        } finally {
            giveUp.cancel(false);
            removeFiles(call);
        }
    }

    private static CniOutput leftBehind(PluginRequest request) {
        String version = NetworkConfig.versionOf(request.stdin());
        return CniOutput.error(CniVersions.SUPPORTED.contains(version) ? version : CniVersions.LATEST,
                new CniError(CniError.TRY_AGAIN_LATER, "the reseau-cni node agent restarted while serving this call: try again"));
    }

    /** Opens the call's FIFO as a reader would, so that a write end waiting for one stops waiting. */
    private static void release(Path call) {
        try (FileChannel reader = FileChannel.open(call, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            LOG.warnf("the plugin that made %s did not wait for its answer", call);
        } catch (IOException gone) {
            LOG.debugf("%s is gone: %s", call, gone.getMessage());
        }
    }

    private List<Path> leftCalls() throws IOException {
        try (Stream<Path> entries = Files.list(directory)) {
            return entries.filter(this::isCall).toList();
        }
    }

    private static void removeFiles(Path call) {
        for (Path file : List.of(call, sibling(call, ".environ"), sibling(call, ".stdin"))) {
            try {
                Files.deleteIfExists(file);
            } catch (IOException e) {
                LOG.warnf("cannot remove %s: %s", file, e.getMessage());
            }
        }
    }

    private static Path sibling(Path call, String suffix) {
        return call.resolveSibling(call.getFileName() + suffix);
    }

    /** Whether {@code path} is a FIFO (or another special file); a path that is not there is not one. */
    private static boolean isFifo(Path path) {
        try {
            return Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS).isOther();
        } catch (IOException absent) {
            return false;
        }
    }
}
