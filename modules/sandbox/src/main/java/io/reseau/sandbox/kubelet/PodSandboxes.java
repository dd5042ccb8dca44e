package io.reseau.sandbox.kubelet;

import io.fabric8.kubernetes.api.model.Pod;
import io.reseau.hostnet.netns.NetworkNamespace;
import io.reseau.sandbox.state.SandboxNamespaces;
import io.reseau.sandbox.workload.PodIdentity;
import io.reseau.sandbox.workload.WorkloadServer;
import java.util.List;
import java.util.Optional;

/**
 * Makes and unmakes a pod as a container runtime would: its own network namespace, wired by the pod network,
 * then what runs in it: a reseau component when its container has the bundle's image ({@link ComponentContainer}),
 * otherwise the built-in workload on its container ports. Whatever fails half-way is undone before the error is
 * reported.
 */
public final class PodSandboxes {

    private final SandboxNamespaces namespaces;
    private final PodNetwork network;
    private final BundleComponents components;

    public PodSandboxes(SandboxNamespaces namespaces, PodNetwork network, BundleComponents components) {
        this.namespaces = namespaces;
        this.network = network;
        this.components = components;
    }

    /** The namespace role of a pod: {@code pod-<its short id>}. */
    public static String role(String uid) {
        return "pod-" + shortId(uid);
    }

    /**
     * The last 12 hex digits of a pod's uid: unique among pods whether uids are random (a real API server) or
     * counted up (the mock server's {@code 00000000-…-000000000007}).
     */
    static String shortId(String uid) {
        String hex = uid.replace("-", "");
        return hex.substring(Math.max(0, hex.length() - 12));
    }

    RunningPod start(Pod pod) throws Exception {
        String uid = pod.getMetadata().getUid();
        String node = pod.getSpec().getNodeName();
        NetworkNamespace namespace = namespaces.create(role(uid));
        PodNetwork.Attachment attachment = null;
        try {
            attachment = network.attach(node, uid, namespace);
            PodWorkload workload = workload(pod, namespace, attachment.podIp());
            return new RunningPod(uid, pod.getMetadata().getNamespace() + "/" + pod.getMetadata().getName(), node,
                    namespace, attachment, workload);
        } catch (Exception e) {
            if (attachment != null) {
                network.detach(node, uid, namespace, attachment);
            }
            namespaces.delete(namespace);
            throw e;
        }
    }

    private PodWorkload workload(Pod pod, NetworkNamespace namespace, String podIp) throws Exception {
        Optional<ComponentContainer> component = ComponentContainer.of(pod, podIp);
        if (component.isPresent()) {
            return components.start(component.get(), pod, namespace);
        }
        return PodWorkload.servingAtOnce(WorkloadServer.start(namespace, new PodIdentity(pod.getMetadata().getName(),
                pod.getMetadata().getNamespace(), pod.getSpec().getNodeName()), ports(pod)));
    }

    void stop(RunningPod pod) throws Exception {
        pod.workload().close();
        try {
            network.detach(pod.node(), pod.uid(), pod.namespace(), pod.network());
        } finally {
            namespaces.delete(pod.namespace());
        }
    }

    boolean networkReady(String node) {
        return network.ready(node);
    }

    static List<WorkloadServer.Port> ports(Pod pod) {
        return pod.getSpec().getContainers().stream()
                .flatMap(container -> container.getPorts().stream())
                .map(port -> new WorkloadServer.Port(port.getContainerPort(),
                        Optional.ofNullable(port.getProtocol()).orElse("TCP")))
                .distinct()
                .toList();
    }
}
