package io.reseau.sandbox.kubelet;

import io.reseau.hostnet.netns.NetworkNamespace;

/**
 * No pod network: what a node is while its bundle has no CNI plugin. The kubelet leaves pods Pending, as a
 * real kubelet does while the runtime reports the network not ready.
 */
public final class NoPodNetwork implements PodNetwork {

    @Override
    public boolean ready(String node) {
        return false;
    }

    @Override
    public Attachment attach(String node, String podUid, NetworkNamespace pod) {
        throw new IllegalStateException("no pod network on " + node + ": the bundle has no CNI plugin");
    }

    @Override
    public void detach(String node, String podUid, NetworkNamespace pod, Attachment attachment) {
        // nothing was attached
    }
}
