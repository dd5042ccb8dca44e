package io.reseau.it.bench.ingress;

import io.reseau.it.bench.Percentiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Runs wrk (HTTP/1.1 keep-alive) and h2load (HTTP/2 over TLS) where the placement says and reads back
 * requests per second and latency percentiles (wrk's own; h2load's from its per-request log).
 */
final class LoadGenerator {

    /** One run's result. */
    record Result(double requestsPerSecond, double p50Millis, double p99Millis, long errors, String output) {
    }

    private final CpuPlacement placement;
    private final Path work;

    LoadGenerator(CpuPlacement placement, Path work) {
        this.placement = placement;
        this.work = work;
    }

    /**
     * wrk over so many keep-alive connections, each sending its next request as soon as the last response is in:
     * the proxy's whole capacity.
     */
    Result wrk(String url, String host, int connections, int seconds) throws IOException, InterruptedException {
        return wrk(url, List.of("-H", "Host: " + host), connections, seconds);
    }

    /**
     * wrk as {@link #wrk}, but every request on a connection of its own ({@code Connection: close}): what opening,
     * serving one request on and closing a connection costs, over and over.
     */
    Result wrkNewConnections(String url, String host, int connections, int seconds)
            throws IOException, InterruptedException {
        return wrk(url, List.of("-H", "Host: " + host, "-H", "Connection: close"), connections, seconds);
    }

    private Result wrk(String url, List<String> fields, int connections, int seconds)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("wrk", "-t1", "-c" + connections, "-d" + seconds + "s",
                "--latency"));
        command.addAll(fields);
        command.add(url);
        String out = run(placement.command(command));
        double rps = number(out, "Requests/sec:\\s+([0-9.]+)");
        long errors = out.contains("Non-2xx or 3xx responses") ? (long) number(out, "Non-2xx or 3xx responses: (\\d+)")
                : 0;
        if (out.contains("Socket errors")) {
            Matcher m = Pattern.compile("connect (\\d+), read (\\d+), write (\\d+), timeout (\\d+)").matcher(out);
            if (m.find()) {
                for (int g = 1; g <= 4; g++) {
                    errors += Long.parseLong(m.group(g));
                }
            }
        }
        return new Result(rps, wrkMillis(out, "50%"), wrkMillis(out, "99%"), errors, out);
    }

    /** h2load over TLS, HTTP/2 with so many concurrent streams per connection: the proxy's whole capacity. */
    Result h2load(String url, String host, int connections, int streams, int seconds)
            throws IOException, InterruptedException {
        return h2load(url, host, List.of("-c" + connections, "-m" + streams), seconds);
    }

    /**
     * h2load speaking HTTP/1.1 over keep-alive connections, one request at a time on each, every connection at a
     * fixed rate ({@code --rps}): a load below the proxy's capacity that is the same whatever the proxy's latency,
     * unlike wrk's, whose next request waits for the last. The connections' timers fire at about the same moments
     * (h2load's event loop waits in whole milliseconds), so the requests come in bursts: some 20 at a time,
     * 5-8 us apart, at 12,800 a second over 32 connections.
     */
    Result h2loadHttp1(String url, String host, int connections, int requestsPerSecond, int seconds)
            throws IOException, InterruptedException {
        return h2load(url, host, List.of("--h1", "-c" + connections, "--rps=" + requestsPerSecond), seconds);
    }

    private Result h2load(String url, String host, List<String> load, int seconds)
            throws IOException, InterruptedException {
        Path log = work.resolve("h2load-" + System.nanoTime() + ".log");
        List<String> command = new ArrayList<>(List.of("h2load", "-t1"));
        command.addAll(load);
        command.addAll(List.of("-D", Integer.toString(seconds), "--warm-up-time=1", "-H", ":authority: " + host,
                "--log-file", log.toString(), url));
        String out = run(placement.command(command));
        double rps = number(out, "finished in [0-9.]+m?s, ([0-9.]+) req/s");
        long failed = (long) (number(out, "(\\d+) failed") + number(out, "(\\d+) errored")
                + number(out, "(\\d+) timeout"));
        List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
        Files.delete(log);
        List<Double> millis = new ArrayList<>();
        long errorStatuses = 0;
        for (String line : lines) {
            // start time, status, duration (microseconds); status 0: still in flight when the run stopped.
            String[] fields = line.split("\t");
            int status = Integer.parseInt(fields[1].strip());
            if (status == 200) {
                millis.add(Long.parseLong(fields[2].strip()) / 1000.0);
            } else if (status != 0) {
                errorStatuses++;
            }
        }
        Percentiles percentiles = new Percentiles(millis.stream().mapToDouble(Double::doubleValue).toArray());
        return new Result(rps, percentiles.median(), percentiles.at(99), failed + errorStatuses, out);
    }

    private String run(List<String> command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (process.waitFor() != 0) {
            throw new IOException(String.join(" ", command) + " failed:\n" + out);
        }
        return out;
    }

    private static double number(String out, String regex) {
        Matcher m = Pattern.compile(regex).matcher(out);
        if (!m.find()) {
            throw new IllegalStateException("no '" + regex + "' in:\n" + out);
        }
        return Double.parseDouble(m.group(1));
    }

    /** wrk prints latencies as 1.23ms, 456.00us or 1.02s. */
    private static double wrkMillis(String out, String percentile) {
        Matcher m = Pattern.compile("\\s" + percentile + "\\s+([0-9.]+)(us|ms|s)").matcher(out);
        if (!m.find()) {
            throw new IllegalStateException("no " + percentile + " latency in:\n" + out);
        }
        double value = Double.parseDouble(m.group(1));
        return switch (m.group(2)) {
            case "us" -> value / 1000;
            case "s" -> value * 1000;
            default -> value;
        };
    }
}
