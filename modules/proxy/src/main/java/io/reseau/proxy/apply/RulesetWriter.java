package io.reseau.proxy.apply;

import io.reseau.hostnet.nft.Family;
import io.reseau.hostnet.nft.NftTransaction;
import io.reseau.hostnet.nft.Nftables;
import io.reseau.hostnet.nft.Table;
import io.reseau.hostnet.nft.TableDiff;
import io.reseau.hostnet.nft.TableState;
import io.reseau.proxy.compute.ProxyRules;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import org.jboss.logging.Logger;

/**
 * Writes the proxy's tables into the kernel, each change as one atomic transaction. The first write of a table
 * replaces it whole (whatever an earlier run left); later writes send only the difference a change makes, and
 * nothing at all when it makes none. After a refused transaction, or when a periodic read-back finds the
 * kernel's table no longer as written, the next write replaces the table whole again.
 */
public final class RulesetWriter {

    /** How a write went to the kernel. */
    public enum Outcome { REPLACED, UPDATED, UNCHANGED }

    private static final Logger LOG = Logger.getLogger(RulesetWriter.class);

    private final Nftables nftables;
    private final Duration verifyEvery;
    private final Clock clock;
    private final Set<Family> written = EnumSet.noneOf(Family.class);
    private final Map<Family, Instant> verified = new EnumMap<>(Family.class);

    public RulesetWriter(Nftables nftables, Duration verifyEvery, Clock clock) {
        this.nftables = nftables;
        this.verifyEvery = verifyEvery;
        this.clock = clock;
    }

    /**
     * Makes the kernel hold the table after {@code change}; {@code whole} gives the whole table, for when it has
     * to be written whole. On failure the previous table stays in force and this throws.
     */
    public Outcome write(ProxyRules.TableChange change, Supplier<Table> whole) {
        Family family = change.after().family();
        boolean replace = !written.contains(family) || change.before().isEmpty()
                || verificationDue(family) && !kernelHolds(whole.get());
        Optional<NftTransaction> diff = replace ? Optional.empty()
                : TableDiff.between(change.before().orElseThrow(), change.after());
        NftTransaction transaction = diff.orElseGet(() -> new NftTransaction().replaceTable(whole.get()));
        if (transaction.isEmpty()) {
            return Outcome.UNCHANGED;
        }
        written.remove(family);
        nftables.apply(transaction);
        written.add(family);
        if (diff.isEmpty()) {
            verified.put(family, clock.instant());
            return Outcome.REPLACED;
        }
        return Outcome.UPDATED;
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
