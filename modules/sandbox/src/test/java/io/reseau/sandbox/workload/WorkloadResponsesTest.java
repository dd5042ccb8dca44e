package io.reseau.sandbox.workload;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The built-in workload's answers, as agnhost netexec gives them. */
class WorkloadResponsesTest {

    private static final PodIdentity POD = new PodIdentity("web-1", "shop", "node-2");

    @Test
    void hostnameClientIpAndEcho() {
        assertThat(answer("/hostname", null)).isEqualTo("web-1");
        assertThat(answer("/clientip", null)).isEqualTo("10.42.1.7:40000");
        assertThat(answer("/echo", "msg=bonjour%20%C3%A0%20tous&x=1")).isEqualTo("bonjour à tous");
        assertThat(answer("/echo", "other=1")).isEmpty();
    }

    @Test
    void anyOtherPathIsAReportOfThePodAndTheRequestAsReceived() {
        assertThat(answer("/api/v1/items", "page=2")).isEqualTo("""
                pod: web-1
                namespace: shop
                node: node-2
                method: GET
                path: /api/v1/items
                query: page=2
                host: shop.example.com
                client: 10.42.1.7:40000
                """);
    }

    private static String answer(String path, String query) {
        return WorkloadResponses.answer(POD, new WorkloadResponses.Request("GET", path, query, "shop.example.com",
                "10.42.1.7:40000"));
    }
}
