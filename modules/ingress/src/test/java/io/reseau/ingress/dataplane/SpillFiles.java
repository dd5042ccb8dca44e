package io.reseau.ingress.dataplane;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * The temporary files of bodies ({@link SpilledBody}) this process holds open: unlinked as soon as they are open, so
 * only their descriptors under {@code /proc/self/fd} still name them.
 */
final class SpillFiles {

    private SpillFiles() {
    }

    /** The descriptors of the open temporary files of bodies. */
    static List<Path> open() throws IOException {
        try (Stream<Path> descriptors = Files.list(Path.of("/proc/self/fd"))) {
            return descriptors.filter(fd -> target(fd).contains("/" + SpilledBody.PREFIX)
                    && target(fd).endsWith(" (deleted)")).toList();
        }
    }

    /** How many temporary files of bodies are open. */
    static long count() throws IOException {
        return open().size();
    }

    /** The bytes written to the open temporary files of bodies. */
    static long bytes() throws IOException {
        long bytes = 0;
        for (Path fd : open()) {
            try {
                bytes += Files.size(fd);
            } catch (IOException closedMeanwhile) {
                // Its response was written meanwhile.
            }
        }
        return bytes;
    }

    private static String target(Path descriptor) {
        try {
            return Files.readSymbolicLink(descriptor).toString();
        } catch (IOException closedMeanwhile) {
            return "";
        }
    }
}
