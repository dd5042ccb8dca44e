package io.reseau.hostnet.link;

import com.fasterxml.jackson.databind.JsonNode;
import io.reseau.hostnet.exec.ProcessRunner;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Bridge and VXLAN forwarding entries ({@code bridge fdb}): which underlay address a MAC lives behind. */
public final class ForwardingDatabase {

    private final ProcessRunner bridge;

    public ForwardingDatabase(ProcessRunner bridge) {
        this.bridge = bridge;
    }

    /** Frames for {@code mac} leaving {@code vxlanDevice} are sent to the VTEP at {@code underlayAddress}. */
    public void replace(String mac, String vxlanDevice, String underlayAddress) {
        bridge.check("bridge", "fdb", "replace", mac, "dev", Interfaces.requireName(vxlanDevice), "dst", underlayAddress, "self", "permanent");
    }

    /** True if the entry existed. */
    public boolean delete(String mac, String vxlanDevice) {
        return bridge.removeIfPresent(List.of("bridge", "fdb", "del", mac, "dev", Interfaces.requireName(vxlanDevice),
                "self"), "No such file or directory");
    }

    /** Entries on the device that point at a remote VTEP: MAC to underlay address. */
    public Map<String, String> list(String vxlanDevice) {
        Map<String, String> entries = new LinkedHashMap<>();
        for (JsonNode entry : IpJson.array(bridge.check("bridge", "-json", "fdb", "show", "dev", Interfaces.requireName(vxlanDevice)))) {
            IpJson.text(entry, "dst").ifPresent(dst -> entries.put(entry.path("mac").asText(), dst));
        }
        return entries;
    }
}
