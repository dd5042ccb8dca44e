package io.reseau.cni.apply;

import io.reseau.cni.ipam.AddressRange;
import io.reseau.cni.ipam.Cidr;
import io.reseau.hostnet.HostNetwork;
import io.reseau.hostnet.link.Link;
import io.reseau.hostnet.link.Vxlan;
import io.reseau.hostnet.rtnetlink.InterfaceAddress;
import io.reseau.hostnet.rtnetlink.LinkState;
import io.reseau.hostnet.rtnetlink.RouteNetlink;
import java.net.InetAddress;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The node's own overlay devices: the pod bridge holding each pod subnet's gateway address, and the VXLAN
 * device over the underlay holding each pod CIDR's first address (what peers route to, on-link), plus
 * forwarding. Devices that exist are kept, MAC and all, so an agent restart disturbs no pod and no peer.
 */
public final class OverlayDevices {

    /** VXLAN's encapsulation: outer IPv4 (20), UDP (8), VXLAN (8) and inner Ethernet (14) headers. */
    public static final int VXLAN_OVERHEAD = 50;

    /** Where and how the devices are made. */
    public record Settings(String bridge, String vxlan, int vni, int port, Optional<Integer> mtu) {
    }

    private final HostNetwork host;
    private final RouteNetlink netlink;
    private final Settings settings;

    public OverlayDevices(HostNetwork host, RouteNetlink netlink, Settings settings) {
        this.host = host;
        this.netlink = netlink;
        this.settings = settings;
    }

    /** The pod MTU: as configured, else the underlay device's less the VXLAN overhead. */
    public int podMtu(String underlayIp) {
        return settings.mtu().orElseGet(() -> underlayDevice(underlayIp).mtu() - VXLAN_OVERHEAD);
    }

    /** Makes the devices match the node's pod CIDRs; returns the VTEP to publish. */
    public Vtep ensure(List<Cidr> podCidrs, String underlayIp) {
        int mtu = podMtu(underlayIp);
        boolean ipv6 = podCidrs.stream().anyMatch(Cidr::ipv6);
        host.sysctls().set("net.ipv4.ip_forward", "1");
        if (ipv6) {
            host.sysctls().set("net.ipv6.conf.all.forwarding", "1");
        }
        if (host.links().get(settings.bridge()).isEmpty()) {
            host.links().addBridge(settings.bridge());
        }
        // A bridge whose MAC was never set takes its lowest port's, so it changes as pods come and go, and pods
        // that cached the gateway's old MAC lose their way out until their ARP entry expires. Setting it, even
        // to the address it has, pins it.
        host.links().setMac(settings.bridge(), host.links().get(settings.bridge()).orElseThrow().mac());
        if (ipv6) {
            // the gateway must answer at once, not after duplicate address detection
            host.sysctls().set("net.ipv6.conf." + settings.bridge() + ".accept_dad", "0");
        }
        host.links().setMtu(settings.bridge(), mtu);
        keepOnly(settings.bridge(), podCidrs.stream()
                .map(cidr -> Cidr.format(new AddressRange(cidr).gateway()) + "/" + cidr.prefixLength()).toList());
        host.links().setUp(settings.bridge());

        LinkState underlay = underlayDevice(underlayIp);
        Optional<Link> existing = host.links().get(settings.vxlan());
        if (existing.isPresent() && !existing.get().kind().orElse("").equals("vxlan")) {
            throw new IllegalStateException(settings.vxlan() + " exists but is not a VXLAN device: remove it or set "
                    + "reseau.cni.vxlan-device to another name");
        }
        if (existing.isEmpty()) {
            host.links().addVxlan(new Vxlan(settings.vxlan(), settings.vni(), underlayIp, underlay.name(), settings.port(),
                    Optional.of(mtu)));
        }
        if (ipv6) {
            host.sysctls().set("net.ipv6.conf." + settings.vxlan() + ".accept_dad", "0");
        }
        host.links().setMtu(settings.vxlan(), mtu);
        keepOnly(settings.vxlan(), podCidrs.stream()
                .map(cidr -> Cidr.format(cidr.first()) + "/" + (cidr.ipv6() ? 128 : 32)).toList());
        host.links().setUp(settings.vxlan());
        return new Vtep(host.links().get(settings.vxlan()).orElseThrow().mac(), underlayIp);
    }

    /** The link holding the underlay address. */
    private LinkState underlayDevice(String underlayIp) {
        InetAddress wanted = Cidr.literal(underlayIp, underlayIp);
        int index = netlink.addresses().stream().filter(a -> a.address().equals(wanted)).map(InterfaceAddress::index)
                .findFirst().orElseThrow(() -> new IllegalStateException("no interface in " + host.namespace()
                        + " holds the underlay address " + underlayIp + " (the Node's InternalIP, or "
                        + "reseau.cni.underlay-address)"));
        return netlink.links().stream().filter(l -> l.index() == index).findFirst().orElseThrow();
    }

    /** Gives the device exactly these global addresses (IPv6 link-local ones stay). */
    private void keepOnly(String device, List<String> cidrs) {
        Set<String> wanted = new HashSet<>();
        for (String cidr : cidrs) {
            wanted.add(canonical(cidr));
            host.addresses().replace(device, cidr);
        }
        for (String present : host.addresses().list(device)) {
            if (!present.toLowerCase(java.util.Locale.ROOT).startsWith("fe80:") && !wanted.contains(canonical(present))) {
                host.addresses().delete(device, present);
            }
        }
    }

    private static String canonical(String cidr) {
        String[] parts = cidr.split("/");
        return Cidr.format(Cidr.literal(parts[0], cidr)) + "/" + parts[1];
    }
}
