package io.reseau.hostnet.nft;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;

/** Reads {@code nft -j list …} output into {@link TableState}s, writing elements back in nft's own syntax. */
final class NftJson {

    private static final ObjectMapper JSON = new ObjectMapper();

    private NftJson() {
    }

    static TableState table(String json, Family family, String name) {
        Map<String, TableState.ChainState> chains = new LinkedHashMap<>();
        Map<String, Integer> ruleCounts = new LinkedHashMap<>();
        Map<String, List<String>> sets = new LinkedHashMap<>();
        Map<String, Map<String, String>> maps = new LinkedHashMap<>();
        List<JsonNode> chainNodes = new ArrayList<>();
        for (JsonNode entry : parse(json).path("nftables")) {
            if (entry.has("chain")) {
                chainNodes.add(entry.get("chain"));
            } else if (entry.has("rule")) {
                ruleCounts.merge(entry.get("rule").path("chain").asText(), 1, Integer::sum);
            } else if (entry.has("map")) {
                JsonNode map = entry.get("map");
                Map<String, String> elements = new LinkedHashMap<>();
                for (JsonNode pair : map.path("elem")) {
                    elements.put(value(pair.get(0)), value(pair.get(1)));
                }
                maps.put(map.path("name").asText(), elements);
            } else if (entry.has("set")) {
                JsonNode set = entry.get("set");
                sets.put(set.path("name").asText(), StreamSupport.stream(set.path("elem").spliterator(), false)
                        .map(NftJson::value)
                        .toList());
            }
        }
        for (JsonNode chain : chainNodes) {
            String chainName = chain.path("name").asText();
            chains.put(chainName, new TableState.ChainState(chainName, optional(chain, "type"), optional(chain, "hook"),
                    ruleCounts.getOrDefault(chainName, 0)));
        }
        return new TableState(family, name, chains, sets, maps);
    }

    /** Every table listed by {@code nft -j list tables}, as family and name. */
    static List<Map.Entry<Family, String>> tables(String json) {
        List<Map.Entry<Family, String>> tables = new ArrayList<>();
        for (JsonNode entry : parse(json).path("nftables")) {
            if (entry.has("table")) {
                JsonNode table = entry.get("table");
                tables.add(Map.entry(Family.fromKeyword(table.path("family").asText()), table.path("name").asText()));
            }
        }
        return tables;
    }

    /** An element, key or value in nft syntax: {@code 10.43.0.1 . tcp . 80}, {@code 10.0.0.0/8}, {@code goto x}. */
    static String value(JsonNode node) {
        if (node == null || node.isNull()) {
            return "";
        }
        if (!node.isObject()) {
            return node.asText();
        }
        if (node.has("concat")) {
            return StreamSupport.stream(node.get("concat").spliterator(), false)
                    .map(NftJson::value)
                    .collect(Collectors.joining(" . "));
        }
        if (node.has("prefix")) {
            return value(node.get("prefix").get("addr")) + "/" + node.get("prefix").get("len").asText();
        }
        if (node.has("range")) {
            return value(node.get("range").get(0)) + "-" + value(node.get("range").get(1));
        }
        if (node.has("elem")) {
            return value(node.get("elem").get("val"));
        }
        String verdict = node.fieldNames().next();
        JsonNode target = node.get(verdict).path("target");
        return target.isMissingNode() ? verdict : verdict + " " + target.asText();
    }

    private static Optional<String> optional(JsonNode node, String field) {
        return node.has(field) ? Optional.of(node.get(field).asText()) : Optional.empty();
    }

    private static JsonNode parse(String json) {
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException("nft printed JSON that cannot be read", e);
        }
    }
}
