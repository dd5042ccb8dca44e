package io.reseau.sandbox.controllers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetBuilder;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Rolling updates as the Deployment controller plans them, step by step: each step applies the plan and then
 * lets every Pod the ReplicaSets ask for become Ready, as the kubelet would.
 */
class RollingUpdateTest {

    @ParameterizedTest(name = "replicas {0}, maxSurge {1}, maxUnavailable {2}: surge {3}, unavailable {4}")
    @CsvSource({
            "3, , , 1, 0",
            "4, 25%, 25%, 1, 1",
            "10, 25%, 25%, 3, 2",
            "10, 2, 0, 2, 0",
            "10, 0, 30%, 0, 3",
            "3, 0, 10%, 0, 1",
            "1, 100%, 0, 1, 0",
    })
    void limitsResolveAsKubernetesRoundsThem(int replicas, String surge, String unavailable, int maxSurge,
            int maxUnavailable) {
        assertThat(RolloutLimits.of(deployment(replicas, "v1", surge, unavailable), replicas))
                .isEqualTo(new RolloutLimits(maxSurge, maxUnavailable));
    }

    @ParameterizedTest(name = "maxSurge {0}, maxUnavailable {1}: {2}")
    @CsvSource(delimiter = '|', value = {
            "0 | 0 | maxSurge and maxUnavailable are both 0",
            "0% | 0 | maxSurge and maxUnavailable are both 0",
            "abc | 1 | maxSurge must be a number or a percentage such as 25%, got 'abc'",
            "1 | -1 | maxUnavailable must not be negative, got -1",
    })
    void badLimitsAreRefusedSayingWhy(String surge, String unavailable, String message) {
        assertThatThrownBy(() -> RolloutLimits.of(deployment(3, "v1", surge, unavailable), 3))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Deployment default/web: ")
                .hasMessageContaining(message);
    }

    @ParameterizedTest(name = "maxSurge {0}, maxUnavailable {1}")
    @CsvSource(delimiter = '|', value = {
            "1 | 0 | v1=3 v2=1, v1=2 v2=1, v1=2 v2=2, v1=1 v2=2, v1=1 v2=3, v1=0 v2=3 | 3 | 4",
            "0 | 1 | v1=2 v2=0, v1=2 v2=1, v1=1 v2=1, v1=1 v2=2, v1=0 v2=2, v1=0 v2=3 | 2 | 3",
            "2 | 1 | v1=2 v2=2, v1=0 v2=3 | 2 | 4",
    })
    void threeReplicasAreReplacedStepByStepWithinTheLimits(String surge, String unavailable, String expectedSteps,
            int minReady, int maxPods) {
        Cluster cluster = new Cluster(deployment(3, "v1", surge, unavailable));
        cluster.rollOut();
        cluster.deployment = deployment(3, "v2", surge, unavailable);

        List<String> steps = cluster.rollOut();

        assertThat(steps).containsExactly(expectedSteps.split(", "));
        assertThat(cluster.minReadyDuringRollout).as("fewest Ready pods").isEqualTo(minReady);
        assertThat(cluster.maxPodsDuringRollout).as("most pods").isEqualTo(maxPods);
    }

    @Test
    void notReadyOldPodsAreTakenAwayWithoutCountingAgainstMaxUnavailable() {
        Cluster cluster = new Cluster(deployment(3, "v1", "0", "1"));
        cluster.rollOut();
        ReplicaSet old = cluster.replicaSets.values().iterator().next();
        cluster.ready.put(old.getMetadata().getName(), 1);

        List<ReplicaSet> changes = DeploymentPlan.of(deployment(3, "v2", "0", "1"),
                List.copyOf(cluster.replicaSets.values()), cluster.ready);

        // Two v1 Pods are not ready: they go at once; the ready one stays, as one ready Pod is already missing.
        assertThat(changes).filteredOn(rs -> rs.getMetadata().getName().equals(old.getMetadata().getName()))
                .singleElement().satisfies(rs -> assertThat(rs.getSpec().getReplicas()).isEqualTo(1));
    }

    @Test
    void scalingWithoutATemplateChangeGoesStraightToTheNewCount() {
        Cluster cluster = new Cluster(deployment(3, "v1", "1", "0"));
        cluster.rollOut();
        cluster.deployment = deployment(5, "v1", "1", "0");

        assertThat(cluster.rollOut()).containsExactly("v1=5");
        cluster.deployment = deployment(2, "v1", "1", "0");
        assertThat(cluster.rollOut()).containsExactly("v1=2");
    }

    /** ReplicaSets kept by name, every Pod they ask for Ready after each step. */
    private static final class Cluster {
        Deployment deployment;
        final Map<String, ReplicaSet> replicaSets = new LinkedHashMap<>();
        final Map<String, Integer> ready = new HashMap<>();
        int minReadyDuringRollout = Integer.MAX_VALUE;
        int maxPodsDuringRollout;
        private int created;

        Cluster(Deployment deployment) {
            this.deployment = deployment;
        }

        /** Applies plans until there is nothing left to do; returns each step's ReplicaSet sizes. */
        List<String> rollOut() {
            List<String> steps = new ArrayList<>();
            minReadyDuringRollout = Integer.MAX_VALUE;
            maxPodsDuringRollout = 0;
            for (int step = 0; step < 20; step++) {
                List<ReplicaSet> changes = DeploymentPlan.of(deployment, List.copyOf(replicaSets.values()), ready);
                if (changes.isEmpty()) {
                    return steps;
                }
                for (ReplicaSet change : changes) {
                    String name = change.getMetadata().getName();
                    ReplicaSet stored = replicaSets.containsKey(name) ? change : new ReplicaSetBuilder(change)
                            .editMetadata().withUid("rs-" + name)
                            .withCreationTimestamp("2026-01-01T00:00:" + String.format("%02d", created++) + "Z")
                            .endMetadata().build();
                    replicaSets.put(name, stored);
                    // Fewer Pods at once; new ones only once the kubelet has run them (below).
                    ready.merge(name, 0, (was, none) -> Math.min(was, stored.getSpec().getReplicas()));
                }
                record(Math.min(readyTotal(), wantedTotal()), wantedTotal());
                replicaSets.values().forEach(rs -> ready.put(rs.getMetadata().getName(), rs.getSpec().getReplicas()));
                steps.add(sizes());
            }
            throw new AssertionError("the rollout did not finish: " + steps);
        }

        private void record(int readyNow, int podsNow) {
            minReadyDuringRollout = Math.min(minReadyDuringRollout, readyNow);
            maxPodsDuringRollout = Math.max(maxPodsDuringRollout, podsNow);
        }

        private int readyTotal() {
            return ready.values().stream().mapToInt(Integer::intValue).sum();
        }

        private int wantedTotal() {
            return replicaSets.values().stream().mapToInt(rs -> rs.getSpec().getReplicas()).sum();
        }

        /** {@code v1=2 v2=1}: each ReplicaSet's size, named by the image version of its template. */
        private String sizes() {
            StringBuilder out = new StringBuilder();
            for (ReplicaSet rs : replicaSets.values()) {
                String version = rs.getSpec().getTemplate().getSpec().getContainers().getFirst().getImage()
                        .substring("web:".length());
                out.append(out.isEmpty() ? "" : " ").append(version).append('=').append(rs.getSpec().getReplicas());
            }
            return out.toString();
        }
    }

    private static Deployment deployment(int replicas, String version, String surge, String unavailable) {
        DeploymentBuilder builder = new DeploymentBuilder().withNewMetadata().withName("web").withNamespace("default")
                .withUid("deploy-uid").endMetadata().withNewSpec().withReplicas(replicas).withNewSelector()
                .addToMatchLabels("app", "web").endSelector().withNewTemplate().withNewMetadata()
                .addToLabels("app", "web").endMetadata().withNewSpec().addNewContainer().withName("web")
                .withImage("web:" + version).endContainer().endSpec().endTemplate().endSpec();
        if (surge != null || unavailable != null) {
            builder.editSpec().withNewStrategy().withType("RollingUpdate").withNewRollingUpdate()
                    .withMaxSurge(surge == null ? null : intOrString(surge))
                    .withMaxUnavailable(unavailable == null ? null : intOrString(unavailable))
                    .endRollingUpdate().endStrategy().endSpec();
        }
        return builder.build();
    }

    private static IntOrString intOrString(String value) {
        return value.matches("-?[0-9]+") ? new IntOrString(Integer.parseInt(value)) : new IntOrString(value);
    }
}
