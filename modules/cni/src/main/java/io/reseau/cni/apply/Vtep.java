package io.reseau.cni.apply;

/** This node's VXLAN endpoint, as other nodes must know it. */
public record Vtep(String mac, String underlayIp) {
}
