package io.reseau.cni.server;

import io.reseau.cni.spec.CniOutput;
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
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.stream.Stream;
import org.jboss.logging.Logger;

/**
 * The node agent's end of the plugin's spool directory (the plugin, a shell script, describes the exchange):
 * a reader of the {@code calls} FIFO, and one virtual thread per call. The directory is root's alone, since
 * whoever can write a call can wire containers. The agent holds {@code calls} open for reading and writing, so
 * it never sees end-of-file, and a plugin run while no agent holds it blocks on opening it (and gives up).
 */
public final class CallSpool implements AutoCloseable {

    static final String CALLS = "calls";
    static final String CALL_PREFIX = "call.";
    /** Longer than a plugin waits for its answer: a call directory this old has been abandoned. */
    private static final Duration ABANDONED = Duration.ofMinutes(5);
    private static final Logger LOG = Logger.getLogger(CallSpool.class);

    private final Path directory;
    private final FileChannel calls;
    private final Thread reader;

    private CallSpool(Path directory, FileChannel calls, CniRequestHandler handler) {
        this.directory = directory;
        this.calls = calls;
        this.reader = Thread.ofPlatform().name("reseau-cni-calls").daemon().start(() -> read(handler));
    }

    /**
     * Takes calls in {@code directory}, making it and its FIFO if needed. A FIFO a previous agent left is kept:
     * plugins that wait to submit a call while the agent restarts go on as soon as it is open again.
     */
    public static CallSpool open(Path directory, CniRequestHandler handler) {
        try {
            Files.createDirectories(directory);
            Files.setPosixFilePermissions(directory, PosixFilePermissions.fromString("rwx------"));
            Path fifo = directory.resolve(CALLS);
            if (!isFifo(fifo)) {
                deleteTree(fifo);
                Fifo.create(fifo);
            }
            removeAbandonedCalls(directory);
            return new CallSpool(directory, FileChannel.open(fifo, StandardOpenOption.READ, StandardOpenOption.WRITE),
                    handler);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot take the CNI plugin's calls in " + directory, e);
        }
    }

    @Override
    public void close() throws InterruptedException {
        try {
            calls.close();
        } catch (IOException e) {
            LOG.warnf("closing %s: %s", directory.resolve(CALLS), e.getMessage());
        }
        reader.join(5_000);
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
                Path call = Path.of(line);
                if (!call.isAbsolute() || !directory.equals(call.getParent())
                        || !call.getFileName().toString().startsWith(CALL_PREFIX)) {
                    LOG.warnf("ignoring '%s' in %s: calls are directories %s%s*", line, directory.resolve(CALLS), directory,
                            "/" + CALL_PREFIX);
                    continue;
                }
                Thread.ofVirtual().name("reseau-cni-call").start(() -> serve(call, handler));
            } catch (ClosedChannelException closed) {
                return;
            } catch (IOException e) {
                LOG.warnf("reading %s failed: %s", directory.resolve(CALLS), e.getMessage());
            }
        }
    }

    /** Answers one call: the result first, then the exit status, whose arrival tells the plugin to print it. */
    private static void serve(Path call, CniRequestHandler handler) {
        try {
            PluginRequest request = PluginRequest.fromEnviron(Files.readAllBytes(call.resolve("environ")),
                    Files.readAllBytes(call.resolve("stdin")));
            CniOutput output = handler.handle(request);
            Files.writeString(call.resolve("stdout"), output.stdout());
            // read-write: opening never blocks, and if the plugin is gone the status stays unread in the pipe
            try (FileChannel answer = FileChannel.open(call.resolve("answer"), StandardOpenOption.READ,
                    StandardOpenOption.WRITE)) {
                answer.write(ByteBuffer.wrap((output.exitStatus() + "\n").getBytes(StandardCharsets.US_ASCII)));
            }
        } catch (IOException e) {
            LOG.warnf("the plugin call in %s broke off (did the plugin give up?): %s", call, e.getMessage());
        }
    }

    private static boolean isFifo(Path path) throws IOException {
        return Files.exists(path, LinkOption.NOFOLLOW_LINKS)
                && Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS).isOther();
    }

    private static void removeAbandonedCalls(Path directory) throws IOException {
        FileTime before = FileTime.from(Instant.now().minus(ABANDONED));
        try (Stream<Path> entries = Files.list(directory)) {
            for (Path entry : entries.toList()) {
                if (entry.getFileName().toString().startsWith(CALL_PREFIX)
                        && Files.getLastModifiedTime(entry).compareTo(before) < 0) {
                    deleteTree(entry);
                }
            }
        }
    }

    private static void deleteTree(Path path) throws IOException {
        if (!Files.exists(path)) {
            return;
        }
        try (Stream<Path> files = Files.walk(path)) {
            for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(file);
            }
        }
    }
}
