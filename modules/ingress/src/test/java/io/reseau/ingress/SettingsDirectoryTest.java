package io.reseau.ingress;

import static org.assertj.core.api.Assertions.assertThat;

import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * ingress-nginx's controller ConfigMap, mounted as Kubernetes mounts one, read as reseau's settings of the same
 * names: over the environment's values, the keys reseau does not read left out instead of failing the start.
 */
class SettingsDirectoryTest {

    /** A ConfigMap volume as the kubelet lays it out: the keys link into a timestamped directory through ..data. */
    private static Path mounted(Path volume, Map<String, String> data) throws Exception {
        Path timestamped = Files.createDirectory(volume.resolve("..2026_12_07_01_30_00.123456789"));
        for (Map.Entry<String, String> key : data.entrySet()) {
            Files.writeString(timestamped.resolve(key.getKey()), key.getValue());
        }
        Files.createSymbolicLink(volume.resolve("..data"), timestamped.getFileName());
        for (String key : data.keySet()) {
            Files.createSymbolicLink(volume.resolve(key), Path.of("..data", key));
        }
        return volume;
    }

    @Test
    void theKeysReseauReadsAreItsSettingsOverTheEnvironmentAndTheOthersAreLeftOut(@TempDir Path volume)
            throws Exception {
        mounted(volume, Map.of("http-redirect-code", "301", "use-forwarded-headers", "true\n",
                "server-tokens", "false", "server-snippet", "return 200;"));
        // What the chart sets in the environment (ordinal 300), the directory's key among them.
        PropertiesConfigSource environment = new PropertiesConfigSource(Map.of(SettingsDirectory.PROPERTY,
                volume.toString(), "reseau.ingress.http-redirect-code", "308"), "environment", 300);

        IngressConfig config = new SmallRyeConfigBuilder().addDiscoveredConverters().withMapping(IngressConfig.class)
                .withSources(environment).withSources(new SettingsDirectory()).build()
                .getConfigMapping(IngressConfig.class);

        assertThat(config.httpRedirectCode()).isEqualTo(301);
        assertThat(config.useForwardedHeaders()).isTrue();
    }

    @Test
    void withoutADirectoryThereIsNothingToRead() {
        IngressConfig config = new SmallRyeConfigBuilder().addDiscoveredConverters().withMapping(IngressConfig.class)
                .withSources(new SettingsDirectory()).build().getConfigMapping(IngressConfig.class);

        assertThat(config.httpRedirectCode()).isEqualTo(308);
    }

    @Test
    void snippetsAndKeysReseauDoesNotReadAreLeftOutEachWithItsReason() {
        ControllerSettings sorted = ControllerSettings.sort(Map.of("proxy-body-size", "50m", "http-snippet",
                "server {}", "allow-snippet-annotations", "true", "server-tokens", "false",
                "server-name-hash-bucket-size", "128", "lua-shared-dicts", "configuration_data: 20",
                "no-such-key", "1", "service-upstream", "true", "zipkin-collector-host", "zipkin.tracing"),
                ControllerSettings.known());

        assertThat(sorted.settings()).isEqualTo(Map.of("reseau.ingress.proxy-body-size", "50m",
                "reseau.ingress.service-upstream", "true"));
        assertThat(sorted.ignored().keySet()).containsExactly("allow-snippet-annotations", "http-snippet",
                "lua-shared-dicts", "no-such-key", "server-name-hash-bucket-size", "server-tokens",
                "zipkin-collector-host");
        assertThat(sorted.ignored().get("zipkin-collector-host")).contains("reseau traces with OpenTelemetry");
        assertThat(sorted.ignored().get("http-snippet")).contains("snippets are never accepted");
        assertThat(sorted.ignored().get("server-tokens")).contains("no Server field of its own");
        assertThat(sorted.ignored().get("server-name-hash-bucket-size")).contains("nginx's hash tables");
        assertThat(sorted.ignored().get("lua-shared-dicts")).contains("no Lua");
        assertThat(sorted.ignored().get("no-such-key")).contains("not a setting of reseau's");
    }

    @Test
    void theKnownKeysAreTheMappingsSettingsUnderIngressNginxsNames() {
        Set<String> known = ControllerSettings.known();

        assertThat(known).contains("proxy-body-size", "use-gzip", "large-client-header-buffers", "ssl-protocols",
                "worker-processes", "legacy-class-names", "adopted-class-names").doesNotContain("server-tokens",
                "reseau.ingress.proxy-body-size");
    }
}
