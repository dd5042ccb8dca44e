package io.reseau.ingress;

import io.smallrye.config.ConfigMappings;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * ingress-nginx's controller ConfigMap keys, as they are, sorted into reseau's settings of the same names and the
 * keys reseau does not read, each with the reason it gives when it leaves one out: snippets (never accepted), keys
 * that tune nginx itself (what reseau does instead), and the rest.
 *
 * @param settings the keys reseau reads, as properties ({@code reseau.ingress.<key>})
 * @param ignored the other keys, each with why it is left out
 */
public record ControllerSettings(Map<String, String> settings, Map<String, String> ignored) {

    static final String PREFIX = "reseau.ingress.";

    /** Keys of ingress-nginx's ConfigMap that tune nginx itself, each with what reseau does instead. */
    private static final Map<String, String> NGINX_ONLY = nginxOnly();

    private static Map<String, String> nginxOnly() {
        Map<String, String> keys = new TreeMap<>();
        keys.put("server-tokens", "reseau sends no Server field of its own (and none of a backend's unless"
                + " allow-backend-server-header)");
        for (String hash : List.of("server-name-hash-bucket-size", "server-name-hash-max-size", "map-hash-bucket-size",
                "proxy-headers-hash-bucket-size", "proxy-headers-hash-max-size", "variables-hash-bucket-size",
                "variables-hash-max-size")) {
            keys.put(hash, "the size of one of nginx's hash tables: reseau has none to size");
        }
        for (String worker : List.of("max-worker-connections", "max-worker-open-files", "worker-cpu-affinity",
                "reuse-port", "enable-multi-accept")) {
            keys.put(worker, "nginx's worker tuning: reseau's event loops take every connection up to"
                    + " max-connections");
        }
        for (String buffer : List.of("client-header-buffer-size", "ssl-buffer-size", "http2-max-field-size",
                "http2-max-header-size")) {
            keys.put(buffer, "an nginx buffer: reseau's limit on request heads is large-client-header-buffers");
        }
        for (String log : List.of("error-log-level", "error-log-path", "access-log-path", "http-access-log-path",
                "stream-access-log-path", "access-log-params", "enable-syslog", "syslog-host", "syslog-port")) {
            keys.put(log, "reseau logs to its standard output, as a container does (log-format-upstream and"
                    + " skip-access-log-urls shape the access log)");
        }
        keys.put("annotations-risk-level", "reseau refuses snippets whatever the level and takes every other"
                + " annotation");
        keys.put("strict-validate-path-type", "reseau matches paths as the Kubernetes specification says, normalised"
                + " once; there is no nginx configuration for a path to slip into");
        for (String buffer : List.of("proxy-buffers-number", "proxy-busy-buffers-size", "grpc-buffer-size-kb")) {
            keys.put(buffer, "an nginx buffer: reseau holds up to 512 KiB of each response in memory, and"
                    + " proxy-buffering decides what happens beyond");
        }
        for (String internal : List.of("enable-serial-reloads", "lua-shared-dicts", "enable-aio-write",
                "limit-conn-zone-variable", "debug-connections")) {
            keys.put(internal, "nginx's own machinery: reseau has no reloads, no Lua and no nginx to tune");
        }
        for (String status : List.of("nginx-status-ipv4-whitelist", "nginx-status-ipv6-whitelist")) {
            keys.put(status, "who may read nginx's status page: reseau's health and metrics are on its management"
                    + " port, which its LoadBalancer Service does not expose");
        }
        keys.put("opentelemetry-config", "the path of nginx's OpenTelemetry module configuration: reseau's tracing is"
                + " set by the otlp-* and otel-* keys");
        keys.put("http2-max-requests", "deprecated by ingress-nginx: keep-alive-requests limits HTTP/2 connections"
                + " too");
        keys.put("allow-cross-namespace-resources", "reseau reads the Secrets and ConfigMaps an Ingress names in the"
                + " Ingress's own namespace only, as ingress-nginx's default");
        keys.put("annotation-value-word-blocklist", "reseau reads each annotation's value as what it is (a size, a"
                + " list of addresses, …) and refuses snippets: no word list is needed");
        for (String modSecurity : List.of("enable-modsecurity", "enable-owasp-modsecurity-crs")) {
            keys.put(modSecurity, "ModSecurity is not supported (an Ingress asking for it is refused)");
        }
        keys.put("ssl-early-data", "TLS 1.3 early data (0-RTT) is not accepted: its requests can be replayed");
        keys.put("ignore-invalid-headers", "reseau refuses a request whose field names are not tokens (400), as"
                + " request smuggling starts there, and drops those with underscores unless"
                + " enable-underscores-in-headers");
        keys.put("default-type", "the type of files nginx serves itself: reseau serves none, and passes on what"
                + " backends answer as they typed it");
        keys.put("ssl-dh-param", "Diffie-Hellman parameters for DHE suites: reseau's TLS brings its own (BoringSSL"
                + " offers no DHE suites; the JDK's TLS, where BoringSSL cannot load, its predefined groups)");
        for (String tracer : List.of("enable-opentracing", "opentracing-operation-name",
                "opentracing-location-operation-name", "zipkin-collector-host", "zipkin-collector-port",
                "zipkin-service-name", "zipkin-sample-rate", "jaeger-collector-host", "jaeger-collector-port",
                "jaeger-endpoint", "jaeger-service-name", "jaeger-propagation-format", "jaeger-sampler-type",
                "jaeger-sampler-param", "jaeger-sampler-host", "jaeger-sampler-port", "jaeger-trace-context-header-name",
                "jaeger-debug-header", "jaeger-baggage-header", "jaeger-trace-baggage-header-prefix",
                "datadog-collector-host", "datadog-collector-port", "datadog-service-name", "datadog-environment",
                "datadog-operation-name-override", "datadog-priority-sampling", "datadog-sample-rate")) {
            keys.put(tracer, "OpenTracing, which ingress-nginx dropped in its 1.10: reseau traces with OpenTelemetry"
                    + " (enable-opentelemetry, otlp-collector-host; Jaeger, Zipkin and Datadog's agents take OTLP)");
        }
        for (String memcached : List.of("global-rate-limit-memcached-host", "global-rate-limit-memcached-port",
                "global-rate-limit-memcached-connect-timeout", "global-rate-limit-memcached-max-idle-timeout",
                "global-rate-limit-memcached-pool-size", "global-rate-limit-status-code")) {
            keys.put(memcached, "rate limits shared through memcached are not supported: reseau's limit-rps,"
                    + " limit-rpm and limit-connections count per replica");
        }
        keys.put("use-geoip", "GeoIP is not supported");
        keys.put("use-geoip2", "GeoIP is not supported");
        return keys;
    }

    /** The names (without {@link #PREFIX}) of every setting of {@link IngressConfig}. */
    static Set<String> known() {
        return ConfigMappings.getProperties(ConfigMappings.ConfigClass.configClass(IngressConfig.class, "reseau.ingress"))
                .keySet().stream().map(name -> name.substring(PREFIX.length())).collect(Collectors.toSet());
    }

    /** Sorts {@code keys} (a ConfigMap's data) by whether {@code known} holds their names. */
    public static ControllerSettings sort(Map<String, String> keys, Set<String> known) {
        Map<String, String> settings = new TreeMap<>();
        Map<String, String> ignored = new TreeMap<>();
        keys.forEach((key, value) -> {
            if (key.endsWith("-snippet") || key.equals("allow-snippet-annotations")) {
                ignored.put(key, "configuration snippets are never accepted: nginx configuration has no place in"
                        + " reseau");
            } else if (known.contains(key)) {
                settings.put(PREFIX + key, value);
            } else if (NGINX_ONLY.containsKey(key)) {
                ignored.put(key, NGINX_ONLY.get(key));
            } else {
                ignored.put(key, "not a setting of reseau's (the ingress-nginx keys it reads are in docs/ingress.md,"
                        + " Configuration)");
            }
        });
        return new ControllerSettings(settings, ignored);
    }
}
