package io.reseau.hostnet.link;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Reads the JSON that {@code ip -json} and {@code bridge -json} print. */
final class IpJson {

    private static final ObjectMapper JSON = new ObjectMapper();

    private IpJson() {
    }

    static List<JsonNode> array(String json) {
        if (json.isBlank()) {
            return List.of();
        }
        try {
            List<JsonNode> items = new ArrayList<>();
            JSON.readTree(json).forEach(items::add);
            return items;
        } catch (IOException e) {
            throw new UncheckedIOException("iproute2 printed JSON that cannot be read: " + json, e);
        }
    }

    static Optional<String> text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? Optional.empty() : Optional.of(value.asText());
    }
}
