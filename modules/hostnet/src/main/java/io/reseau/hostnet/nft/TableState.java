package io.reseau.hostnet.nft;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** A table as the kernel holds it, read back through netlink dumps. */
public record TableState(Family family, String name, Map<String, ChainState> chains, Map<String, List<String>> sets,
        Map<String, Map<String, String>> maps) {

    /** A chain as read back: its hook if it is a base chain, and how many rules it holds. */
    public record ChainState(String name, Optional<String> type, Optional<String> hook, int rules) {
    }

    /**
     * What differs between this state and the desired table, in words; empty when the kernel holds exactly the
     * desired chains (with their hooks and rule counts), sets and maps (with their element counts; a dynamic
     * set's elements are the packet path's, and not compared).
     */
    public List<String> differencesFrom(Table desired) {
        List<String> differences = new ArrayList<>();
        for (Chain chain : desired.chains()) {
            ChainState state = chains.get(chain.name());
            if (state == null) {
                differences.add("chain " + chain.name() + " is missing");
                continue;
            }
            if (!state.hook().equals(chain.hook().map(Hook::hook))
                    || !state.type().equals(chain.hook().map(Hook::type))) {
                differences.add("chain " + chain.name() + " is attached to " + state.hook().orElse("no hook"));
            }
            if (state.rules() != chain.rules().size()) {
                differences.add("chain " + chain.name() + " holds " + state.rules() + " rules, not "
                        + chain.rules().size());
            }
        }
        chains.keySet().stream()
                .filter(name -> desired.chains().stream().noneMatch(c -> c.name().equals(name)))
                .forEach(name -> differences.add("chain " + name + " should not exist"));
        for (NftSet set : desired.sets()) {
            List<String> elements = sets.get(set.name());
            if (elements == null) {
                differences.add("set " + set.name() + " is missing");
            } else if (!set.dynamic() && elements.size() != set.size()) {
                differences.add("set " + set.name() + " holds " + elements.size() + " elements, not "
                        + set.size());
            }
        }
        for (NftMap map : desired.maps()) {
            Map<String, String> elements = maps.get(map.name());
            if (elements == null) {
                differences.add("map " + map.name() + " is missing");
            } else if (elements.size() != map.size()) {
                differences.add("map " + map.name() + " holds " + elements.size() + " elements, not "
                        + map.size());
            }
        }
        return differences;
    }
}
