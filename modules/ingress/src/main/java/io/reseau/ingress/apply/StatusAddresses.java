package io.reseau.ingress.apply;

import io.fabric8.kubernetes.api.model.networking.v1.IngressLoadBalancerIngress;
import io.fabric8.kubernetes.api.model.networking.v1.IngressLoadBalancerIngressBuilder;
import io.reseau.ingress.model.HostNames;
import io.reseau.ingress.model.ObjectKey;
import java.net.InetAddress;
import java.util.List;

/**
 * Where the addresses written into the served Ingresses' {@code status.loadBalancer} come from: the controller's
 * own Service ({@code publish-service}: its load balancer's addresses), or addresses given
 * ({@code publish-status-address}: a controller reached at an address no Service shows, as on bare metal).
 */
public sealed interface StatusAddresses {

    /** The addresses of a LoadBalancer Service, as its status gives them. */
    record OfService(ObjectKey service) implements StatusAddresses {
    }

    /** These addresses. */
    record Given(List<IngressLoadBalancerIngress> addresses) implements StatusAddresses {

        public Given {
            addresses = List.copyOf(addresses);
        }

        /**
         * Each an IP address or a host name, as ingress-nginx's {@code --publish-status-address} takes them;
         * anything else is an error of the configuration, naming the {@code setting}.
         */
        public static Given of(String setting, List<String> addresses) {
            return new Given(addresses.stream().map(String::strip).filter(address -> !address.isEmpty())
                    .map(address -> point(setting, address)).toList());
        }

        private static IngressLoadBalancerIngress point(String setting, String address) {
            try {
                InetAddress ip = InetAddress.ofLiteral(address);
                return new IngressLoadBalancerIngressBuilder().withIp(ip.getHostAddress()).build();
            } catch (IllegalArgumentException notAnAddress) {
                if (!HostNames.valid(address)) {
                    throw new IllegalArgumentException(setting + ": '" + address
                            + "' is neither an IP address nor a host name", notAnAddress);
                }
                return new IngressLoadBalancerIngressBuilder().withHostname(address).build();
            }
        }
    }
}
