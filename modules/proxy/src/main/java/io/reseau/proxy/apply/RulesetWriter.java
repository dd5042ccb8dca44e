package io.reseau.proxy.apply;

import io.reseau.hostnet.nft.Family;
import io.reseau.hostnet.nft.NftTransaction;
import io.reseau.hostnet.nft.Nftables;
import io.reseau.hostnet.nft.Table;
import io.reseau.hostnet.nft.TableDiff;
import io.reseau.hostnet.nft.TableState;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * Writes the proxy's tables into the kernel, each change as one atomic transaction. The first write of a table
 * replaces it whole (whatever an earlier run left); later writes send only the difference from what was last
 * written, and nothing at all when nothing changed. After a refused transaction, or when a periodic read-back
 * finds the kernel's table no longer as written, the next write replaces the table whole again.
 */
public final class RulesetWriter {

    /** How a write went to the kernel. */
    public enum Outcome { REPLACED, UPDATED, UNCHANGED }

    private static final Logger LOG = Logger.getLogger(RulesetWriter.class);

    private final Nftables nftables;
    private final Duration verifyEvery;
    private final Clock clock;
    private final Map<Family, Table> written = new EnumMap<>(Family.class);
    private final Map<Family, Instant> verified = new EnumMap<>(Family.class);

    public RulesetWriter(Nftables nftables, Duration verifyEvery, Clock clock) {
        this.nftables = nftables;
        this.verifyEvery = verifyEvery;
        this.clock = clock;
    }

    /** Makes the kernel hold {@code desired}; on failure the previous table stays in force and this throws. */
    public Outcome write(Table desired) {
        Family family = desired.family();
        Table last = written.get(family);
        if (last != null && verificationDue(family) && !kernelHolds(last)) {
            last = null;
        }
        Optional<NftTransaction> diff = last == null ? Optional.empty() : TableDiff.between(last, desired);
        NftTransaction transaction = diff.orElseGet(() -> new NftTransaction().replaceTable(desired));
        if (transaction.isEmpty()) {
            return Outcome.UNCHANGED;
        }
        written.remove(family);
        nftables.apply(transaction);
        written.put(family, desired);
        if (diff.isEmpty()) {
            verified.put(family, clock.instant());
            return Outcome.REPLACED;
        }
        return Outcome.UPDATED;
    }

    /** Forgets what was written, so that the next write replaces every table whole. */
    public void forget() {
        written.clear();
    }

    private boolean verificationDue(Family family) {
        Instant last = verified.get(family);
        return last == null || Duration.between(last, clock.instant()).compareTo(verifyEvery) >= 0;
    }

    private boolean kernelHolds(Table expected) {
        verified.put(expected.family(), clock.instant());
        Optional<TableState> state = nftables.table(expected.family(), expected.name());
        List<String> differences = state.map(s -> s.differencesFrom(expected))
                .orElse(List.of("the table is missing"));
        if (!differences.isEmpty()) {
            LOG.warnf("%s %s changed behind our back (%s); replacing it", expected.family().keyword(), expected.name(),
                    String.join("; ", differences));
            return false;
        }
        return true;
    }
}
