package io.reseau.ingress.report;

import static io.reseau.ingress.testing.Objects.annotated;
import static io.reseau.ingress.testing.Objects.ingress;
import static io.reseau.ingress.testing.Objects.path;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.networking.v1.IngressBuilder;
import io.netty.handler.ssl.util.SelfSignedCertificate;
import io.reseau.ingress.model.RoutingTable;
import io.reseau.ingress.testing.Objects;
import io.reseau.ingress.testing.Routes;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The served table as the management port shows it: hosts, their routes in order, backends and canaries. */
class ServedRoutesTest {

    @Test
    void eachHostShowsItsCertificateAndItsRoutesInTheOrderTheyAreTriedWithTheirBackends() throws Exception {
        SelfSignedCertificate certificate = new SelfSignedCertificate("shop.example", "EC", 256);
        RoutingTable table;
        try {
            table = new Routes().service("web", 8080, "10.42.0.4", "10.42.0.5").service("api", 9090, "10.42.1.7")
                    .service("api-next", 9090, "10.42.2.9")
                    .secret(Objects.tlsSecret("default", "shop-tls", Files.readString(certificate.certificate()
                            .toPath()), Files.readString(certificate.privateKey().toPath())))
                    .ingress(new IngressBuilder(ingress("default", "shop", "shop.example",
                            path("Prefix", "/", "web", 80), path("Exact", "/api/v1", "api", 80)))
                            .editSpec().addNewTl().withHosts("shop.example").withSecretName("shop-tls").endTl()
                            .endSpec().build())
                    .ingress(annotated(ingress("default", "shop-canary", "shop.example",
                            path("Exact", "/api/v1", "api-next", 80)), Map.of("nginx.ingress.kubernetes.io/canary",
                            "true", "nginx.ingress.kubernetes.io/canary-by-header", "X-Next")))
                    .ingress(annotated(ingress("team", "docs", "*.docs.example", path("Prefix", "/v[0-9]+", "web",
                            80)), Map.of("nginx.ingress.kubernetes.io/use-regex", "true")))
                    .table();
        } finally {
            certificate.delete();
        }

        JsonObject hosts = ServedRoutes.describe(table).getJsonObject("hosts");

        assertThat(hosts.fieldNames()).containsExactlyInAnyOrder("shop.example", "*.docs.example");
        JsonObject shop = hosts.getJsonObject("shop.example");
        assertThat(shop.getBoolean("tls")).isTrue();
        assertThat(shop.getString("certificate")).isEqualTo("default/shop-tls");
        JsonArray routes = shop.getJsonArray("routes");
        assertThat(routes.getJsonObject(0).getMap()).containsEntry("path", "/api/v1").containsEntry("match", "Exact")
                .containsEntry("ingress", "default/shop").containsEntry("protocol", "HTTP");
        assertThat(routes.getJsonObject(0).getString("service")).isEqualTo("default/api:80");
        assertThat(routes.getJsonObject(0).getJsonArray("endpoints").getList()).containsExactly("10.42.1.7:9090");
        assertThat(routes.getJsonObject(0).getJsonObject("canary").getMap())
                .containsEntry("ingress", "default/shop-canary").containsEntry("header", "x-next")
                .containsEntry("endpoints", new JsonArray().add("10.42.2.9:9090"));
        assertThat(routes.getJsonObject(1).getMap()).containsEntry("path", "/").containsEntry("match", "Prefix");
        assertThat(routes.getJsonObject(1).getJsonArray("endpoints").getList())
                .containsExactly("10.42.0.4:8080", "10.42.0.5:8080");
        JsonObject docs = hosts.getJsonObject("*.docs.example");
        assertThat(docs.getBoolean("tls")).isFalse();
        assertThat(docs.getString("certificate")).isNull();
        assertThat(docs.getJsonArray("routes").getJsonObject(0).getMap()).containsEntry("match", "Regex")
                .containsEntry("ingress", "team/docs");
    }

    @Test
    void anEmptyTableHasNoHostsNorDefaults() {
        JsonObject described = ServedRoutes.describe(RoutingTable.EMPTY);

        assertThat(described.getJsonObject("hosts").isEmpty()).isTrue();
        assertThat(described.getValue("defaultBackend")).isNull();
        assertThat(described.getValue("defaultCertificate")).isNull();
    }
}
