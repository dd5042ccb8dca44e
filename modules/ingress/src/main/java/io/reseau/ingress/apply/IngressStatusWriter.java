package io.reseau.ingress.apply;

import io.fabric8.kubernetes.api.model.LoadBalancerIngress;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.IngressBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.IngressLoadBalancerIngress;
import io.fabric8.kubernetes.api.model.networking.v1.IngressLoadBalancerIngressBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * Writes {@code status.loadBalancer} of every served Ingress from the controller's own Service (its
 * LoadBalancer addresses, as {@code kubectl get ingress} shows them), only where it differs, so a steady state
 * writes nothing. Writes that fail are counted, so that the sync fails and is retried with backoff.
 */
public final class IngressStatusWriter {

    private static final Logger LOG = Logger.getLogger(IngressStatusWriter.class);

    private final KubernetesClient client;

    public IngressStatusWriter(KubernetesClient client) {
        this.client = client;
    }

    /** The addresses Ingresses should show: the Service's load balancer ingress points. */
    public static List<IngressLoadBalancerIngress> addresses(Optional<Service> own) {
        return own.map(Service::getStatus).map(s -> s.getLoadBalancer()).map(lb -> lb.getIngress())
                .orElse(List.of()).stream()
                .map(IngressStatusWriter::convert)
                .toList();
    }

    private static IngressLoadBalancerIngress convert(LoadBalancerIngress point) {
        return new IngressLoadBalancerIngressBuilder().withIp(point.getIp()).withHostname(point.getHostname()).build();
    }

    /** Updates the Ingresses whose status differs; returns how many writes failed. */
    public int write(List<Ingress> served, List<IngressLoadBalancerIngress> addresses) {
        int failed = 0;
        for (Ingress ingress : served) {
            List<IngressLoadBalancerIngress> current = ingress.getStatus() == null
                    || ingress.getStatus().getLoadBalancer() == null
                    || ingress.getStatus().getLoadBalancer().getIngress() == null ? List.of()
                            : ingress.getStatus().getLoadBalancer().getIngress();
            if (Objects.equals(current, addresses)) {
                continue;
            }
            try {
                Ingress desired = new IngressBuilder(ingress).withNewStatus().withNewLoadBalancer()
                        .withIngress(addresses).endLoadBalancer().endStatus().build();
                // Conditional on the cached resourceVersion: a stale cache fails here and the next sync retries.
                client.network().v1().ingresses().resource(desired).updateStatus();
            } catch (KubernetesClientException e) {
                failed++;
                LOG.warnf("cannot write the status of Ingress %s/%s: %s", ingress.getMetadata().getNamespace(),
                        ingress.getMetadata().getName(), e.getMessage());
            }
        }
        return failed;
    }
}
