package io.reseau.ingress.report;

import io.netty.util.NetUtil;
import io.reseau.ingress.model.Backend;
import io.reseau.ingress.model.Canary;
import io.reseau.ingress.model.PathMatch;
import io.reseau.ingress.model.Route;
import io.reseau.ingress.model.RoutingTable;
import io.reseau.ingress.model.TlsCertificate;
import io.reseau.ingress.model.VirtualHost;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The routing table served, as JSON for people: each host by name (a wildcard as {@code *.domain}, rules without a
 * host as {@code *}) with its certificate's Secret and its routes in the order they are tried, each with its Ingress,
 * path and how it matches, Service port, protocol, ready endpoints and canary; then the controller's default backend
 * and certificate. What ingress-nginx users read in {@code nginx.conf} or with {@code kubectl ingress-nginx
 * backends}. Pure.
 */
public final class ServedRoutes {

    private ServedRoutes() {
    }

    /** The table as a JSON object. */
    public static JsonObject describe(RoutingTable table) {
        Map<String, VirtualHost> hosts = new TreeMap<>(table.exactHosts());
        table.wildcardHosts().forEach((domain, host) -> hosts.put("*." + domain, host));
        JsonObject described = new JsonObject();
        hosts.forEach((name, host) -> described.put(name, host(host, table.certificate(name))));
        table.anyHost().ifPresent(host -> described.put("*", host(host, Optional.empty())));
        return new JsonObject().put("hosts", described)
                .put("defaultBackend", table.defaultBackend().map(ServedRoutes::route).orElse(null))
                .put("defaultCertificate", table.defaultCertificate().map(TlsCertificate::secret).orElse(null));
    }

    private static JsonObject host(VirtualHost host, Optional<TlsCertificate> certificate) {
        JsonArray routes = new JsonArray();
        host.routes().forEach(route -> routes.add(route(route)));
        JsonObject described = new JsonObject().put("tls", host.tls())
                .put("certificate", host.tls() ? certificate.map(TlsCertificate::secret).orElse("(default)") : null)
                .put("routes", routes);
        host.fallback().ifPresent(fallback -> described.put("defaultBackend", route(fallback)));
        host.redirectTo().ifPresent(target -> described.put("redirectTo", target));
        host.passthrough().ifPresent(passthrough -> described.put("sslPassthrough", backend(passthrough.backend())
                .put("ingress", passthrough.ingress())));
        return described;
    }

    private static JsonObject route(Route route) {
        JsonObject described = new JsonObject().put("ingress", route.ingress()).put("path", route.match().path())
                .put("match", match(route.match())).mergeIn(backend(route.backend()));
        route.canary().ifPresent(canary -> described.put("canary", canary(canary)));
        return described;
    }

    private static JsonObject canary(Canary canary) {
        JsonObject described = new JsonObject().put("ingress", canary.route().ingress())
                .mergeIn(backend(canary.route().backend()));
        canary.rule().header().ifPresent(header -> described.put("header", header));
        canary.rule().headerValue().ifPresent(value -> described.put("headerValue", value));
        canary.rule().headerPattern().ifPresent(pattern -> described.put("headerPattern", pattern.pattern()));
        canary.rule().cookie().ifPresent(cookie -> described.put("cookie", cookie));
        return described.put("weight", canary.rule().weight() + "/" + canary.rule().weightTotal());
    }

    private static JsonObject backend(Backend backend) {
        JsonArray endpoints = new JsonArray();
        backend.endpoints().forEach(endpoint -> endpoints.add(NetUtil.toSocketAddressString(endpoint)));
        JsonObject described = new JsonObject().put("service", backend.describe())
                .put("protocol", backend.protocol().name()).put("endpoints", endpoints);
        backend.externalName().ifPresent(name -> described.put("externalName", name));
        return described;
    }

    /**
     * How the path matches: {@code Exact}, {@code Prefix} (also an ImplementationSpecific path), or {@code Regex}
     * (use-regex, rewrite-target: case-insensitive, anchored at the start).
     */
    private static String match(PathMatch match) {
        return switch (match) {
            case PathMatch.Exact exact -> "Exact";
            case PathMatch.Prefix prefix -> "Prefix";
            case PathMatch.Regex regex -> "Regex";
        };
    }
}
