package io.reseau.sandbox.controllers;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.reseau.informers.queue.SyncTrigger;
import io.reseau.informers.watch.ChangeHandler;
import io.reseau.informers.watch.Informers;
import io.reseau.informers.watch.ResourceCache;
import io.reseau.informers.watch.Watch;
import io.reseau.sandbox.kubelet.Kubelet;
import io.reseau.sandbox.kubelet.PodSandboxes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The sandbox's control loops over one set of informers: Service defaults and addresses, Deployments and
 * ReplicaSets, the scheduler, the kubelet and EndpointSlices. Each loop recomputes its whole state from the
 * caches whenever a resource it reads changes.
 */
public final class ControllerManager implements AutoCloseable {

    private final Informers informers;
    private final Kubelet kubelet;
    private final List<SyncTrigger> loops = new ArrayList<>();
    private final SyncTrigger kubeletLoop;
    /** Runs the kubelet's readiness probes between changes, as a kubelet probes every period. */
    private final ScheduledExecutorService probes = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("kubelet-probes").daemon().factory());

    public ControllerManager(KubernetesClient client, Map<String, String> nodeAddresses, PodSandboxes sandboxes) {
        informers = new Informers(client, new SimpleMeterRegistry());
        List<Runnable> onPods = new ArrayList<>();
        List<Runnable> onServices = new ArrayList<>();
        List<Runnable> onNodes = new ArrayList<>();
        List<Runnable> onWorkloads = new ArrayList<>();
        ResourceCache<Pod> pods = informers.watch(Watch.of(Pod.class), ChangeHandler.of(() -> onPods.forEach(Runnable::run)));
        ResourceCache<Service> services = informers.watch(Watch.of(Service.class),
                ChangeHandler.of(() -> onServices.forEach(Runnable::run)));
        ResourceCache<Node> nodes = informers.watch(Watch.of(Node.class), ChangeHandler.of(() -> onNodes.forEach(Runnable::run)));
        ResourceCache<Deployment> deployments = informers.watch(Watch.of(Deployment.class),
                ChangeHandler.of(() -> onWorkloads.forEach(Runnable::run)));
        ResourceCache<ReplicaSet> replicaSets = informers.watch(Watch.of(ReplicaSet.class),
                ChangeHandler.of(() -> onWorkloads.forEach(Runnable::run)));
        List<Runnable> onSlices = new ArrayList<>();
        ResourceCache<EndpointSlice> slices = informers.watch(Watch.of(EndpointSlice.class),
                ChangeHandler.of(() -> onSlices.forEach(Runnable::run)));

        SyncTrigger serviceLoop = loop("services", new ServiceController(client, services)::sync);
        SyncTrigger workloadLoop = loop("workloads", new WorkloadController(client, deployments, replicaSets, pods)::sync);
        SyncTrigger schedulerLoop = loop("scheduler", new SchedulerController(client, pods, nodes)::sync);
        kubelet = new Kubelet(client, pods, nodeAddresses, sandboxes);
        kubeletLoop = loop("kubelet", kubelet::sync);
        SyncTrigger sliceLoop = loop("endpointslices", new EndpointSliceController(client, services, pods, slices)::sync);

        onServices.addAll(List.of(serviceLoop::request, sliceLoop::request));
        onWorkloads.add(workloadLoop::request);
        onPods.addAll(List.of(workloadLoop::request, schedulerLoop::request, kubeletLoop::request, sliceLoop::request));
        onNodes.add(schedulerLoop::request);
        onSlices.add(sliceLoop::request);
    }

    /** Starts the informers and, once every cache is synced, the loops. */
    public void start(Duration syncedWithin) throws Exception {
        informers.start().get(syncedWithin.toMillis(), TimeUnit.MILLISECONDS);
        loops.forEach(SyncTrigger::start);
        loops.forEach(SyncTrigger::request);
        probes.scheduleWithFixedDelay(kubeletLoop::request, 1, 1, TimeUnit.SECONDS);
    }

    /** Stops the loops, then tears down every pod. */
    @Override
    public void close() throws InterruptedException {
        probes.shutdownNow();
        for (SyncTrigger loop : loops) {
            loop.close();
        }
        informers.close();
        kubelet.close();
    }

    private SyncTrigger loop(String name, SyncTrigger.Sync sync) {
        SyncTrigger loop = ControlLoop.of(name, sync);
        loops.add(loop);
        return loop;
    }
}
