package io.reseau.ingress.testing;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSliceBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.HTTPIngressPathBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.IngressBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.IngressClass;
import io.fabric8.kubernetes.api.model.networking.v1.IngressClassBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.IngressRuleBuilder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/** Kubernetes objects as tests write them. */
public final class Objects {

    private Objects() {
    }

    /** {@code pathType path -> service:port}, e.g. {@code path("Prefix", "/foo", "svc", 80)}. */
    public record Path(String type, String path, String service, int port) {
    }

    public static Path path(String type, String path, String service, int port) {
        return new Path(type, path, service, port);
    }

    /** An Ingress with one rule for {@code host} (null: every host), served by class {@code reseau}. */
    public static Ingress ingress(String namespace, String name, String host, Path... paths) {
        return new IngressBuilder().withNewMetadata().withNamespace(namespace).withName(name)
                .withCreationTimestamp("2026-01-01T00:00:00Z").endMetadata()
                .withNewSpec().withIngressClassName("reseau").withRules(rule(host, paths)).endSpec().build();
    }

    public static io.fabric8.kubernetes.api.model.networking.v1.IngressRule rule(String host, Path... paths) {
        return new IngressRuleBuilder().withHost(host).withNewHttp().withPaths(List.of(paths).stream()
                .map(p -> new HTTPIngressPathBuilder().withPathType(p.type()).withPath(p.path()).withNewBackend()
                        .withNewService().withName(p.service()).withNewPort().withNumber(p.port()).endPort()
                        .endService().endBackend().build())
                .toList()).endHttp().build();
    }

    public static Ingress annotated(Ingress ingress, Map<String, String> annotations) {
        return new IngressBuilder(ingress).editMetadata().addToAnnotations(annotations).endMetadata().build();
    }

    public static Ingress created(Ingress ingress, String timestamp) {
        return new IngressBuilder(ingress).editMetadata().withCreationTimestamp(timestamp).endMetadata().build();
    }

    public static IngressClass ourClass(boolean isDefault) {
        return new IngressClassBuilder().withNewMetadata().withName("reseau")
                .addToAnnotations("ingressclass.kubernetes.io/is-default-class", String.valueOf(isDefault))
                .endMetadata().withNewSpec().withController("reseau.io/ingress").endSpec().build();
    }

    public static Service service(String namespace, String name, int port) {
        return new ServiceBuilder().withNewMetadata().withNamespace(namespace).withName(name).endMetadata()
                .withNewSpec().withType("ClusterIP").addNewPort().withName("http").withPort(port)
                .withNewTargetPort(port).endPort().endSpec().build();
    }

    /** The slice of Service {@code name}'s port {@code http}, with these ready {@code ip:port} endpoints. */
    public static EndpointSlice slice(String namespace, String name, String sliceName, int port, String... ips) {
        return new EndpointSliceBuilder().withNewMetadata().withNamespace(namespace).withName(sliceName)
                .addToLabels("kubernetes.io/service-name", name).endMetadata()
                .withAddressType("IPv4")
                .addNewPort().withName("http").withPort(port).withProtocol("TCP").endPort()
                .withEndpoints(List.of(ips).stream().map(ip -> new io.fabric8.kubernetes.api.model.discovery.v1
                        .EndpointBuilder().withAddresses(ip).withNewConditions().withReady(true).endConditions()
                        .build()).toList())
                .build();
    }

    /** An Opaque Secret (as {@code kubectl create secret generic} makes) with these keys and text values. */
    public static Secret opaqueSecret(String namespace, String name, Map<String, String> data) {
        Base64.Encoder base64 = Base64.getEncoder();
        SecretBuilder secret = new SecretBuilder().withNewMetadata().withNamespace(namespace).withName(name)
                .endMetadata().withType("Opaque");
        data.forEach((key, value) -> secret.addToData(key, base64.encodeToString(value.getBytes(StandardCharsets.UTF_8))));
        return secret.build();
    }

    public static Secret tlsSecret(String namespace, String name, String certificatePem, String keyPem) {
        Base64.Encoder base64 = Base64.getEncoder();
        return new SecretBuilder().withNewMetadata().withNamespace(namespace).withName(name).endMetadata()
                .withType("kubernetes.io/tls")
                .addToData("tls.crt", base64.encodeToString(certificatePem.getBytes(StandardCharsets.US_ASCII)))
                .addToData("tls.key", base64.encodeToString(keyPem.getBytes(StandardCharsets.US_ASCII)))
                .build();
    }
}
