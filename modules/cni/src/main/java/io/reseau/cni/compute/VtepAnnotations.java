package io.reseau.cni.compute;

/** The Node annotations through which nodes find each other's VXLAN endpoint (VTEP). */
public final class VtepAnnotations {

    /** The MAC address of the node's VXLAN device. */
    public static final String MAC = "reseau.io/vtep-mac";
    /** The node's address on the underlay, where VXLAN packets for its pods are sent. */
    public static final String UNDERLAY_IP = "reseau.io/underlay-ip";

    private VtepAnnotations() {
    }
}
