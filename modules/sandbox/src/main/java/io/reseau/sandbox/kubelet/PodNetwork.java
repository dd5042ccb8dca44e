package io.reseau.sandbox.kubelet;

import io.reseau.hostnet.netns.NetworkNamespace;

/** Gives a pod's namespace its interface and address on its node, and takes them back. */
public interface PodNetwork {

    /** What wiring a pod produced, kept until it is torn down. */
    interface Attachment {
        String podIp();
    }

    /** Whether the node can wire pods now (its CNI agent has written its configuration). */
    boolean ready(String node);

    Attachment attach(String node, String podUid, NetworkNamespace pod) throws Exception;

    void detach(String node, String podUid, NetworkNamespace pod, Attachment attachment) throws Exception;
}
