package io.reseau.sandbox.kubelet;

import io.reseau.hostnet.netns.NetworkNamespace;

/** A pod the kubelet runs: its namespace, its network attachment and its workload. */
record RunningPod(String uid, String key, String node, NetworkNamespace namespace, PodNetwork.Attachment network,
        PodWorkload workload) {
}
