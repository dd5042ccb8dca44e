package io.reseau.ingress.testing;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Debian's PHP-FPM (package {@code php-fpm}), a real FastCGI application server, serving the PHP scripts of a
 * directory on a loopback port, its workers run as root ({@code -R}) in the foreground; stopped on close, its log
 * kept for the test to read.
 */
public final class PhpFpm implements AutoCloseable {

    private final Process process;
    private final int port;
    private final Path log;

    private PhpFpm(Process process, int port, Path log) {
        this.process = process;
        this.port = port;
        this.log = log;
    }

    /**
     * PHP-FPM ready to take connections, its configuration and log in {@code directory} (where the tests write their
     * scripts too).
     */
    public static PhpFpm start(Path directory) throws IOException, InterruptedException {
        int port = RawHttp.freePort();
        Path log = directory.resolve("php-fpm.log");
        Path config = directory.resolve("php-fpm.conf");
        Files.writeString(config, String.join("\n", "[global]", "error_log = " + log, "daemonize = no",
                "[www]", "listen = 127.0.0.1:" + port, "pm = static", "pm.max_children = 2",
                "catch_workers_output = no", ""));
        Process process = new ProcessBuilder(binary().toString(), "-F", "-R", "-y", config.toString(), "-p",
                directory.toString()).redirectErrorStream(true).redirectOutput(directory.resolve("stdout").toFile())
                .start();
        PhpFpm fpm = new PhpFpm(process, port, log);
        Instant deadline = Instant.now().plus(Duration.ofSeconds(20));
        while (!fpm.accepting()) {
            if (!process.isAlive() || Instant.now().isAfter(deadline)) {
                fpm.close();
                throw new IOException("php-fpm did not start: " + Files.readString(directory.resolve("stdout")));
            }
            Thread.sleep(50);
        }
        return fpm;
    }

    private static Path binary() throws IOException {
        try (Stream<Path> found = Files.list(Path.of("/usr/sbin"))) {
            List<Path> binaries = found.filter(path -> path.getFileName().toString().matches("php-fpm[0-9.]*"))
                    .sorted().toList();
            if (binaries.isEmpty()) {
                throw new IOException("no php-fpm in /usr/sbin: install Debian's php-fpm package");
            }
            return binaries.getLast();
        }
    }

    private boolean accepting() {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
            return true;
        } catch (IOException notYet) {
            return false;
        }
    }

    public int port() {
        return port;
    }

    /** What PHP-FPM logged so far. */
    public String log() throws IOException {
        return Files.exists(log) ? Files.readString(log) : "";
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
        }
    }
}
