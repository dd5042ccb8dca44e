package io.reseau.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.networking.v1.IngressClass;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The umbrella chart in the bundle lints, renders every component, and honours each component's flag. */
class HelmChartTest {

    private final Helm chart = new Helm(Bundle.chart());

    @Test
    void lintsCleanly() {
        LintResult lint = chart.lint().strict().call();
        assertThat(lint.isFailed()).as(String.join("\n", lint.getMessages())).isFalse();
    }

    @Test
    void rendersEveryComponentWithTheBundleVersion() {
        List<HasMetadata> objects = render(chart.template().withName("reseau").withNamespace("reseau-system"));

        assertThat(names(objects, DaemonSet.class)).containsExactlyInAnyOrder("reseau-cni", "reseau-proxy", "reseau-policy");
        assertThat(names(objects, Deployment.class)).containsExactlyInAnyOrder("reseau-ingress", "reseau-certs");
        assertThat(objects).filteredOn(IngressClass.class::isInstance).singleElement()
                .satisfies(o -> assertThat(((IngressClass) o).getSpec().getController()).isEqualTo("reseau.io/ingress"));
        assertThat(objects).filteredOn(Service.class::isInstance).singleElement()
                .satisfies(o -> assertThat(((Service) o).getSpec().getType()).isEqualTo("LoadBalancer"));
        DaemonSet proxy = (DaemonSet) objects.stream()
                .filter(o -> o instanceof DaemonSet && o.getMetadata().getName().equals("reseau-proxy")).findFirst().orElseThrow();
        assertThat(proxy.getSpec().getTemplate().getSpec().getContainers().getFirst().getImage())
                .endsWith(":" + Bundle.VERSION);
        assertThat(proxy.getSpec().getTemplate().getSpec().getHostNetwork()).isTrue();
        DaemonSet cni = (DaemonSet) objects.stream()
                .filter(o -> o instanceof DaemonSet && o.getMetadata().getName().equals("reseau-cni")).findFirst().orElseThrow();
        assertThat(cni.getSpec().getTemplate().getSpec().getInitContainers()).singleElement()
                .satisfies(init -> assertThat(init.getCommand()).containsExactly("/opt/reseau/bin/reseau-cni", "install"));
        assertThat(cni.getSpec().getTemplate().getSpec().getContainers().getFirst().getEnv())
                .anySatisfy(env -> assertThat(env.getName() + "=" + env.getValue()).isEqualTo("RESEAU_CNI_CLUSTER_CIDRS=10.42.0.0/16"));
    }

    @Test
    void aDisabledComponentRendersNothing() {
        List<HasMetadata> objects = render(chart.template().withName("reseau")
                .set("proxy.enabled", "false").set("certs.enabled", "false"));

        assertThat(objects).noneMatch(o -> o.getMetadata().getName().equals("reseau-proxy"));
        assertThat(objects).noneMatch(o -> o.getMetadata().getName().equals("reseau-certs"));
        assertThat(names(objects, DaemonSet.class)).containsExactlyInAnyOrder("reseau-cni", "reseau-policy");
    }

    private static List<HasMetadata> render(com.marcnuri.helm.TemplateCommand template) {
        String yaml = template.call();
        return Serialization.unmarshal(new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)));
    }

    private static List<String> names(List<HasMetadata> objects, Class<? extends HasMetadata> kind) {
        return objects.stream().filter(kind::isInstance).map(o -> o.getMetadata().getName()).toList();
    }
}
