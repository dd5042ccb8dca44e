package io.reseau.cni.spec;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** What a plugin call prints on stdout, with its exit status: a result, nothing, or the spec's error object. */
public record CniOutput(int exitStatus, String stdout) {

    private static final ObjectMapper JSON = new ObjectMapper();

    public static CniOutput success(String stdout) {
        return new CniOutput(0, stdout);
    }

    public static CniOutput error(String cniVersion, CniError error) {
        ObjectNode root = JSON.createObjectNode().put("cniVersion", cniVersion).put("code", error.code())
                .put("msg", error.getMessage());
        if (!error.details().isEmpty()) {
            root.put("details", error.details());
        }
        return new CniOutput(1, root.toString());
    }

    public static CniOutput version(String cniVersion) {
        ObjectNode root = JSON.createObjectNode().put("cniVersion", cniVersion);
        CniVersions.SUPPORTED.forEach(root.putArray("supportedVersions")::add);
        return success(root.toString());
    }
}
