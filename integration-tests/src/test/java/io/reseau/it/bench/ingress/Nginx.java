package io.reseau.it.bench.ingress;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A Debian nginx started for the benchmark with a configuration of its own (one worker, no access log, in a
 * directory of its own), placed on CPUs as asked, stopped with the benchmark.
 */
final class Nginx implements AutoCloseable {

    private final Process process;
    private final Path dir;

    private Nginx(Process process, Path dir) {
        this.process = process;
        this.dir = dir;
    }

    /** Starts nginx with {@code http} as the body of its http block; waits until {@code port} accepts. */
    static Nginx start(Path dir, CpuPlacement placement, String http, int port)
            throws IOException, InterruptedException {
        Files.createDirectories(dir);
        String config = """
                worker_processes 1;
                daemon off;
                user root;
                pid %1$s/nginx.pid;
                error_log %1$s/error.log warn;
                events { worker_connections 8192; }
                http {
                  access_log off;
                  client_body_temp_path %1$s/body;
                  proxy_temp_path %1$s/proxy;
                  fastcgi_temp_path %1$s/fastcgi;
                  uwsgi_temp_path %1$s/uwsgi;
                  scgi_temp_path %1$s/scgi;
                  keepalive_requests 1000000;
                  server_names_hash_bucket_size 128;
                  server_names_hash_max_size 8192;
                %2$s
                }
                """.formatted(dir, http);
        Path file = Files.writeString(dir.resolve("nginx.conf"), config);
        Process process = new ProcessBuilder(placement.command(List.of("nginx", "-c", file.toString(), "-p",
                dir.toString()))).redirectErrorStream(true).redirectOutput(dir.resolve("stdout.log").toFile()).start();
        Nginx nginx = new Nginx(process, dir);
        Ports.awaitListening(port, Duration.ofSeconds(10), () -> nginx.log());
        return nginx;
    }

    /** The master process; the workers are its children. */
    long pid() throws IOException {
        return Long.parseLong(Files.readString(dir.resolve("nginx.pid")).strip());
    }

    /** Puts the master and its workers under SCHED_BATCH, or back under the default policy. */
    void schedule(boolean batch) throws IOException, InterruptedException {
        for (long process : Ports.withChildren(pid())) {
            Process chrt = new ProcessBuilder("chrt", batch ? "--batch" : "--other", "-p", "0", Long.toString(process))
                    .redirectErrorStream(true).start();
            String out = new String(chrt.getInputStream().readAllBytes());
            if (chrt.waitFor() != 0) {
                throw new IOException("chrt failed for " + process + ": " + out);
            }
        }
    }

    /** Resident memory of the master and its workers, in MiB. */
    double rssMiB() throws IOException {
        double total = 0;
        for (long process : Ports.withChildren(pid())) {
            total += Ports.rssMiB(process);
        }
        return total;
    }

    String log() {
        try {
            return Files.readString(dir.resolve("stdout.log")) + Files.readString(dir.resolve("error.log"));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    @Override
    public void close() throws InterruptedException {
        process.descendants().forEach(ProcessHandle::destroy);
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }
}
