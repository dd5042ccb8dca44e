package io.reseau.ingress.dataplane;

import static io.reseau.ingress.testing.Objects.annotated;
import static io.reseau.ingress.testing.Objects.ingress;
import static io.reseau.ingress.testing.Objects.path;
import static org.assertj.core.api.Assertions.assertThat;

import io.reseau.ingress.testing.HttpBackend;
import io.reseau.ingress.testing.LogCapture;
import io.reseau.ingress.testing.LoopbackPlane;
import io.reseau.ingress.testing.RawHttp;
import io.reseau.ingress.testing.Routes;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@code enable-rewrite-log}: the rewrites of an Ingress that asks for it are logged, others' are not. */
class RewriteLogTest {

    @RegisterExtension
    final LoopbackPlane plane = new LoopbackPlane();

    @RegisterExtension
    final LogCapture log = new LogCapture("reseau.ingress.rewrite");

    @Test
    void theRewritesOfAnIngressWithTheLogOn() throws Exception {
        HttpBackend app = plane.backend(HttpBackend.start("app"));
        Map<String, String> rewrite = Map.of("nginx.ingress.kubernetes.io/rewrite-target", "/$2");
        plane.apply(new Routes().service("app", app)
                .ingress(annotated(ingress("default", "logged", "foo.com",
                        path("ImplementationSpecific", "/something(/|$)(.*)", "app", 80)),
                        Map.of("nginx.ingress.kubernetes.io/rewrite-target", "/$2",
                                "nginx.ingress.kubernetes.io/enable-rewrite-log", "true")))
                .ingress(annotated(ingress("default", "quiet", "bar.com",
                        path("ImplementationSpecific", "/something(/|$)(.*)", "app", 80)), rewrite))
                .table());

        assertThat(RawHttp.get(plane.httpPort(), "foo.com", "/something/new?x=1").reported("path"))
                .isEqualTo("/new?x=1");
        assertThat(RawHttp.get(plane.httpPort(), "bar.com", "/something/else").reported("path")).isEqualTo("/else");

        assertThat(log.lines()).containsExactly("default/logged: \"/something/new?x=1\" rewritten to \"/new?x=1\" (rule"
                + " /something(/|$)(.*), host foo.com, client 127.0.0.1)");
    }
}
