package io.reseau.ingress;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.reseau.informers.watch.ChangeHandler;
import io.reseau.informers.watch.Informers;
import io.reseau.informers.watch.ResourceCache;
import io.reseau.informers.watch.Watch;
import io.reseau.ingress.model.ObjectKey;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.jboss.logging.Logger;

/**
 * The ConfigMaps Ingresses name in their annotations ({@code custom-headers}, {@code auth-proxy-set-headers}), each
 * watched by name while some Ingress names it, rather than every ConfigMap of the cluster (Grafana's dashboards,
 * say, can be megabytes each). A ConfigMap named for the first time is listed before it is read: the sync that found
 * the name waits for it, a few seconds at most, so that it is not reported missing while on its way.
 */
final class NamedConfigMaps {

    private static final Logger LOG = Logger.getLogger(NamedConfigMaps.class);
    /** How long a sync waits for a newly named ConfigMap's first list. */
    private static final Duration FIRST_LIST = Duration.ofSeconds(5);

    private final Informers informers;
    private final ChangeHandler<Object> changed;
    private final Map<ObjectKey, CompletableFuture<ResourceCache<ConfigMap>>> watched = new HashMap<>();

    NamedConfigMaps(Informers informers, ChangeHandler<Object> changed) {
        this.informers = informers;
        this.changed = changed;
    }

    /**
     * The ConfigMaps of these names that exist, watching those not watched yet. One whose watch has not listed it
     * within {@link #FIRST_LIST} (the API server slow or away) is left out for now; its watch tells {@code changed}
     * once it is listed.
     */
    synchronized List<ConfigMap> read(Set<ObjectKey> names) {
        List<ConfigMap> found = new ArrayList<>();
        for (ObjectKey name : names) {
            CompletableFuture<ResourceCache<ConfigMap>> watch = watched.computeIfAbsent(name,
                    key -> informers.watchNow(Watch.of(ConfigMap.class).inNamespace(key.namespace())
                            .withField("metadata.name", key.name()), changed));
            try {
                watch.get(FIRST_LIST.toMillis(), TimeUnit.MILLISECONDS).get(name.namespace(), name.name())
                        .ifPresent(found::add);
            } catch (TimeoutException e) {
                LOG.warnf("ConfigMap %s is not listed yet; read without it until it is", name);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while listing ConfigMap " + name, e);
            } catch (ExecutionException e) {
                throw new IllegalStateException("cannot watch ConfigMap " + name, e.getCause());
            }
        }
        return found;
    }

    /** Stops watching the ConfigMaps no longer named. */
    synchronized void keepOnly(Set<ObjectKey> names) {
        watched.entrySet().removeIf(entry -> {
            if (names.contains(entry.getKey())) {
                return false;
            }
            entry.getValue().thenAccept(informers::stop);
            return true;
        });
    }
}
