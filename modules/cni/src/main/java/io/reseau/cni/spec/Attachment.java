package io.reseau.cni.spec;

/** One container's interface on the network: what ADD creates and DEL removes. */
public record Attachment(String containerId, String ifname) {
}
