package io.reseau.ingress.model;

import java.util.List;

/**
 * {@code reseau.io/request-headers} and {@code reseau.io/response-headers}: fields set (replacing any of the same
 * name) on the request to the backend and on the response to the client. The typed replacement for the
 * {@code more_set_input_headers} and {@code more_set_headers} lines of ingress-nginx's configuration snippets,
 * which reseau never accepts.
 */
public record HeaderEdits(List<Field> request, List<Field> response) {

    /** One field, checked: a token name, a value without control characters. */
    public record Field(String name, String value) {
    }

    public HeaderEdits {
        request = List.copyOf(request);
        response = List.copyOf(response);
    }
}
