package io.reseau.hostnet.nft;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Reads the rules of each chain out of {@code nft list table} output, for tests. */
final class NftListing {

    private NftListing() {
    }

    static Map<String, List<String>> rulesByChain(String listing) {
        Map<String, List<String>> rules = new LinkedHashMap<>();
        List<String> current = null;
        for (String raw : listing.split("\n")) {
            String line = raw.strip();
            if (line.startsWith("chain ") && line.endsWith("{")) {
                current = new ArrayList<>();
                rules.put(line.substring(6, line.length() - 1).strip(), current);
            } else if (line.equals("}")) {
                current = null;
            } else if (current != null && !line.isEmpty() && !line.startsWith("type ")) {
                current.add(line);
            }
        }
        return rules;
    }
}
