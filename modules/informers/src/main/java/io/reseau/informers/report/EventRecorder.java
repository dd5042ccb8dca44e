package io.reseau.informers.report;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectReferenceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.jboss.logging.Logger;

/**
 * Tells users about their objects through Kubernetes Events (what {@code kubectl describe} shows), and logs the
 * same. Events go out on a background thread, so a slow API server never holds up a sync, and the same event
 * about the same object is sent at most once per {@code quiet} period, so a sync loop cannot flood the API.
 */
public final class EventRecorder implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(EventRecorder.class);
    private static final int REMEMBERED = 10_000;

    private final KubernetesClient client;
    private final String component;
    private final String instance;
    private final Duration quiet;
    private final Clock clock;
    private final ExecutorService sender = Executors.newSingleThreadExecutor(
            Thread.ofPlatform().name("reseau-events").daemon().factory());
    private final Map<String, Instant> lastSent = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Instant> eldest) {
            return size() > REMEMBERED;
        }
    };

    public EventRecorder(KubernetesClient client, String component, String instance, Duration quiet, Clock clock) {
        this.client = client;
        this.component = component;
        this.instance = instance;
        this.quiet = quiet;
        this.clock = clock;
    }

    public EventRecorder(KubernetesClient client, String component, String instance) {
        this(client, component, instance, Duration.ofMinutes(10), Clock.systemUTC());
    }

    /** Something about the object is wrong and the user should fix it. */
    public void warning(HasMetadata about, String reason, String message) {
        record(about, "Warning", reason, message);
    }

    /** Something noteworthy happened to the object. */
    public void normal(HasMetadata about, String reason, String message) {
        record(about, "Normal", reason, message);
    }

    private void record(HasMetadata about, String type, String reason, String message) {
        String key = about.getKind() + "/" + about.getMetadata().getNamespace() + "/" + about.getMetadata().getName()
                + "/" + reason + "/" + message;
        Instant now = clock.instant();
        synchronized (lastSent) {
            Instant last = lastSent.get(key);
            if (last != null && Duration.between(last, now).compareTo(quiet) < 0) {
                return;
            }
            lastSent.put(key, now);
        }
        if (type.equals("Warning")) {
            LOG.warnf("%s %s/%s: %s: %s", about.getKind(), about.getMetadata().getNamespace(),
                    about.getMetadata().getName(), reason, message);
        } else {
            LOG.infof("%s %s/%s: %s: %s", about.getKind(), about.getMetadata().getNamespace(),
                    about.getMetadata().getName(), reason, message);
        }
        Event event = event(about, type, reason, message, now);
        sender.execute(() -> {
            try {
                client.v1().events().inNamespace(event.getMetadata().getNamespace()).resource(event).create();
            } catch (RuntimeException e) {
                LOG.debugf(e, "could not record event %s about %s", reason, about.getMetadata().getName());
            }
        });
    }

    private Event event(HasMetadata about, String type, String reason, String message, Instant now) {
        String namespace = about.getMetadata().getNamespace() == null ? "default" : about.getMetadata().getNamespace();
        String time = DateTimeFormatter.ISO_INSTANT.format(now.atOffset(ZoneOffset.UTC));
        return new EventBuilder()
                .withNewMetadata()
                .withNamespace(namespace)
                .withName(about.getMetadata().getName() + "." + Long.toHexString(now.toEpochMilli() * 1000 + System.nanoTime() % 1000))
                .endMetadata()
                .withInvolvedObject(new ObjectReferenceBuilder()
                        .withApiVersion(about.getApiVersion())
                        .withKind(about.getKind())
                        .withNamespace(about.getMetadata().getNamespace())
                        .withName(about.getMetadata().getName())
                        .withUid(about.getMetadata().getUid())
                        .withResourceVersion(about.getMetadata().getResourceVersion())
                        .build())
                .withType(type)
                .withReason(reason)
                .withMessage(message.length() > 1024 ? message.substring(0, 1024) : message)
                .withNewSource(component, instance)
                .withReportingComponent(component)
                .withReportingInstance(instance)
                .withFirstTimestamp(time)
                .withLastTimestamp(time)
                .withCount(1)
                .build();
    }

    @Override
    public void close() {
        sender.shutdown();
    }
}
