package io.reseau.ingress.dataplane;

import io.reseau.ingress.model.NginxVariables;
import io.reseau.ingress.model.RoutingTable;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/**
 * A request as the variables of annotation URLs see it ({@code auth-url}, {@code auth-signin},
 * {@code mirror-target}: {@link NginxVariables#URL_VARIABLES}): its scheme, Host field and request URI.
 */
record RequestUrl(String scheme, String httpHost, String requestUri) {

    /** {@code $host}: the Host field without its port, in lowercase. */
    String host() {
        return RoutingTable.hostName(httpHost);
    }

    String escapedRequestUri() {
        return URLEncoder.encode(requestUri, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /** The original URL, {@code $scheme://$http_host$request_uri}. */
    String original() {
        return scheme + "://" + httpHost + requestUri;
    }

    /** {@code template} with its variables replaced by this request's values. Pure. */
    String expand(String template) {
        return NginxVariables.expand(template, name -> switch (name) {
            case "$scheme" -> scheme;
            case "$host" -> host();
            case "$http_host", "$best_http_host" -> httpHost;
            case "$request_uri" -> requestUri;
            case "$escaped_request_uri" -> escapedRequestUri();
            default -> name;
        });
    }
}
