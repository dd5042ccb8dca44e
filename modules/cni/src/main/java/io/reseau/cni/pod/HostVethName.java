package io.reseau.cni.pod;

import io.reseau.cni.spec.Attachment;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The node-side name of an attachment's veth: {@code rs} and 12 hex digits of a hash of container id and
 * interface name. Derived, never stored, so DEL and GC find the link even after the container's namespace is gone.
 */
public final class HostVethName {

    public static final String PREFIX = "rs";

    private HostVethName() {
    }

    public static String of(Attachment attachment) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest((attachment.containerId() + "/" + attachment.ifname()).getBytes(StandardCharsets.UTF_8));
            return PREFIX + HexFormat.of().formatHex(digest, 0, 6);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
