package io.reseau.informers.watch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.reseau.informers.testing.MockApiServer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class InformersTest {

    private MockApiServer api;
    private KubernetesClient client;
    private Informers informers;
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

    @BeforeEach
    void startApi() {
        api = MockApiServer.start();
        client = api.newClient();
        informers = new Informers(client, meters);
    }

    @AfterEach
    void stopApi() {
        informers.close();
        client.close();
        api.close();
    }

    @Test
    void aFieldSelectorScopesTheCacheAsANodeAgentWatchesItsOwnNode() {
        client.nodes().resource(new NodeBuilder().withNewMetadata().withName("node-1").endMetadata().build()).create();
        client.nodes().resource(new NodeBuilder().withNewMetadata().withName("node-2").endMetadata().build()).create();

        ResourceCache<Node> self = informers.watch(Watch.of(Node.class).withField("metadata.name", "node-1"), noop());
        informers.start().join();

        assertThat(self.list()).extracting(n -> n.getMetadata().getName()).containsExactly("node-1");
        assertThat(self.get("node-1")).isPresent();
        assertThat(self.get("node-2")).isEmpty();
    }

    @Test
    void aLabelSelectorAndANamespaceScopeTheCache() {
        create(pod("default", "a", "node-1", "10.42.1.2", "web"));
        create(pod("default", "b", "node-1", "10.42.1.3", "db"));
        create(pod("other", "c", "node-1", "10.42.1.4", "web"));

        ResourceCache<Pod> web = informers.watch(Watch.of(Pod.class).inNamespace("default").withLabels("app=web"), noop());
        informers.start().join();

        assertThat(names(web.list())).containsExactly("a");
    }

    @Test
    void aWatchInSeveralNamespacesReadsAsOneCacheOfThoseNamespacesOnly() {
        create(pod("team-a", "a", "node-1", "10.42.1.2", "web"));
        create(pod("team-b", "b", "node-1", "10.42.1.3", "web"));
        create(pod("other", "c", "node-1", "10.42.1.4", "web"));
        List<String> heard = new CopyOnWriteArrayList<>();

        ResourceCache<Pod> pods = informers.watch(Watch.of(Pod.class).inNamespaces(Set.of("team-b", "team-a"))
                .withIndex("podIP", pod -> List.of(pod.getStatus().getPodIP())),
                (before, after) -> heard.add(after.getMetadata().getName()));
        informers.start().join();
        create(pod("team-b", "d", "node-1", "10.42.1.5", "web"));
        create(pod("other", "e", "node-1", "10.42.1.6", "web"));
        await().until(() -> pods.get("team-b", "d").isPresent());

        assertThat(pods.name()).isEqualTo("Pod[namespace in (team-a, team-b)]");
        assertThat(names(pods.list())).containsExactlyInAnyOrder("a", "b", "d");
        assertThat(names(pods.list("team-b"))).containsExactlyInAnyOrder("b", "d");
        assertThat(pods.get("team-a", "a")).isPresent();
        assertThat(pods.get("other", "c")).isEmpty();
        assertThat(names(pods.byIndex("podIP", "10.42.1.3"))).containsExactly("b");
        assertThat(pods.synced()).isTrue();
        assertThat(heard).containsExactlyInAnyOrder("a", "b", "d");
    }

    @Test
    void anIndexFindsObjectsByDerivedKeys() {
        create(pod("default", "a", "node-1", "10.42.1.2", "web"));
        create(pod("default", "b", "node-2", "10.42.2.2", "web"));

        ResourceCache<Pod> pods = informers.watch(Watch.of(Pod.class)
                .withIndex("podIP", pod -> List.of(pod.getStatus().getPodIP())), noop());
        informers.start().join();

        assertThat(names(pods.byIndex("podIP", "10.42.2.2"))).containsExactly("b");
        assertThat(pods.byIndex("podIP", "10.42.9.9")).isEmpty();
    }

    @Test
    void theHandlerHearsAddsUpdatesAndDeletesAndTheCacheFollows() {
        List<String> heard = new CopyOnWriteArrayList<>();
        ResourceCache<Pod> pods = informers.watch(Watch.of(Pod.class), (before, after) -> heard.add(
                (before == null ? "added " : after == null ? "deleted " : "updated ")
                        + (after == null ? before : after).getMetadata().getName()));
        informers.start().join();

        create(pod("default", "a", "node-1", "10.42.1.2", "web"));
        await().until(() -> pods.get("default", "a").isPresent());
        client.pods().inNamespace("default").withName("a").edit(p -> new PodBuilder(p)
                .editMetadata().addToLabels("tier", "front").endMetadata().build());
        await().until(() -> pods.get("default", "a").map(p -> p.getMetadata().getLabels().containsKey("tier")).orElse(false));
        client.pods().inNamespace("default").withName("a").delete();

        await().atMost(Duration.ofSeconds(5)).until(() -> pods.list().isEmpty());
        await().until(() -> heard.contains("deleted a"));
        assertThat(heard).containsExactly("added a", "updated a", "deleted a");
    }

    @Test
    void syncStateIsFalseUntilTheFirstListAndReportedAsAMetric() {
        informers.watch(Watch.of(Pod.class).inNamespace("default").withLabels("app=web"), noop());
        assertThat(informers.allSynced()).isFalse();
        assertThat(informers.syncState()).containsExactly(Map.entry("Pod[namespace=default,app=web]", false));

        informers.start().join();

        assertThat(informers.allSynced()).isTrue();
        assertThat(meters.get("reseau.informer.synced").tag("resource", "Pod[namespace=default,app=web]").gauge().value())
                .isEqualTo(1.0);
    }

    @Test
    void aWatchOpenedWhileRunningHasItsListWhenReadyFollowsChangesUntilStoppedAndStaysOutOfTheSyncState()
            throws Exception {
        informers.watch(Watch.of(Node.class), noop());
        informers.start().join();
        create(pod("default", "a", "node-1", "10.42.1.2", "web"));
        create(pod("default", "b", "node-1", "10.42.1.3", "web"));
        List<String> heard = new CopyOnWriteArrayList<>();
        Watch<Pod> onlyA = Watch.of(Pod.class).inNamespace("default").withField("metadata.name", "a");

        ResourceCache<Pod> a = informers.watchNow(onlyA,
                (before, after) -> heard.add((after == null ? "deleted " : "seen ") + "a")).get(5, TimeUnit.SECONDS);

        assertThat(names(a.list())).containsExactly("a");
        assertThat(informers.syncState()).containsOnlyKeys("Node");
        client.pods().inNamespace("default").withName("a").delete();
        await().until(() -> a.list().isEmpty());

        informers.stop(a);
        create(pod("default", "a", "node-1", "10.42.1.4", "web"));
        ResourceCache<Pod> again = informers.watchNow(onlyA, noop()).get(5, TimeUnit.SECONDS);

        assertThat(again.get("default", "a")).map(p -> p.getStatus().getPodIP()).contains("10.42.1.4");
        assertThat(a.list()).isEmpty();
        assertThat(heard).containsExactly("seen a", "deleted a");
        assertThatThrownBy(() -> informers.stop(a)).isInstanceOf(IllegalArgumentException.class);
    }

    private void create(Pod pod) {
        client.pods().inNamespace(pod.getMetadata().getNamespace()).resource(pod).create();
    }

    private static Pod pod(String namespace, String name, String node, String ip, String app) {
        return new PodBuilder()
                .withNewMetadata().withNamespace(namespace).withName(name).addToLabels("app", app).endMetadata()
                .withNewSpec().withNodeName(node).endSpec()
                .withNewStatus().withPodIP(ip).endStatus()
                .build();
    }

    private static List<String> names(List<Pod> pods) {
        return pods.stream().map(p -> p.getMetadata().getName()).toList();
    }

    private static <T> ChangeHandler<T> noop() {
        return (before, after) -> {
        };
    }
}
