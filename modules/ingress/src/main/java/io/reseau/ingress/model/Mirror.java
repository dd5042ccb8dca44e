package io.reseau.ingress.model;

import java.util.Optional;

/**
 * {@code mirror-target}: a copy of every request of the route also goes to this URL, and its answer is ignored, as
 * nginx's {@code mirror} under ingress-nginx (for trying a new version on real traffic).
 *
 * @param target the URL, {@code http} or {@code https}, with {@link NginxVariables#URL_VARIABLES} (usually
 *               {@code https://test.example.com$request_uri})
 * @param host   the copies' Host field ({@code mirror-host}); empty: the target's host
 * @param body   whether the copies carry the request's body ({@code mirror-request-body}, on by default)
 */
public record Mirror(String target, Optional<String> host, boolean body) {
}
