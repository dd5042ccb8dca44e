package io.reseau.it;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** A bundle binary running as its own process, with its output in a log file and its management port known. */
public final class RunningBinary implements AutoCloseable {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final Process process;
    private final Path log;
    private final int port;

    private RunningBinary(Process process, Path log, int port) {
        this.process = process;
        this.log = log;
        this.port = port;
    }

    public static RunningBinary start(String binary, Path workDir, Map<String, String> environment) throws IOException {
        int port = freePort();
        Path log = workDir.resolve(binary + ".log");
        ProcessBuilder builder = new ProcessBuilder(List.of(Bundle.binary(binary).toString()))
                .directory(workDir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        builder.environment().putAll(environment);
        builder.environment().put("QUARKUS_HTTP_PORT", Integer.toString(port));
        return new RunningBinary(builder.start(), log, port);
    }

    /** GET on the management port: status code and body; status 0 while nothing listens. */
    public HttpResponse<String> get(String path) {
        return get("127.0.0.1", path);
    }

    /** GET on the management port at this address of the machine ({@code [::1]} for IPv6's loopback). */
    public HttpResponse<String> get(String address, String path) {
        try {
            return HTTP.send(HttpRequest.newBuilder(URI.create("http://" + address + ":" + port + path))
                    .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public int status(String path) {
        HttpResponse<String> response = get(path);
        return response == null ? 0 : response.statusCode();
    }

    /** Waits until {@code path} answers {@code status}; fails with the process's log if it does not, or dies. */
    public void awaitStatus(String path, int status, Duration timeout) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (status(path) != status) {
            if (!alive() || System.nanoTime() > deadline) {
                throw new AssertionError((alive() ? "no " + status + " from " + path + " within " + timeout
                        : "the process ended (exit " + process.exitValue() + ")") + "; its log:\n" + log());
            }
            Thread.sleep(250);
        }
    }

    public boolean alive() {
        return process.isAlive();
    }

    public String log() throws IOException {
        return Files.readString(log);
    }

    /** The process id (the launcher execs the JVM, so this is the JVM's). */
    public long pid() {
        return process.pid();
    }

    /** Sends SIGTERM and waits for the process to end; false if it had to be killed. */
    public boolean stop(Duration grace) throws InterruptedException {
        process.destroy();
        if (process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
            return true;
        }
        process.destroyForcibly().waitFor();
        return false;
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            stop(Duration.ofSeconds(10));
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
