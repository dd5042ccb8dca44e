package io.reseau.cni.server;

import io.reseau.cni.pod.PodNetworking;
import io.reseau.cni.spec.Attachment;
import io.reseau.cni.spec.CniCommand;
import io.reseau.cni.spec.CniEnvironment;
import io.reseau.cni.spec.CniError;
import io.reseau.cni.spec.CniOutput;
import io.reseau.cni.spec.CniVersions;
import io.reseau.cni.spec.NetworkConfig;
import java.util.concurrent.locks.ReentrantLock;
import org.jboss.logging.Logger;

/**
 * One plugin call, as the agent serves it: check the environment and the configuration the way the spec says,
 * run the command, and turn the outcome into the spec's stdout and exit status. Calls for the same attachment
 * run one at a time (a runtime may retry ADD while DEL is still running); others run in parallel.
 */
public final class CniRequestHandler {

    private static final Logger LOG = Logger.getLogger(CniRequestHandler.class);

    private final PodNetworking pods;
    private final ReentrantLock[] attachmentLocks = new ReentrantLock[64];

    public CniRequestHandler(PodNetworking pods) {
        this.pods = pods;
        for (int i = 0; i < attachmentLocks.length; i++) {
            attachmentLocks[i] = new ReentrantLock();
        }
    }

    public CniOutput handle(PluginRequest call) {
        String version = NetworkConfig.versionOf(call.stdin());
        String errorVersion = CniVersions.SUPPORTED.contains(version) ? version : CniVersions.LATEST;
        try {
            CniEnvironment env = CniEnvironment.parse(call.environment());
            if (env.command() == CniCommand.VERSION) {
                return CniOutput.version(errorVersion);
            }
            NetworkConfig config = NetworkConfig.parse(call.stdin(), env.command());
            Attachment attachment = new Attachment(env.containerId(), env.ifname());
            return switch (env.command()) {
                case ADD -> locked(attachment, () -> CniOutput.success(
                        pods.add(attachment, env.netns().orElseThrow(), config).toJson(config.cniVersion())));
                case DEL -> locked(attachment, () -> {
                    pods.delete(attachment, config);
                    return CniOutput.success("");
                });
                case CHECK -> locked(attachment, () -> {
                    pods.check(attachment, env.netns().orElseThrow(), config);
                    return CniOutput.success("");
                });
                case GC -> {
                    pods.collectGarbage(config).forEach(gone ->
                            LOG.infof("GC: freed %s of container %s", gone.ifname(), gone.containerId()));
                    yield CniOutput.success("");
                }
                case STATUS -> {
                    pods.status(config);
                    yield CniOutput.success("");
                }
                case VERSION -> throw new IllegalStateException("VERSION is answered before the configuration is read");
            };
        } catch (CniError e) {
            LOG.debugf("CNI %s failed: %s", call.environment().get("CNI_COMMAND"), e.getMessage());
            return CniOutput.error(errorVersion, e);
        } catch (RuntimeException e) {
            LOG.errorf(e, "CNI %s failed unexpectedly", call.environment().get("CNI_COMMAND"));
            return CniOutput.error(errorVersion, new CniError(CniError.INTERNAL, "reseau-cni failed unexpectedly: " + e
                    + " (see the node agent's log)"));
        }
    }

    private CniOutput locked(Attachment attachment, java.util.function.Supplier<CniOutput> action) {
        ReentrantLock lock = attachmentLocks[Math.floorMod(attachment.hashCode(), attachmentLocks.length)];
        lock.lock();
        try {
            return action.get();
        } finally {
            lock.unlock();
        }
    }
}
