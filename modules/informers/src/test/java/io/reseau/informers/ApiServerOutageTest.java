package io.reseau.informers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.reseau.informers.queue.ReconcileLoop;
import io.reseau.informers.queue.ReconcileResult;
import io.reseau.informers.testing.MockApiServer;
import io.reseau.informers.watch.ResourceCache;
import io.reseau.informers.watch.Watch;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The API server goes away mid-watch and comes back having forgotten history (410 Gone on resume). A controller
 * mirroring ConfigMaps must end up matching the server: the update, the delete and the create made during the
 * outage are all reconciled.
 */
class ApiServerOutageTest {

    private static final Duration SETTLE = Duration.ofSeconds(30);

    private MockApiServer api;
    private KubernetesClient client;
    private ControllerRuntime runtime;
    private final Map<String, String> mirror = new ConcurrentHashMap<>();

    @BeforeEach
    void start() {
        api = MockApiServer.start();
        client = api.newClient();
        runtime = new ControllerRuntime(client, new SimpleMeterRegistry(), ControllerRuntime.Settings.defaults());
    }

    @AfterEach
    void stop() {
        runtime.close();
        client.close();
        api.close();
    }

    @Test
    void aChangeMadeWhileTheServerWasAwayIsReconciled() {
        create(client, "kept", "v1");
        create(client, "doomed", "v1");
        ResourceCache<ConfigMap> configMaps = mirrorConfigMaps();

        await().atMost(SETTLE).until(() -> mirror.equals(Map.of("kept", "v1", "doomed", "v1")));

        api.stop();
        await().atMost(SETTLE).until(() -> !configMaps.watching());
        api.changeWhileDown(elsewhere -> {
            elsewhere.configMaps().inNamespace("default").withName("kept")
                    .edit(cm -> new ConfigMapBuilder(cm).addToData("value", "v2").build());
            elsewhere.configMaps().inNamespace("default").withName("doomed").delete();
            create(elsewhere, "born", "v1");
        });
        api.compact();
        api.restart();

        await().atMost(SETTLE).until(() -> mirror.equals(Map.of("kept", "v2", "born", "v1")));
        // The relist that brought the changes comes before the new watch opens: wait for that too.
        await().atMost(SETTLE).until(configMaps::watching);
        assertThat(runtime.ready()).isTrue();
    }

    @Test
    void aComponentStartedBeforeItsServerIsReachableComesUpOnItsOwn() {
        api.stop();
        AtomicReference<ResourceCache<ConfigMap>> cache = new AtomicReference<>();
        cache.set(mirrorConfigMaps());
        assertThat(runtime.ready()).isFalse();

        api.restart();
        create(client, "late", "v1");

        await().atMost(SETTLE).until(() -> mirror.equals(Map.of("late", "v1")));
        assertThat(runtime.ready()).isTrue();
    }

    /** A controller in the shape every component has: watch, enqueue keys, reconcile from the cache. */
    private ResourceCache<ConfigMap> mirrorConfigMaps() {
        AtomicReference<ResourceCache<ConfigMap>> cache = new AtomicReference<>();
        ReconcileLoop<String> loop = runtime.reconcileLoop("mirror", name -> {
            cache.get().get("default", name).ifPresentOrElse(
                    cm -> mirror.put(name, cm.getData().get("value")),
                    () -> mirror.remove(name));
            return ReconcileResult.done();
        }, 1);
        cache.set(runtime.informers().watch(Watch.of(ConfigMap.class).inNamespace("default"),
                (before, after) -> loop.enqueue((after == null ? before : after).getMetadata().getName())));
        runtime.informers().start();
        loop.start();
        return cache.get();
    }

    private static void create(KubernetesClient client, String name, String value) {
        client.configMaps().inNamespace("default").resource(new ConfigMapBuilder()
                .withNewMetadata().withName(name).withNamespace("default").endMetadata()
                .addToData("value", value)
                .build()).create();
    }
}
