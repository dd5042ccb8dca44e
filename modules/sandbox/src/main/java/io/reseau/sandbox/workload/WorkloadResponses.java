package io.reseau.sandbox.workload;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * What the built-in workload answers, in the manner of agnhost {@code netexec} and the echoserver:
 * {@code /hostname} the pod name, {@code /clientip} the caller's address, {@code /echo?msg=} the message, and
 * any other path a plain-text report of the pod and of the request as received. Pure: no sockets here.
 */
public final class WorkloadResponses {

    /** A request as the server received it. */
    public record Request(String method, String path, String rawQuery, String host, String client) {
    }

    private WorkloadResponses() {
    }

    public static String answer(PodIdentity pod, Request request) {
        return switch (request.path()) {
            case "/hostname" -> pod.name();
            case "/clientip" -> request.client();
            case "/echo" -> queryParameter(request.rawQuery(), "msg");
            default -> report(pod, request);
        };
    }

    static String report(PodIdentity pod, Request request) {
        return """
                pod: %s
                namespace: %s
                node: %s
                method: %s
                path: %s
                query: %s
                host: %s
                client: %s
                """.formatted(pod.name(), pod.namespace(), pod.node(), request.method(), request.path(),
                request.rawQuery() == null ? "" : request.rawQuery(), request.host() == null ? "" : request.host(),
                request.client());
    }

    static String queryParameter(String rawQuery, String name) {
        if (rawQuery == null) {
            return "";
        }
        return Arrays.stream(rawQuery.split("&"))
                .filter(pair -> pair.equals(name) || pair.startsWith(name + "="))
                .map(pair -> pair.equals(name) ? "" : URLDecoder.decode(pair.substring(name.length() + 1),
                        StandardCharsets.UTF_8))
                .findFirst()
                .orElse("");
    }
}
