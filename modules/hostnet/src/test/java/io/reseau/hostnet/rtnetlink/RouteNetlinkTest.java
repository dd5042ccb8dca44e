package io.reseau.hostnet.rtnetlink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.reseau.hostnet.HostNetwork;
import io.reseau.hostnet.netlink.NetlinkException;
import io.reseau.hostnet.netns.NamespaceDescriptor;
import io.reseau.hostnet.testing.NetnsExtension;
import io.reseau.hostnet.testing.TcpProbe;
import io.reseau.hostnet.testing.ThrowawayNamespaces;
import java.net.InetAddress;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** rtnetlink in-process: a bridge and a veth into another namespace carry real TCP, as iproute2 would set them up. */
@ExtendWith(NetnsExtension.class)
class RouteNetlinkTest {

    @Test
    void aVethIntoAnotherNamespaceOnABridgeCarriesTcpThroughTheDefaultRoute(ThrowawayNamespaces netns) throws Exception {
        HostNetwork host = netns.createNetwork("host");
        HostNetwork pod = netns.createNetwork("pod");
        try (RouteNetlink hostLinks = RouteNetlink.open(host.namespace());
                RouteNetlink podLinks = RouteNetlink.open(pod.namespace());
                NamespaceDescriptor podFd = NamespaceDescriptor.open(pod.namespace())) {
            hostLinks.addBridge("br-test", 1400);
            LinkState bridge = hostLinks.link("br-test").orElseThrow();
            hostLinks.replaceAddress(bridge.index(), InetAddress.getByName("10.77.0.1"), 24);
            hostLinks.setUp(bridge.index());

            hostLinks.addVeth("vhost", "eth0", podFd, 1400);
            LinkState hostEnd = hostLinks.link("vhost").orElseThrow();
            hostLinks.setMaster(hostEnd.index(), bridge.index());
            hostLinks.setHairpin(hostEnd.index());
            hostLinks.setUp(hostEnd.index());
            LinkState podEnd = podLinks.link("eth0").orElseThrow();
            podLinks.replaceAddress(podEnd.index(), InetAddress.getByName("10.77.0.5"), 24);
            podLinks.replaceAddress(podEnd.index(), InetAddress.getByName("fd77::5"), 64);
            podLinks.setUp(podEnd.index());
            podLinks.replaceRoute(InetAddress.getByName("0.0.0.0"), 0, InetAddress.getByName("10.77.0.1"), podEnd.index());

            assertThat(hostLinks.link("vhost").orElseThrow()).satisfies(link -> {
                assertThat(link.master()).isEqualTo(bridge.index());
                assertThat(link.mtu()).isEqualTo(1400);
                assertThat(link.up()).isTrue();
            });
            assertThat(podLinks.addresses(podEnd.index())).extracting(InterfaceAddress::cidr)
                    .contains("10.77.0.5/24", "fd77:0:0:0:0:0:0:5/64");
            assertThat(host.commands().check("bridge", "-d", "link", "show", "dev", "vhost")).contains("hairpin on");
            assertThat(pod.routes().list(false)).anySatisfy(route -> {
                assertThat(route.destination()).isEqualTo("default");
                assertThat(route.via()).contains("10.77.0.1");
            });
            // the pod reaches an address of its node that is not on its own subnet only through the default route
            hostLinks.replaceAddress(bridge.index(), InetAddress.getByName("192.0.2.9"), 32);
            try (TcpProbe server = TcpProbe.serve(host.namespace(), "192.0.2.9", 7001, "hello from the node")) {
                assertThat(TcpProbe.connect(pod.namespace(), "192.0.2.9", 7001, Duration.ofSeconds(5)))
                        .isEqualTo("hello from the node");
            }

            assertThatThrownBy(() -> hostLinks.addVeth("vhost", "eth1", podFd, 1400))
                    .isInstanceOf(NetlinkException.class).hasMessageContaining("File exists");
            assertThat(hostLinks.deleteLink("vhost")).isTrue();
            assertThat(podLinks.link("eth0")).isEmpty();
            assertThat(hostLinks.deleteLink("vhost")).isFalse();
        }
    }
}
