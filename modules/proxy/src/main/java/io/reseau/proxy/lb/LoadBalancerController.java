package io.reseau.proxy.lb;

import io.fabric8.kubernetes.api.model.LoadBalancerIngress;
import io.fabric8.kubernetes.api.model.LoadBalancerIngressBuilder;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.reseau.informers.ControllerRuntime;
import io.reseau.informers.leader.LeaderElection;
import io.reseau.informers.queue.SyncTrigger;
import io.reseau.informers.report.EventRecorder;
import io.reseau.informers.watch.ChangeHandler;
import io.reseau.informers.watch.ResourceCache;
import io.reseau.informers.watch.Watch;
import java.time.Duration;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * The built-in load balancer's control loop: the leader among the proxies computes every LoadBalancer Service's
 * addresses ({@link LoadBalancerAllocation}) and writes those that changed into the Services' status, noting in
 * an annotation what it wrote, so that it can tell its own status from another controller's.
 */
public final class LoadBalancerController implements AutoCloseable {

    /** How addresses are chosen, and where the leader's Lease lives. */
    public record Settings(LoadBalancerAllocation.Mode mode, AddressPool pool, String leaseNamespace, String identity) {
    }

    private static final Logger LOG = Logger.getLogger(LoadBalancerController.class);

    private final KubernetesClient client;
    private final Settings settings;
    private final ResourceCache<Service> services;
    private final ResourceCache<Node> nodes;
    private final SyncTrigger trigger;
    private final LeaderElection election;
    private final EventRecorder events;
    private volatile boolean leading;

    public LoadBalancerController(ControllerRuntime runtime, Settings settings, ResourceCache<Service> services) {
        this.client = runtime.client();
        this.settings = settings;
        this.services = services;
        this.nodes = runtime.informers().watch(Watch.of(Node.class), ChangeHandler.of(this::changed));
        runtime.informers().listen(services, ChangeHandler.of(this::changed));
        this.trigger = runtime.syncTrigger("load-balancer", this::sync, Duration.ofMillis(200), Duration.ofMinutes(10));
        this.election = runtime.leaderElection(LeaderElection.Settings.defaults(settings.leaseNamespace(),
                "reseau-proxy-load-balancer", settings.identity()), new LeaderElection.Leadership() {
                    @Override
                    public void start() {
                        leading = true;
                        trigger.request();
                    }

                    @Override
                    public void stop() {
                        leading = false;
                    }
                });
        this.events = new EventRecorder(client, "reseau-proxy", settings.identity());
    }

    /** Call once the informers have synced. */
    public void start() {
        trigger.start();
        election.start();
    }

    public boolean leading() {
        return leading;
    }

    @Override
    public void close() {
        election.close();
        events.close();
    }

    private void changed() {
        trigger.request();
    }

    private void sync() {
        if (!leading) {
            return;
        }
        LoadBalancerAllocation.Result result = LoadBalancerAllocation.assign(services.list(), nodes.list(),
                settings.mode(), settings.pool());
        for (LoadBalancerAllocation.Assignment assignment : result.assignments()) {
            if (!LoadBalancerAllocation.current(assignment.service()).equals(assignment.addresses())) {
                write(assignment.service(), assignment.addresses());
            }
        }
        result.problems().forEach(p -> events.warning(p.object(), p.reason(), p.message()));
    }

    /** Records what reseau writes (annotation), then writes it (status); an empty list clears both. */
    private void write(Service service, List<String> addresses) {
        String namespace = service.getMetadata().getNamespace();
        String name = service.getMetadata().getName();
        var resource = client.services().inNamespace(namespace).withName(name);
        resource.edit(s -> {
            ServiceBuilder edited = new ServiceBuilder(s);
            if (addresses.isEmpty()) {
                edited.editMetadata().removeFromAnnotations(LoadBalancerAllocation.OWNED).endMetadata();
            } else {
                edited.editMetadata().addToAnnotations(LoadBalancerAllocation.OWNED, String.join(",", addresses)).endMetadata();
            }
            return edited.build();
        });
        List<LoadBalancerIngress> ingress = addresses.stream()
                .map(ip -> new LoadBalancerIngressBuilder().withIp(ip).build()).toList();
        resource.editStatus(s -> new ServiceBuilder(s).withNewStatus().withNewLoadBalancer().withIngress(ingress)
                .endLoadBalancer().endStatus().build());
        LOG.infof("load balancer: %s/%s now has %s", namespace, name, addresses.isEmpty() ? "no address" : addresses);
        if (!addresses.isEmpty()) {
            events.normal(service, "LoadBalancerAssigned", "assigned " + String.join(", ", addresses));
        }
    }
}
