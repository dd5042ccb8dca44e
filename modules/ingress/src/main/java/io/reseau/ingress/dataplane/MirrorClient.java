package io.reseau.ingress.dataplane;

import io.netty.buffer.ByteBuf;
import io.reseau.ingress.model.Mirror;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import org.jboss.logging.Logger;

/**
 * Sends copies of requests to their route's {@code mirror-target} and ignores the answers, as nginx's
 * {@code mirror} under ingress-nginx: the same method, target URL's variables filled in, the client's fields and the
 * forwarded ones, Host from {@code mirror-host} or the target, and the body unless {@code mirror-request-body} is
 * off. A body is kept in memory until the request has come whole, then the copy goes; a body larger than
 * {@link #MAX_BODY_BYTES} (or a request cut short) drops the copy, never the request. The {@link SubrequestClient}
 * sends; nothing waits for it.
 */
final class MirrorClient {

    /** The largest body copied: the copy of a request with a larger one is not sent. */
    static final int MAX_BODY_BYTES = 8 << 20;

    private static final Logger LOG = Logger.getLogger(MirrorClient.class);

    /** A copy of one request, its body collected as the request's arrives. */
    final class Copy {
        private final HttpRequest.Builder request;
        private final String method;
        private final ByteArrayOutputStream body;

        private Copy(HttpRequest.Builder request, String method, boolean body) {
            this.request = request;
            this.method = method;
            this.body = body ? new ByteArrayOutputStream() : null;
        }

        /**
         * A part of the request's body (its readable bytes, left unread). Answers false once the body is too large
         * to copy: the copy is abandoned and wants no more.
         */
        boolean add(ByteBuf part) {
            if (body == null) {
                return true;
            }
            if (body.size() + part.readableBytes() > MAX_BODY_BYTES) {
                LOG.debugf("a request's body is larger than %d bytes: its mirror copy is not sent", MAX_BODY_BYTES);
                return false;
            }
            byte[] bytes = new byte[part.readableBytes()];
            part.getBytes(part.readerIndex(), bytes);
            body.writeBytes(bytes);
            return true;
        }

        /** The request came whole: the copy goes. */
        void send() {
            HttpRequest.BodyPublisher publisher = body == null || body.size() == 0
                    ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body.toByteArray());
            http.send(request.method(method, publisher).build(), HttpResponse.BodyHandlers.discarding())
                    .whenComplete((answer, error) -> {
                        if (error != null) {
                            LOG.debugf("a mirror copy failed: %s", error.toString());
                        }
                    });
        }
    }

    private final SubrequestClient http;

    MirrorClient(SubrequestClient http) {
        this.http = http;
    }

    /**
     * A copy of {@code request} for {@code mirror}, or empty when its URL or a field is one the JDK's client does not
     * take (reported at debug level: the request itself goes on).
     */
    Optional<Copy> copy(Mirror mirror, RequestHead request, RequestUrl url, ClientInfo client, Duration timeout) {
        try {
            HttpRequest.Builder copy = HttpRequest.newBuilder(URI.create(url.expand(mirror.target())))
                    .timeout(timeout);
            SubrequestClient.fields(request, copy, Set.of(), client, url.httpHost());
            mirror.host().ifPresent(host -> copy.setHeader("Host", host));
            return Optional.of(new Copy(copy, request.method().name(), mirror.body()));
        } catch (IllegalArgumentException e) {
            LOG.debugf("no mirror copy: %s", e.getMessage());
            return Optional.empty();
        }
    }
}
