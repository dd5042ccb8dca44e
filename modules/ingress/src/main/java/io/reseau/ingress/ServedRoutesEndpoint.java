package io.reseau.ingress;

import io.reseau.ingress.report.ServedRoutes;
import io.vertx.ext.web.Router;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * {@code GET /q/ingress/routes} on the management port: the routing table served now ({@link ServedRoutes}), to see
 * which rule, Service and endpoints a request goes to. Made off the event loop: a table of thousands of Ingresses
 * takes a while to write.
 */
@ApplicationScoped
class ServedRoutesEndpoint {

    static final String PATH = "/q/ingress/routes";

    void register(@Observes Router router, IngressApplication application) {
        router.get(PATH).blockingHandler(context -> context.response().putHeader("Content-Type", "application/json")
                .end(ServedRoutes.describe(application.servedTable()).encodePrettily()));
    }
}
