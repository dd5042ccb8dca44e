package io.reseau.sandbox.controllers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetBuilder;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Deployments into ReplicaSets into Pods, and the garbage collector's rule. */
class WorkloadPlansTest {

    @Test
    void aNewDeploymentGetsOneReplicaSetOfItsTemplateWithTheTemplateHash() {
        List<ReplicaSet> changes = DeploymentPlan.of(deployment(3, "v1"), List.of(), Map.of());

        assertThat(changes).singleElement().satisfies(rs -> {
            String hash = rs.getSpec().getTemplate().getMetadata().getLabels().get("pod-template-hash");
            assertThat(rs.getMetadata().getName()).isEqualTo("web-" + hash);
            assertThat(rs.getSpec().getReplicas()).isEqualTo(3);
            assertThat(rs.getSpec().getSelector().getMatchLabels()).containsEntry("app", "web")
                    .containsEntry("pod-template-hash", hash);
            assertThat(rs.getMetadata().getOwnerReferences().getFirst().getUid()).isEqualTo("deploy-uid");
        });
    }

    @Test
    void withRecreateATemplateChangeMakesANewReplicaSetAndScalesTheOldOneToZeroAtOnce() {
        ReplicaSet old = DeploymentPlan.of(deployment(3, "v1"), List.of(), Map.of()).getFirst();
        Deployment recreate = new DeploymentBuilder(deployment(3, "v2")).editSpec().withNewStrategy()
                .withType("Recreate").endStrategy().endSpec().build();

        List<ReplicaSet> changes = DeploymentPlan.of(recreate, List.of(old), Map.of(old.getMetadata().getName(), 3));

        assertThat(changes).extracting(rs -> rs.getMetadata().getName(), rs -> rs.getSpec().getReplicas())
                .containsExactlyInAnyOrder(tuple(old.getMetadata().getName(), 0),
                        tuple("web-" + DeploymentPlan.templateHash(recreate.getSpec().getTemplate()), 3));
        assertThat(DeploymentPlan.of(deployment(3, "v1"), List.of(old), Map.of())).isEmpty();
    }

    @Test
    void aReplicaSetCreatesWhatIsMissingAndDeletesUnscheduledAndNotReadyPodsFirst() {
        ReplicaSet rs = replicaSet(2);
        assertThat(ReplicaSetPlan.of(rs, List.of(owned("a", "node-1", true)))).isEqualTo(new ReplicaSetPlan(1, List.of()));

        ReplicaSetPlan shrink = ReplicaSetPlan.of(replicaSet(1), List.of(owned("ready", "node-1", true),
                owned("pending", null, false), owned("notready", "node-2", false), pod("stranger", "node-1")));
        assertThat(shrink.delete()).containsExactly("pending", "notready");

        Pod created = ReplicaSetPlan.newPod(rs, "x7k2p");
        assertThat(created.getMetadata().getName()).isEqualTo("web-abc-x7k2p");
        assertThat(ReplicaSetPlan.ownedBy(created, rs)).isTrue();
        assertThat(created.getMetadata().getLabels()).containsEntry("app", "web");
    }

    @Test
    void objectsWhoseControllerIsGoneAreOrphans() {
        assertThat(Orphans.of(List.of(owned("a", "node-1", true), pod("free", null)), "ReplicaSet", Set.of()))
                .extracting(pod -> pod.getMetadata().getName()).containsExactly("a");
        assertThat(Orphans.of(List.of(owned("a", "node-1", true)), "ReplicaSet", Set.of("rs-uid"))).isEmpty();
    }

    private static Deployment deployment(int replicas, String version) {
        return new DeploymentBuilder().withNewMetadata().withName("web").withNamespace("default").withUid("deploy-uid")
                .endMetadata().withNewSpec().withReplicas(replicas).withNewSelector().addToMatchLabels("app", "web")
                .endSelector().withNewTemplate().withNewMetadata().addToLabels("app", "web").endMetadata()
                .withNewSpec().addNewContainer().withName("web").withImage("web:" + version).endContainer().endSpec()
                .endTemplate().endSpec().build();
    }

    private static ReplicaSet replicaSet(int replicas) {
        return new ReplicaSetBuilder().withNewMetadata().withName("web-abc").withNamespace("default").withUid("rs-uid")
                .endMetadata().withNewSpec().withReplicas(replicas).withNewTemplate().withNewMetadata()
                .addToLabels("app", "web").endMetadata().withNewSpec().endSpec().endTemplate().endSpec().build();
    }

    private static Pod owned(String name, String node, boolean ready) {
        return new PodBuilder(pod(name, node)).editMetadata().addNewOwnerReference().withKind("ReplicaSet")
                .withName("web-abc").withUid("rs-uid").withController(true).endOwnerReference().endMetadata()
                .withNewStatus().addNewCondition().withType("Ready").withStatus(ready ? "True" : "False").endCondition()
                .endStatus().build();
    }

    private static Pod pod(String name, String node) {
        return new PodBuilder().withNewMetadata().withName(name).withNamespace("default")
                .withCreationTimestamp("2026-01-01T00:00:0" + name.length() + "Z").endMetadata()
                .withNewSpec().withNodeName(node).endSpec().build();
    }
}
