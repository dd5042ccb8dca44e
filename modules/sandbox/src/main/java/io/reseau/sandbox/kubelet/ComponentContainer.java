package io.reseau.sandbox.kubelet;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HTTPGetAction;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Pod;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A container that runs a reseau component: its image is the bundle's ({@value #IMAGE}, any tag, as the Helm
 * chart's {@code global.image.repository}) and its command a launcher of the bundle
 * ({@code /opt/reseau/bin/reseau-ingress}). The sandbox runs that binary of its own bundle in the pod's network
 * namespace instead of the built-in workload. Pure: read from the Pod object only.
 *
 * @param binary    the launcher's name, {@code reseau-ingress}
 * @param args      the command's further elements, then the container's args
 * @param env       the container's environment, {@code fieldRef}s resolved
 * @param readiness where its readiness probe asks (inside the pod), if it has one
 */
public record ComponentContainer(String container, String binary, List<String> args, Map<String, String> env,
        Optional<Readiness> readiness) {

    public static final String IMAGE = "ghcr.io/reseau/reseau";
    public static final String BIN_DIR = "/opt/reseau/bin/";

    /** An HTTP readiness probe: GET {@code path} on {@code port} of the pod. */
    public record Readiness(int port, String path) {
        public String url() {
            return "http://127.0.0.1:" + port + path;
        }
    }

    /**
     * The pod's component container, if it has one.
     *
     * @param podIp the address the pod was given, for {@code fieldRef: status.podIP}
     * @throws IllegalArgumentException when a container has the bundle's image but cannot be run as a component,
     *                                  saying why
     */
    public static Optional<ComponentContainer> of(Pod pod, String podIp) {
        for (Container container : pod.getSpec().getContainers()) {
            if (isBundleImage(container.getImage())) {
                return Optional.of(from(pod, container, podIp));
            }
        }
        return Optional.empty();
    }

    static boolean isBundleImage(String image) {
        if (image == null) {
            return false;
        }
        String repository = image.contains("@") ? image.substring(0, image.indexOf('@')) : image;
        int tag = repository.lastIndexOf(':');
        if (tag > repository.lastIndexOf('/')) {
            repository = repository.substring(0, tag);
        }
        return repository.equals(IMAGE);
    }

    private static ComponentContainer from(Pod pod, Container container, String podIp) {
        String where = "container " + container.getName() + " of pod " + pod.getMetadata().getNamespace() + "/"
                + pod.getMetadata().getName();
        List<String> command = Optional.ofNullable(container.getCommand()).orElse(List.of());
        if (command.isEmpty() || !command.getFirst().startsWith(BIN_DIR + "reseau-")
                || command.getFirst().substring(BIN_DIR.length()).contains("/")) {
            throw new IllegalArgumentException(where + " has the image " + IMAGE + " but its command is " + command
                    + ": the sandbox runs a component whose command is " + BIN_DIR + "reseau-<component>");
        }
        List<String> args = new ArrayList<>(command.subList(1, command.size()));
        args.addAll(Optional.ofNullable(container.getArgs()).orElse(List.of()));
        Map<String, String> env = new LinkedHashMap<>();
        for (EnvVar variable : Optional.ofNullable(container.getEnv()).orElse(List.of())) {
            env.put(variable.getName(), value(pod, variable, podIp, where));
        }
        return new ComponentContainer(container.getName(), command.getFirst().substring(BIN_DIR.length()),
                List.copyOf(args), env, readiness(container, where));
    }

    private static String value(Pod pod, EnvVar variable, String podIp, String where) {
        if (variable.getValueFrom() == null) {
            return Optional.ofNullable(variable.getValue()).orElse("");
        }
        String field = variable.getValueFrom().getFieldRef() == null ? null
                : variable.getValueFrom().getFieldRef().getFieldPath();
        if (field == null) {
            throw new IllegalArgumentException(where + ": env " + variable.getName() + " comes from a ConfigMap, "
                    + "Secret or resource, which the sandbox does not resolve; give it a value or a fieldRef");
        }
        return switch (field) {
            case "metadata.name" -> pod.getMetadata().getName();
            case "metadata.namespace" -> pod.getMetadata().getNamespace();
            case "spec.nodeName" -> pod.getSpec().getNodeName();
            case "status.podIP" -> podIp;
            default -> throw new IllegalArgumentException(where + ": env " + variable.getName() + " refers to "
                    + field + "; the sandbox resolves metadata.name, metadata.namespace, spec.nodeName and "
                    + "status.podIP");
        };
    }

    private static Optional<Readiness> readiness(Container container, String where) {
        if (container.getReadinessProbe() == null) {
            return Optional.empty();
        }
        HTTPGetAction get = container.getReadinessProbe().getHttpGet();
        if (get == null) {
            throw new IllegalArgumentException(where + " has a readiness probe other than httpGet, which the sandbox "
                    + "does not run");
        }
        return Optional.of(new Readiness(port(container, get.getPort(), where),
                Optional.ofNullable(get.getPath()).orElse("/")));
    }

    private static int port(Container container, IntOrString port, String where) {
        if (port == null) {
            throw new IllegalArgumentException(where + ": its readiness probe has no port");
        }
        if (port.getIntVal() != null) {
            return port.getIntVal();
        }
        return Optional.ofNullable(container.getPorts()).orElse(List.of()).stream()
                .filter(candidate -> port.getStrVal().equals(candidate.getName()))
                .map(ContainerPort::getContainerPort)
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException(where + ": its readiness probe names port '"
                        + port.getStrVal() + "', which the container does not declare"));
    }
}
