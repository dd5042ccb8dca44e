package io.reseau.ingress.dataplane;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.util.AsciiString;
import io.reseau.ingress.model.Backend;
import io.reseau.ingress.model.Route;
import java.util.Optional;

/**
 * What the {@code custom-http-errors} backend is told about the answer it replaces, in ingress-nginx's fields:
 * the status, what the client accepts, the URI it asked for, and the Ingress and Service that answered.
 */
final class ErrorPageFields {

    private static final AsciiString X_CODE = AsciiString.cached("X-Code");
    private static final AsciiString X_FORMAT = AsciiString.cached("X-Format");
    private static final AsciiString X_ORIGINAL_URI = AsciiString.cached("X-Original-URI");
    private static final AsciiString X_NAMESPACE = AsciiString.cached("X-Namespace");
    private static final AsciiString X_INGRESS_NAME = AsciiString.cached("X-Ingress-Name");
    private static final AsciiString X_SERVICE_NAME = AsciiString.cached("X-Service-Name");
    private static final AsciiString X_SERVICE_PORT = AsciiString.cached("X-Service-Port");

    private ErrorPageFields() {
    }

    /** Sets the fields on the request's own (which then has no body: its length goes). */
    static void set(HttpHeaders fields, int status, String target, Route answered) {
        Backend failed = answered.backend();
        fields.remove(HttpHeaderNames.CONTENT_LENGTH);
        fields.set(X_CODE, status);
        fields.set(X_FORMAT, Optional.ofNullable(fields.get(HttpHeaderNames.ACCEPT)).orElse(""));
        fields.set(X_ORIGINAL_URI, target);
        fields.set(X_NAMESPACE, failed.namespace());
        fields.set(X_INGRESS_NAME, answered.ingressName());
        fields.set(X_SERVICE_NAME, failed.service());
        fields.set(X_SERVICE_PORT, failed.port());
    }
}
