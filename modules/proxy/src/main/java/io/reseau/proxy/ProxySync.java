package io.reseau.proxy;

import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.reseau.hostnet.exec.ProcessRunner;
import io.reseau.hostnet.nft.Family;
import io.reseau.hostnet.nft.Nftables;
import io.reseau.proxy.apply.ConntrackCleaner;
import io.reseau.proxy.apply.RulesetWriter;
import io.reseau.proxy.compute.ProxyRules;
import io.reseau.proxy.compute.ServiceTranslation;
import io.reseau.proxy.health.HealthCheckServers;
import io.reseau.proxy.model.Problem;
import io.reseau.proxy.model.ServicePort;
import io.reseau.proxy.model.ServiceChanges;
import io.reseau.proxy.model.ServicePortEndpoints;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One sync of the proxy: translate the Services that changed (or all of them), take the changes into the rules
 * of each family and write what they change (one transaction per family), then clear stale conntrack
 * entries and update the health check ports. What had to be left out, and what could not be opened, is
 * returned for reporting. A full sync reads every object; a partial one only the Services named, which keeps
 * the cost of a change independent of how many Services there are.
 */
public final class ProxySync implements AutoCloseable {

    /** What a sync did. */
    public record Result(int ports, List<Problem> problems, int standingProblems,
            Map<Family, RulesetWriter.Outcome> writes, List<HealthCheckProblem> healthCheckProblems) {
    }

    /** A health check port that could not be opened, for the Service that wants it. */
    public record HealthCheckProblem(ServicePort port, String message) {
    }

    private final Nftables nftables;
    private final RulesetWriter writer;
    private final ConntrackCleaner conntrack;
    private final HealthCheckServers healthChecks;
    private final ServiceTranslation translation;
    private final Map<Family, ProxyRules> rules = new EnumMap<>(Family.class);
    private final Map<String, List<ServicePortEndpoints>> withHealthChecks = new HashMap<>();

    public ProxySync(ProxyController.Settings settings) {
        this.nftables = Nftables.open(settings.namespace());
        this.writer = new RulesetWriter(nftables, settings.verifyPeriod(), Clock.systemUTC());
        this.conntrack = new ConntrackCleaner(new ProcessRunner(settings.namespace()), settings.nodeName());
        this.healthChecks = new HealthCheckServers(settings.namespace(), settings.nodeName());
        this.translation = new ServiceTranslation(
                new ServiceTranslation.Settings(settings.proxyName(), settings.nodePortMin(), settings.nodePortMax()));
        ProxyRules.Settings ruleSettings = new ProxyRules.Settings(settings.nodeName(), settings.clusterCidrs());
        for (Family family : List.of(Family.IP, Family.IP6)) {
            rules.put(family, new ProxyRules(family, ruleSettings));
        }
    }

    /** A full sync, from every Service and EndpointSlice. */
    public Result sync(Collection<Service> services, Collection<EndpointSlice> slices) {
        return write(translation.translate(services, slices));
    }

    /** A partial sync: only the Services named ({@code namespace/name}) changed, or their slices did. */
    public Result sync(Set<String> changedServices, ServiceTranslation.Lookup lookup) {
        return write(translation.update(changedServices, lookup));
    }

    private Result write(ServiceTranslation.Result translated) {
        ServiceChanges changes = translated.changes();
        Map<Family, RulesetWriter.Outcome> writes = new EnumMap<>(Family.class);
        rules.forEach((family, familyRules) -> {
            ProxyRules.TableChange change = familyRules.apply(changes);
            // A complete change already is the whole table; a partial one is a part of it.
            writes.put(family, writer.write(change, changes.complete() ? change::after : familyRules::table));
        });
        conntrack.afterSync(changes);
        List<HealthCheckProblem> healthCheckProblems = new ArrayList<>();
        healthChecks.update(healthCheckPorts(changes),
                (port, why) -> healthCheckProblems.add(new HealthCheckProblem(port, why)));
        return new Result(rules.get(Family.IP).ports(), translated.problems(), translated.standingProblems(), writes,
                healthCheckProblems);
    }

    /** Every port that has a health check node port, kept up to date with the changes. */
    private List<ServicePortEndpoints> healthCheckPorts(ServiceChanges changes) {
        if (changes.complete()) {
            withHealthChecks.clear();
        }
        changes.services().forEach((service, ports) -> {
            List<ServicePortEndpoints> checked = ports.stream().filter(p -> p.servicePort().healthCheckNodePort() != 0).toList();
            if (checked.isEmpty()) {
                withHealthChecks.remove(service);
            } else {
                withHealthChecks.put(service, checked);
            }
        });
        return withHealthChecks.values().stream().flatMap(List::stream).toList();
    }

    @Override
    public void close() {
        healthChecks.close();
        nftables.close();
    }
}
