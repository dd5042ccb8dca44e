package io.reseau.hostnet.link;

import java.util.Optional;

/**
 * A VXLAN device as an overlay uses it: VNI, the local underlay address and device, the UDP port, and no
 * learning (peers are programmed explicitly through neighbours and the FDB, as flannel does).
 */
public record Vxlan(String name, int vni, String localAddress, String underlayDevice, int port,
        Optional<Integer> mtu) {

    public Vxlan {
        Interfaces.requireName(name);
        if (vni < 1 || vni > 16_777_215) {
            throw new IllegalArgumentException("a VXLAN VNI is 1..16777215, got " + vni);
        }
        if (port < 1 || port > 65_535) {
            throw new IllegalArgumentException("not a UDP port: " + port);
        }
    }
}
