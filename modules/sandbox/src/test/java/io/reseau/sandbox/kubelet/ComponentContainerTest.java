package io.reseau.sandbox.kubelet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ComponentContainerTest {

    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource({
            "ghcr.io/reseau/reseau, true",
            "ghcr.io/reseau/reseau:0.1.0, true",
            "ghcr.io/reseau/reseau@sha256:0123abcd, true",
            "ghcr.io/reseau/reseau:0.1.0@sha256:0123abcd, true",
            "ghcr.io/reseau/reseau-extra:0.1.0, false",
            "docker.io/reseau/reseau:0.1.0, false",
            "registry.k8s.io/e2e-test-images/agnhost:2.52, false",
            "localhost:5000/ghcr.io/reseau/reseau, false",
    })
    void recognisesTheBundlesImageWhateverItsTagOrDigest(String image, boolean bundle) {
        assertThat(ComponentContainer.isBundleImage(image)).isEqualTo(bundle);
    }

    @Test
    void theIngressExampleRunsTheIngressBinaryWithItsEnvironmentAndProbe() throws IOException {
        Pod pod = podOf("""
                metadata: {name: reseau-ingress-abc, namespace: reseau-system}
                spec:
                  nodeName: node-1
                  containers:
                  - name: ingress
                    image: ghcr.io/reseau/reseau:0.1.0-SNAPSHOT
                    command: ["/opt/reseau/bin/reseau-ingress", "--verbose"]
                    args: ["serve"]
                    env:
                    - {name: RESEAU_INGRESS_HTTP_PORT, value: "8080"}
                    - {name: EMPTY}
                    - {name: POD_NAME, valueFrom: {fieldRef: {fieldPath: metadata.name}}}
                    - {name: POD_NAMESPACE, valueFrom: {fieldRef: {fieldPath: metadata.namespace}}}
                    - {name: NODE_NAME, valueFrom: {fieldRef: {fieldPath: spec.nodeName}}}
                    - {name: POD_IP, valueFrom: {fieldRef: {fieldPath: status.podIP}}}
                    ports:
                    - {name: management, containerPort: 9644}
                    readinessProbe:
                      httpGet: {path: /q/health/ready, port: management}
                """);

        ComponentContainer component = ComponentContainer.of(pod, "10.42.1.7").orElseThrow();

        assertThat(component.binary()).isEqualTo("reseau-ingress");
        assertThat(component.args()).containsExactly("--verbose", "serve");
        assertThat(component.env()).containsExactlyInAnyOrderEntriesOf(Map.of(
                "RESEAU_INGRESS_HTTP_PORT", "8080", "EMPTY", "", "POD_NAME", "reseau-ingress-abc",
                "POD_NAMESPACE", "reseau-system", "NODE_NAME", "node-1", "POD_IP", "10.42.1.7"));
        assertThat(component.readiness()).contains(new ComponentContainer.Readiness(9644, "/q/health/ready"));
        assertThat(component.readiness().orElseThrow().url()).isEqualTo("http://127.0.0.1:9644/q/health/ready");
    }

    @Test
    void theShippedIngressManifestIsAComponentPod() throws IOException {
        String deployment = Files.readString(Path.of(System.getProperty("reseau.source.root"),
                "examples/sandbox/reseau-ingress.yaml")).split("(?m)^---$")[1];
        Pod pod = new PodBuilder().withNewMetadata().withName("p").withNamespace("reseau-system").endMetadata()
                .withSpec(Serialization.unmarshal(deployment, Deployment.class).getSpec().getTemplate().getSpec())
                .build();

        ComponentContainer component = ComponentContainer.of(pod, "10.42.1.2").orElseThrow();

        assertThat(component.binary()).isEqualTo("reseau-ingress");
        assertThat(component.env()).containsEntry("POD_NAME", "p").containsEntry("QUARKUS_HTTP_PORT", "9644");
        assertThat(component.readiness()).contains(new ComponentContainer.Readiness(9644, "/q/health/ready"));
    }

    @Test
    void aPodOfAnyOtherImageRunsTheBuiltInWorkload() throws IOException {
        assertThat(ComponentContainer.of(podOf("""
                metadata: {name: echo, namespace: default}
                spec:
                  containers:
                  - {name: echo, image: registry.k8s.io/e2e-test-images/agnhost:2.52, args: [netexec]}
                """), "10.42.1.2")).isEqualTo(Optional.empty());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "no command | command: [] | its command is []",
            "another path | command: [/usr/bin/reseau-ingress] | the sandbox runs a component whose command is /opt/reseau/bin/reseau-<component>",
            "not a reseau binary | command: [/opt/reseau/bin/java] | its command is [/opt/reseau/bin/java]",
            "a subdirectory | command: [/opt/reseau/bin/reseau-x/y] | its command is",
            "a Secret | 'command: [/opt/reseau/bin/reseau-ingress]\n    env: [{name: T, valueFrom: {secretKeyRef: {name: s, key: k}}}]' | env T comes from a ConfigMap, Secret or resource",
            "an unknown field | 'command: [/opt/reseau/bin/reseau-ingress]\n    env: [{name: T, valueFrom: {fieldRef: {fieldPath: metadata.uid}}}]' | env T refers to metadata.uid",
            "a tcp probe | 'command: [/opt/reseau/bin/reseau-ingress]\n    readinessProbe: {tcpSocket: {port: 80}}' | a readiness probe other than httpGet",
            "an undeclared port | 'command: [/opt/reseau/bin/reseau-ingress]\n    readinessProbe: {httpGet: {port: health}}' | names port 'health', which the container does not declare",
    })
    void aComponentPodItCannotRunIsRefusedSayingWhy(String what, String container, String message) throws IOException {
        Pod pod = podOf("""
                metadata: {name: bad, namespace: reseau-system}
                spec:
                  containers:
                  - name: c
                    image: ghcr.io/reseau/reseau:1
                    %s
                """.formatted(container));

        assertThatThrownBy(() -> ComponentContainer.of(pod, "10.42.1.2"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("container c of pod reseau-system/bad")
                .hasMessageContaining(message);
    }

    private static Pod podOf(String yaml) {
        return Serialization.unmarshal("apiVersion: v1\nkind: Pod\n" + yaml, Pod.class);
    }
}
