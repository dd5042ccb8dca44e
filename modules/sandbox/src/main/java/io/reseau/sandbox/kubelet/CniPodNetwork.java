package io.reseau.sandbox.kubelet;

import com.fasterxml.jackson.databind.JsonNode;
import io.reseau.hostnet.netns.NetworkNamespace;
import io.reseau.sandbox.cluster.NodeFiles;
import io.reseau.sandbox.kubelet.cni.CniConflist;
import io.reseau.sandbox.kubelet.cni.CniRuntime;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/** Pods wired by the node's CNI plugin, invoked exactly as a container runtime does. */
public final class CniPodNetwork implements PodNetwork {

    static final String IFNAME = "eth0";

    private final Map<String, CniRuntime> runtimes;

    public CniPodNetwork(Map<String, NetworkNamespace> nodes, Path stateDir) {
        this.runtimes = nodes.entrySet().stream().collect(Collectors.toUnmodifiableMap(
                Map.Entry::getKey, node -> {
                    NodeFiles files = NodeFiles.of(stateDir, node.getKey());
                    return new CniRuntime(node.getValue(), files.cniConfDir(), files.cniBinDir());
                }));
    }

    @Override
    public boolean ready(String node) {
        return runtimes.get(node).conflist().isPresent();
    }

    @Override
    public Attachment attach(String node, String podUid, NetworkNamespace pod) {
        JsonNode result = runtimes.get(node).add(podUid, pod.path().orElseThrow(), IFNAME);
        String ip = CniConflist.firstIpv4(result).orElseThrow(() -> new IllegalStateException(
                "the CNI plugin gave the pod no IPv4 address: " + result));
        return new CniAttachment(ip, result);
    }

    @Override
    public void detach(String node, String podUid, NetworkNamespace pod, Attachment attachment) {
        runtimes.get(node).del(podUid, pod.path().orElseThrow(), IFNAME,
                Optional.of(((CniAttachment) attachment).result()));
    }

    private record CniAttachment(String podIp, JsonNode result) implements Attachment {
    }
}
