package io.reseau.cni.spec;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.List;

/**
 * What ADD made, in the spec's result shape: the host end and the container end of the veth, each address
 * with its gateway, and a default route per family. Written in the version the configuration asked for.
 */
public record AddResult(String hostIfname, String hostMac, String podIfname, String podMac, String sandbox, int mtu,
        List<IpConfig> ips) {

    /** One address on the container's interface: {@code 10.42.1.5/24} via {@code 10.42.1.1}. */
    public record IpConfig(InetAddress address, int prefixLength, InetAddress gateway) {

        public String cidr() {
            return io.reseau.cni.ipam.Cidr.format(address) + "/" + prefixLength;
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    public String toJson(String cniVersion) {
        boolean v1 = !cniVersion.startsWith("0.");
        ObjectNode root = JSON.createObjectNode().put("cniVersion", cniVersion);
        ArrayNode interfaces = root.putArray("interfaces");
        ObjectNode host = interfaces.addObject().put("name", hostIfname).put("mac", hostMac);
        ObjectNode pod = interfaces.addObject().put("name", podIfname).put("mac", podMac).put("sandbox", sandbox);
        if (cniVersion.equals("1.1.0")) {
            host.put("mtu", mtu);
            pod.put("mtu", mtu);
        }
        ArrayNode addresses = root.putArray("ips");
        ArrayNode routes = root.putArray("routes");
        for (IpConfig ip : ips) {
            boolean ipv6 = ip.address() instanceof Inet6Address;
            ObjectNode entry = addresses.addObject();
            if (!v1) {
                entry.put("version", ipv6 ? "6" : "4");
            }
            entry.put("interface", 1).put("address", ip.cidr()).put("gateway", io.reseau.cni.ipam.Cidr.format(ip.gateway()));
            routes.addObject().put("dst", ipv6 ? "::/0" : "0.0.0.0/0").put("gw", io.reseau.cni.ipam.Cidr.format(ip.gateway()));
        }
        root.putObject("dns");
        return root.toString();
    }
}
