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
import io.reseau.proxy.model.ServicePortEndpoints;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * One sync of the proxy, from a snapshot of Services and EndpointSlices: compute the ruleset of each family
 * (pure), write it (one transaction per family), then clear stale UDP conntrack entries and update the health
 * check ports. What had to be left out, and what could not be opened, is returned for reporting.
 */
public final class ProxySync implements AutoCloseable {

    /** What a sync did. */
    public record Result(List<ServicePortEndpoints> ports, List<Problem> problems,
            Map<Family, RulesetWriter.Outcome> writes, List<HealthCheckProblem> healthCheckProblems) {
    }

    /** A health check port that could not be opened, for the Service that wants it. */
    public record HealthCheckProblem(ServicePort port, String message) {
    }

    private final ProxyController.Settings settings;
    private final Nftables nftables;
    private final RulesetWriter writer;
    private final ConntrackCleaner conntrack;
    private final HealthCheckServers healthChecks;
    private final ServiceTranslation translation;
    private final Map<Family, ProxyRules> rules = new EnumMap<>(Family.class);

    public ProxySync(ProxyController.Settings settings) {
        this.settings = settings;
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

    public Result sync(Collection<Service> services, Collection<EndpointSlice> slices) {
        ServiceTranslation.Result translated = translation.translate(services, slices);
        List<ServicePortEndpoints> ports = translated.ports();
        Map<Family, RulesetWriter.Outcome> writes = new EnumMap<>(Family.class);
        rules.forEach((family, familyRules) -> writes.put(family, writer.write(familyRules.compute(ports))));
        conntrack.afterSync(ports);
        List<HealthCheckProblem> healthCheckProblems = new ArrayList<>();
        healthChecks.update(ports, (port, why) -> healthCheckProblems.add(new HealthCheckProblem(port, why)));
        return new Result(ports, translated.problems(), writes, healthCheckProblems);
    }

    @Override
    public void close() {
        healthChecks.close();
        nftables.close();
    }
}
