package io.reseau.it.bench.ingress;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSliceBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.IngressBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.IngressClassBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.reseau.informers.testing.MockApiServer;
import io.reseau.it.Bundle;
import io.reseau.it.Kubeconfig;
import io.reseau.it.RunningBinary;
import io.reseau.it.bench.BenchReport;
import io.reseau.it.bench.Percentiles;
import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * reseau-ingress (the packaged binary, configured through a mock API server) beside Debian's nginx configured as
 * the same reverse proxy, in one run, on loopback only. Both proxies get the same budget: one CPU (taskset, CPU
 * 0, which the machine's other threads leave to them meanwhile: {@link CpuShield}), one worker / event loop, up to
 * 320 idle keep-alive connections carrying 10,000 requests each (ingress-nginx's upstream-keepalive-connections and
 * upstream-keepalive-requests) to the same backend: a third nginx serving a small body and a 64 KiB file, on
 * CPU 1 with the load generators, both under SCHED_BATCH ({@link CpuPlacement}). HTTP/1.1 with wrk at capacity and
 * with h2load at a fixed rate below it ({@link #http11BelowCapacity}), HTTP/2 over TLS with h2load; requests per
 * second, p50/p99 latency, each proxy's CPU time per request (user and system) and how idle each CPU was, from
 * seven alternating rounds (each figure the round of the median ratio, {@link #paired}), each round also printed.
 * Then resident memory with 1,000 Ingresses, right after they are served and 40 s later (the budget's figure),
 * beside nginx with 1,000 server blocks. Results: target/bench/ingress.{json,md}.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class IngressBenchmark {

    /** Each proxy in turn, alone on CPU 0 (nginx's worker; reseau's every thread); this JVM runs on CPU 1. */
    private static final CpuPlacement PROXY = new CpuPlacement("0", false);
    /**
     * The load generator and the backend, sharing CPU 1, under SCHED_BATCH unless
     * {@code -Dreseau.bench.ingress.load-batch=false} (the default policy, as before 2026-12-05).
     */
    private static final CpuPlacement LOAD = new CpuPlacement("1",
            Boolean.parseBoolean(System.getProperty("reseau.bench.ingress.load-batch", "true")));
    /**
     * Seven alternating rounds of 5 s rather than three of 10 s: the build machine's speed drifts by a third within
     * minutes, and shorter rounds pair each proxy's run with one of the other's closer in time.
     */
    private static final int SECONDS = Integer.getInteger("reseau.bench.seconds", 5);
    private static final int ROUNDS = Integer.getInteger("reseau.bench.rounds", 7);
    /**
     * More rounds below capacity, where the p99 of one round ranges from 1.6 to 8 ms behind either proxy: a burst of
     * requests meeting a stall of either CPU makes the tail (on the build machine the kernel's DAMON thread, kdamond,
     * runs for 2-3 ms every 512 ms on one CPU or the other), and the median of more rounds moves less.
     */
    private static final int BELOW_CAPACITY_ROUNDS = Integer.getInteger("reseau.bench.ingress.below-capacity-rounds",
            Math.max(ROUNDS, 15));
    /**
     * Warm-up rounds before anything is measured, each running every workload for 5 s on each proxy, and 5 s of
     * requests on a new connection each, plain and TLS. On one CPU the JIT compiles reseau's hot paths for 15 s or
     * more, and code that has seen only one workload is recompiled when the next one (or a new set of connections:
     * opening, the TLS handshake, closing) brings other types through it. A proxy in service has seen them all;
     * several short runs of each get the benchmark there. Without the new connections, the code that opens and
     * closes them (run 32 times a round) was still being compiled in the measured rounds, on the proxy's CPU (C2
     * running 10 ms at a time in rounds whose p99 rose from 0.7 to 2.5-3.8 ms); with them, a handful of small
     * compilations remain.
     */
    private static final int WARM_UP_RUNS = Integer.getInteger("reseau.bench.ingress.warm-up-runs", 3);
    private static final int WARM_UP_SECONDS = 5;
    /** The paths measured, {@code /small} and {@code /64k}; one of them for a focused run. */
    private static final List<String> PATHS = List.of(
            System.getProperty("reseau.bench.ingress.paths", "/small,/64k").split(","));
    private static final String HOST = "bench.local";
    /** wrk's keep-alive connections. */
    private static final int CONNECTIONS = 32;
    /** The throughput target, reseau ÷ nginx, for runs at each proxy's capacity. */
    private static final double THROUGHPUT_TARGET = 1.2;
    /**
     * The heavy fixed rate below capacity, as a share of nginx's capacity for the same responses measured just before
     * (the machine's speed drifts by a third within hours: a rate fixed in requests a second was 70 % of nginx's
     * capacity in one phase and above both proxies' in another).
     */
    private static final double HEAVY_SHARE = 0.8;
    private static final BenchReport REPORT = new BenchReport("ingress");
    /** Longer than the chart's native heap trim interval (30 s) plus the JIT's arena cleaning (5 s). */
    private static final int SETTLE_SECONDS = 40;

    private static Path work;
    private static MockApiServer api;
    private static KubernetesClient kube;
    private static Nginx backend;
    private static Nginx anchor;
    private static RunningBinary reseau;
    private static int backendPort;
    private static int reseauHttp;
    private static int reseauHttps;
    private static int nginxHttp;
    private static int nginxHttps;
    private static LoadGenerator load;
    private static CpuShield shield;

    @BeforeAll
    static void start() throws Exception {
        work = Files.createTempDirectory("reseau-ingress-bench");
        System.out.printf("proxies on CPU %s; load generator and backend on CPU %s, %s%n", PROXY.cpus(), LOAD.cpus(),
                LOAD.batch() ? "SCHED_BATCH" : "the default scheduling policy");
        // This JVM (the harness, the mock API server) off the proxies' CPU: its collector and threads had taken
        // CPU 0 for a few milliseconds a second, stalling whichever proxy was being measured.
        exec("taskset", "-a", "-c", "-p", LOAD.cpus(), Long.toString(ProcessHandle.current().pid()));
        // And every other thread of the machine, Maven's JVM's among them (its fork timeout checker and G1's
        // refinement thread woke every 100 ms on the proxies' CPU for up to a millisecond, by perf sched).
        shield = CpuShield.raise(PROXY);
        System.out.printf("CPU %s kept for the proxies: %d other threads moved off it%n", PROXY.cpus(),
                shield.movedThreads());
        load = new LoadGenerator(LOAD, work);
        Path site = Files.createDirectories(work.resolve("site"));
        Files.write(site.resolve("64k"), new byte[64 * 1024]);
        backendPort = Ports.free();
        backend = Nginx.start(work.resolve("backend"), LOAD, """
                server {
                  listen 127.0.0.1:%d;
                  location = /small { return 200 "hello from the backend\\n"; }
                  location / { root %s; }
                }
                """.formatted(backendPort, site), backendPort);
        Path cert = work.resolve("tls.crt");
        Path key = work.resolve("tls.key");
        exec("openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
                "-days", "2", "-subj", "/CN=" + HOST, "-keyout", key.toString(), "-out", cert.toString());

        nginxHttp = Ports.free();
        nginxHttps = Ports.free();
        anchor = Nginx.start(work.resolve("anchor"), PROXY, """
                upstream backend { server 127.0.0.1:%d; keepalive 320; keepalive_requests 10000; }
                # Strict-Transport-Security over TLS, as reseau-ingress (and ingress-nginx) send by default.
                map $scheme $hsts { https "max-age=31536000; includeSubDomains"; default ""; }
                # X-Request-ID to the backend, the client's or a new one, as reseau-ingress (and ingress-nginx) do.
                map $http_x_request_id $req_id { default $http_x_request_id; "" $request_id; }
                server {
                  listen 127.0.0.1:%d;
                  listen 127.0.0.1:%d ssl http2;
                  server_name %s;
                  ssl_certificate %s;
                  ssl_certificate_key %s;
                  ssl_protocols TLSv1.2 TLSv1.3;
                  add_header Strict-Transport-Security $hsts always;
                  location / {
                    proxy_pass http://backend;
                    proxy_http_version 1.1;
                    proxy_set_header Connection "";
                    proxy_set_header Host $host;
                    proxy_set_header X-Real-IP $remote_addr;
                    proxy_set_header X-Forwarded-For $remote_addr;
                    proxy_set_header X-Forwarded-Proto $scheme;
                    proxy_set_header X-Forwarded-Host $host;
                    proxy_set_header X-Forwarded-Port $server_port;
                    proxy_set_header X-Forwarded-Scheme $scheme;
                    proxy_set_header X-Scheme $scheme;
                    proxy_set_header X-Original-Forwarded-For $http_x_forwarded_for;
                    proxy_set_header Proxy "";
                    proxy_set_header Forwarded "for=$remote_addr;proto=$scheme;host=\\"$host\\"";
                    proxy_set_header X-Request-ID $req_id;
                  }
                }
                """.formatted(backendPort, nginxHttp, nginxHttps, HOST, cert, key), nginxHttp);

        api = MockApiServer.start();
        kube = api.newClient();
        objects(Files.readString(cert), Files.readString(key));
        reseauHttp = Ports.free();
        reseauHttps = Ports.free();
        Path kubeconfig = Kubeconfig.write(work, api.url());
        reseau = RunningBinary.start("reseau-ingress", work, Map.of(
                "KUBECONFIG", kubeconfig.toString(),
                "RESEAU_INGRESS_BIND_ADDRESS", "127.0.0.1",
                "RESEAU_INGRESS_HTTP_PORT", Integer.toString(reseauHttp),
                "RESEAU_INGRESS_HTTPS_PORT", Integer.toString(reseauHttps),
                "RESEAU_INGRESS_WORKER_PROCESSES", "1",
                "RESEAU_INGRESS_ACCESS_LOG", "false",
                // As nginx's keepalive_requests above: neither proxy ends client connections (h2load would not
                // come back after a GOAWAY).
                "RESEAU_INGRESS_KEEP_ALIVE_REQUESTS", "1000000",
                // As in the chart: glibc's per-thread malloc arenas would otherwise hold freed native memory.
                "MALLOC_ARENA_MAX", "2",
                "RESEAU_JAVA_OPTS", System.getProperty("reseau.bench.ingress.java-opts", chartJavaOpts())));
        exec("taskset", "-a", "-c", "-p", PROXY.cpus(), Long.toString(reseau.pid()));
        reseau.awaitStatus("/q/health/ready", 200, Duration.ofSeconds(60));
        await().atMost(Duration.ofSeconds(30)).until(() -> status(reseauHttp, HOST, "/small") == 200);
        assertThat(status(nginxHttp, HOST, "/small")).isEqualTo(200);
        for (int run = 0; run < WARM_UP_RUNS; run++) {
            for (String url : List.of(url(reseauHttp, "/small"), url(nginxHttp, "/small"),
                    "https://127.0.0.1:" + reseauHttps + "/small", "https://127.0.0.1:" + nginxHttps + "/small")) {
                load.wrkNewConnections(url, HOST, CONNECTIONS, WARM_UP_SECONDS);
            }
            for (String path : List.of("/small", "/64k")) {
                for (int port : new int[] {reseauHttp, nginxHttp}) {
                    wrk(port, path, WARM_UP_SECONDS);
                }
                for (int port : new int[] {reseauHttps, nginxHttps}) {
                    h2load(port, path, WARM_UP_SECONDS);
                }
            }
        }
    }

    /** The JVM options of the Helm chart's pod (the ingress chart's javaOpts), on one CPU like nginx's one worker. */
    private static String chartJavaOpts() throws IOException {
        JsonNode values = new YAMLMapper().readTree(Bundle.chart().resolve("charts/ingress/values.yaml").toFile());
        return "-XX:ActiveProcessorCount=1 " + values.required("javaOpts").asText();
    }

    /** wrk at the proxy's capacity: each connection's next request as soon as its response is in. */
    private static LoadGenerator.Result wrk(int port, String path, int seconds) throws Exception {
        return load.wrk(url(port, path), HOST, CONNECTIONS, seconds);
    }

    private static String url(int port, String path) {
        return "http://127.0.0.1:" + port + path;
    }

    private static LoadGenerator.Result h2load(int port, String path, int seconds) throws Exception {
        return load.h2load("https://127.0.0.1:" + port + path, HOST, 8, 16, seconds);
    }

    private static void objects(String certificate, String key) {
        kube.network().v1().ingressClasses().resource(new IngressClassBuilder().withNewMetadata().withName("reseau")
                .endMetadata().withNewSpec().withController("reseau.io/ingress").endSpec().build()).create();
        kube.services().resource(new ServiceBuilder().withNewMetadata().withNamespace("default").withName("backend")
                .endMetadata().withNewSpec().addNewPort().withName("http").withPort(80).endPort().endSpec().build())
                .create();
        kube.discovery().v1().endpointSlices().resource(new EndpointSliceBuilder().withNewMetadata()
                .withNamespace("default").withName("backend-1").addToLabels("kubernetes.io/service-name", "backend")
                .endMetadata().withAddressType("IPv4").addNewPort().withName("http").withPort(backendPort).endPort()
                .addNewEndpoint().withAddresses("127.0.0.1").withNewConditions().withReady(true).endConditions()
                .endEndpoint().build()).create();
        Base64.Encoder base64 = Base64.getEncoder();
        kube.secrets().resource(new SecretBuilder().withNewMetadata().withNamespace("default").withName("bench-tls")
                .endMetadata().withType("kubernetes.io/tls").addToData("tls.crt", base64.encodeToString(
                        certificate.getBytes())).addToData("tls.key", base64.encodeToString(key.getBytes())).build())
                .create();
        Ingress bench = ingress("bench", HOST);
        kube.network().v1().ingresses().resource(new IngressBuilder(bench).editSpec().addNewTl().withHosts(HOST)
                .withSecretName("bench-tls").endTl().endSpec().build()).create();
    }

    /** An Ingress for one host to the backend; plain HTTP is not redirected, as in nginx's configuration. */
    private static Ingress ingress(String name, String host) {
        return new IngressBuilder().withNewMetadata().withNamespace("default").withName(name)
                .addToAnnotations("nginx.ingress.kubernetes.io/ssl-redirect", "false").endMetadata()
                .withNewSpec().withIngressClassName("reseau").addNewRule().withHost(host).withNewHttp().addNewPath()
                .withPath("/").withPathType("Prefix").withNewBackend().withNewService().withName("backend")
                .withNewPort().withNumber(80).endPort().endService().endBackend().endPath().endHttp().endRule()
                .endSpec().build();
    }

    @AfterAll
    static void stop() throws Exception {
        REPORT.write();
        if (reseau != null) {
            reseau.close();
        }
        for (AutoCloseable c : new AutoCloseable[] {anchor, backend, kube, api, shield}) {
            if (c != null) {
                c.close();
            }
        }
        try (var files = Files.walk(work)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        }
    }

    @Test
    @Order(1)
    void http11() throws Exception {
        for (String path : PATHS) {
            compare("HTTP/1.1 " + size(path), THROUGHPUT_TARGET, ROUNDS, seconds -> wrk(reseauHttp, path, seconds),
                    seconds -> wrk(nginxHttp, path, seconds));
        }
    }

    /**
     * HTTP/1.1 below both proxies' capacity, at the same rate through each: h2load's 32 keep-alive connections each
     * send a request every 1/{@code rate} s, so the latency is each proxy's own rather than that of the queue at a
     * saturated CPU, and the offered load does not depend on it. For each size a light load (400 small or 150 64 KiB
     * responses a second per connection) and a heavy one ({@link #HEAVY_SHARE} of nginx's capacity): at capacity the
     * proxy that serves more requests has the lower mean latency by construction (32 in flight ÷ its throughput,
     * Little's law), here both get the same load. The load side runs under the default scheduling policy here:
     * SCHED_BATCH, which keeps wake-ups from charging the load side's CPU at capacity ({@link #LOAD}), holds a woken
     * load generator behind the backend's whole batch of answers below it, a delay that depends on how the proxy
     * hands the backend its requests rather than on how fast it serves them.
     */
    @Test
    @Order(2)
    void http11BelowCapacity() throws Exception {
        Map<String, List<Integer>> rates = new LinkedHashMap<>();
        for (String path : PATHS) {
            int heavy = (int) Math.round(HEAVY_SHARE * nginxCapacity(path) / CONNECTIONS);
            rates.put(path, List.of(path.equals("/small") ? 400 : 150, heavy));
        }
        LoadGenerator paced = new LoadGenerator(new CpuPlacement(LOAD.cpus(), false), work);
        backend.schedule(false);
        try {
            for (String path : PATHS) {
                for (int rate : rates.get(path)) {
                    compare("HTTP/1.1 %s at %,d requests/s".formatted(size(path), rate * CONNECTIONS), null,
                            BELOW_CAPACITY_ROUNDS,
                            seconds -> paced.h2loadHttp1(url(reseauHttp, path), HOST, CONNECTIONS, rate, seconds),
                            seconds -> paced.h2loadHttp1(url(nginxHttp, path), HOST, CONNECTIONS, rate, seconds));
                }
            }
        } finally {
            backend.schedule(LOAD.batch());
        }
    }

    /** nginx's requests a second at capacity for this path now: the median of three runs of wrk. */
    private static double nginxCapacity(String path) throws Exception {
        double[] runs = new double[3];
        for (int run = 0; run < runs.length; run++) {
            runs[run] = wrk(nginxHttp, path, SECONDS).requestsPerSecond();
        }
        double capacity = new Percentiles(runs).median();
        System.out.printf("nginx's capacity for %s: %.0f req/s (runs %s)%n", path, capacity,
                Arrays.toString(runs));
        return capacity;
    }

    @Test
    @Order(3)
    void http2() throws Exception {
        for (String path : PATHS) {
            compare("HTTP/2 " + size(path), THROUGHPUT_TARGET, ROUNDS, seconds -> h2load(reseauHttps, path, seconds),
                    seconds -> h2load(nginxHttps, path, seconds));
        }
    }

    private static String size(String path) {
        return path.equals("/small") ? "small" : "64 KiB";
    }

    /** One run of a workload on one proxy, for so many seconds. */
    @FunctionalInterface
    private interface Run {
        LoadGenerator.Result run(int seconds) throws Exception;
    }

    /**
     * A run's result, the proxy's CPU time per request served during it (in microseconds), and the share of the run
     * each CPU was idle: the proxy's, and the one of the load generator and backend.
     */
    private record Measured(LoadGenerator.Result result, double userMicros, double systemMicros, double proxyCpuIdle,
            double loadCpuIdle, int seconds) {

        /**
         * The load side's CPU (load generator, backend, whatever else ran there) busy per request served, in
         * microseconds: where it is as high behind both proxies and its CPU has no idle time left, the load side
         * set the pace, whatever the proxies could do.
         */
        double loadMicros() {
            return (1 - loadCpuIdle) * seconds * 1e6 / (result.requestsPerSecond() * seconds);
        }

        static Measured run(Run run, int seconds, long proxyPid) throws Exception {
            CpuTime before = CpuTime.of(proxyPid);
            MachineCpu machineBefore = MachineCpu.now();
            LoadGenerator.Result result = run.run(seconds);
            MachineCpu machine = MachineCpu.now();
            CpuTime used = CpuTime.of(proxyPid).minus(before);
            double requests = result.requestsPerSecond() * seconds;
            return new Measured(result, used.userSeconds() * 1e6 / requests, used.systemSeconds() * 1e6 / requests,
                    machine.idleSince(machineBefore, PROXY.firstCpu()),
                    machine.idleSince(machineBefore, LOAD.firstCpu()), seconds);
        }

        /**
         * One line for the log: throughput, p99, user + system CPU per request, how idle each CPU was, and the load
         * side's CPU per request.
         */
        String summary() {
            return ("%.0f req/s, p99 %.2f ms, %.1f + %.1f us CPU per request, CPU %s/%s idle %.0f/%.0f %%, load side"
                    + " %.1f us per request").formatted(result.requestsPerSecond(), result.p99Millis(), userMicros,
                    systemMicros, PROXY.cpus(), LOAD.cpus(), proxyCpuIdle * 100, loadCpuIdle * 100, loadMicros());
        }
    }

    /**
     * After one short run on each proxy (new connections, this workload's own code paths), alternates the two
     * proxies for so many rounds and reports each figure from the round of the median ratio: the machine is shared,
     * and alternating spreads whatever else runs on it over both sides instead of one. Besides throughput and
     * latency, the CPU time each proxy spent per request, in user and in system mode: the kernel's share (the
     * loopback TCP both proxies drive) is the same work for both, so a difference in user time is the proxy's own.
     * And how idle each CPU was:
     * when the load side's CPU had no idle time left and the proxy's had, the load side set the pace, and
     * throughput says less about the proxy than CPU per request does.
     */
    private static void compare(String what, Double throughputTarget, int rounds, Run reseauRun, Run nginxRun)
            throws Exception {
        reseauRun.run(WARM_UP_SECONDS);
        nginxRun.run(WARM_UP_SECONDS);
        List<Measured> ours = new ArrayList<>();
        List<Measured> theirs = new ArrayList<>();
        for (int round = 0; round < rounds; round++) {
            ours.add(Measured.run(reseauRun, SECONDS, reseau.pid()));
            theirs.add(Measured.run(nginxRun, SECONDS, anchor.pid()));
            System.out.printf("%s, round %d: reseau %s; nginx %s%n", what, round + 1, ours.getLast().summary(),
                    theirs.getLast().summary());
        }
        for (Measured m : ours) {
            assertThat(m.result().errors()).as("failed requests through reseau-ingress:%n%s", m.result().output())
                    .isZero();
        }
        for (Measured m : theirs) {
            assertThat(m.result().errors()).as("failed requests through nginx:%n%s", m.result().output()).isZero();
        }
        REPORT.add(paired(what + " throughput", "req/s", ours, theirs, m -> m.result().requestsPerSecond(),
                throughputTarget == null ? "—" : "higher", throughputTarget));
        REPORT.add(paired(what + " p50 latency", "ms", ours, theirs, m -> m.result().p50Millis(), "lower", 1.0));
        REPORT.add(paired(what + " p99 latency", "ms", ours, theirs, m -> m.result().p99Millis(), "lower", 1.0));
        REPORT.add(paired(what + " CPU per request, user", "us", ours, theirs, Measured::userMicros, "lower", null));
        REPORT.add(paired(what + " CPU per request, system", "us", ours, theirs, Measured::systemMicros, "lower",
                null));
        REPORT.add(new BenchReport.Figure(what + " idle, proxy's CPU", "%", median(ours, m -> m.proxyCpuIdle() * 100),
                median(theirs, m -> m.proxyCpuIdle() * 100), "nginx", "—", null));
        REPORT.add(new BenchReport.Figure(what + " idle, load generator's and backend's CPU", "%",
                median(ours, m -> m.loadCpuIdle() * 100), median(theirs, m -> m.loadCpuIdle() * 100), "nginx", "—",
                null));
        REPORT.add(paired(what + " load side's CPU busy per request", "us", ours, theirs, Measured::loadMicros, "—",
                null));
    }

    /**
     * A figure as measured in the round whose reseau ÷ nginx ratio is the median of all rounds' (the upper one of
     * an even count), so that the ratio reported is that of two runs made seconds apart. The machine's speed drifts
     * by a third within minutes: the median of each side taken apart can pair a fast phase of one with a slow phase
     * of the other (a focused run on 2026-12-05: rounds' throughput ratios 1.09 to 1.83, median 1.21, where the two
     * medians made 1.70).
     */
    private static BenchReport.Figure paired(String name, String unit, List<Measured> ours, List<Measured> theirs,
            ToDoubleFunction<Measured> figure, String better, Double target) {
        List<Integer> rounds = new ArrayList<>();
        for (int round = 0; round < ours.size(); round++) {
            rounds.add(round);
        }
        rounds.sort(Comparator.comparingDouble(
                round -> figure.applyAsDouble(ours.get(round)) / figure.applyAsDouble(theirs.get(round))));
        int median = rounds.get(rounds.size() / 2);
        return new BenchReport.Figure(name, unit, figure.applyAsDouble(ours.get(median)),
                figure.applyAsDouble(theirs.get(median)), "nginx", better, target);
    }

    private static double median(List<Measured> results, ToDoubleFunction<Measured> figure) {
        return new Percentiles(results.stream().mapToDouble(figure).toArray()).median();
    }

    @Test
    @Order(4)
    void memoryWithAThousandIngresses() throws Exception {
        int manyPort = Ports.free();
        StringBuilder servers = new StringBuilder("upstream backend { server 127.0.0.1:" + backendPort
                + "; keepalive 320; }\n");
        for (int i = 0; i < 1_000; i++) {
            kube.network().v1().ingresses().resource(ingress("site-" + i, "site-" + i + ".bench.local")).create();
            servers.append("server { listen 127.0.0.1:" + manyPort + "; server_name site-" + i + ".bench.local;"
                    + " location / { proxy_pass http://backend; proxy_http_version 1.1;"
                    + " proxy_set_header Connection \"\"; } }\n");
        }
        await().atMost(Duration.ofSeconds(60)).until(() -> status(reseauHttp, "site-999.bench.local", "/small") == 200);
        // Some traffic to several hosts, so the memory is that of a serving proxy.
        for (int i = 0; i < 1_000; i += 10) {
            assertThat(status(reseauHttp, "site-" + i + ".bench.local", "/small")).isEqualTo(200);
        }
        double applied = Ports.rssMiB(reseau.pid());
        // Then a request a second for SETTLE_SECONDS: the JIT's memory for what the 1,000 Ingresses made hot is
        // freed within seconds, and handed back to the system once the compilers are quiet (reseau's trim).
        for (int second = 0; second < SETTLE_SECONDS; second++) {
            assertThat(status(reseauHttp, "site-" + (second * 37 % 1_000) + ".bench.local", "/small")).isEqualTo(200);
            Thread.sleep(1_000);
        }
        double settled = Ports.rssMiB(reseau.pid());
        try (Nginx thousand = Nginx.start(work.resolve("thousand"), PROXY, servers.toString(), manyPort)) {
            assertThat(status(manyPort, "site-999.bench.local", "/small")).isEqualTo(200);
            double nginx = thousand.rssMiB();
            REPORT.add(new BenchReport.Figure("resident memory with 1,000 Ingresses, just applied", "MiB", applied,
                    nginx, "nginx, 1,000 server blocks", "lower", null));
            REPORT.add(new BenchReport.Figure("resident memory with 1,000 Ingresses, %d s later".formatted(
                    SETTLE_SECONDS), "MiB", settled, nginx, "nginx, 1,000 server blocks", "lower", null));
        }
        // The budget for reseau-ingress at this size, in service.
        assertThat(settled).isLessThanOrEqualTo(256.0);
    }

    /** The status of one GET with this Host (a raw socket: Java's HTTP client will not set Host); 0 on error. */
    private static int status(int port, String host, String path) {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(5_000);
            socket.getOutputStream().write(("GET " + path + " HTTP/1.1\r\nHost: " + host
                    + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            String statusLine = new String(socket.getInputStream().readNBytes(12), StandardCharsets.US_ASCII);
            return Integer.parseInt(statusLine.substring(9, 12));
        } catch (Exception e) {
            return 0;
        }
    }

    private static void exec(String... command) throws Exception {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(process.getInputStream().readAllBytes());
        if (process.waitFor() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " failed: " + out);
        }
    }
}
