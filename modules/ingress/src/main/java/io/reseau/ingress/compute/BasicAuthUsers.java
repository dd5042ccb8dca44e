package io.reseau.ingress.compute;

import io.fabric8.kubernetes.api.model.Secret;
import io.reseau.ingress.model.PasswordHashes;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The users of a basic-authentication Secret, as ingress-nginx reads it: an htpasswd file under the key
 * {@code auth} ({@code auth-file}), or one key per user whose value is the hash ({@code auth-map}). A line or entry
 * that cannot be used (no colon, a hash in no format nginx accepts) is reported and left out: that user cannot log
 * in, the others can.
 */
final class BasicAuthUsers {

    /** The users found (name to hash) and what was wrong. */
    record Read(Map<String, String> users, List<String> problems) {
    }

    private BasicAuthUsers() {
    }

    static Read read(Secret secret, boolean authMap) {
        Map<String, String> data = Optional.ofNullable(secret.getData()).orElse(Map.of());
        Map<String, String> users = new LinkedHashMap<>();
        List<String> problems = new ArrayList<>();
        if (authMap) {
            data.forEach((user, hash) -> add(users, problems, user, decode(hash).strip()));
        } else if (!data.containsKey("auth")) {
            problems.add("has no key 'auth' (an htpasswd file)");
        } else {
            int number = 0;
            for (String line : decode(data.get("auth")).split("\r?\n")) {
                number++;
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                int colon = line.indexOf(':');
                if (colon <= 0) {
                    problems.add("line " + number + " of 'auth' is not user:hash");
                    continue;
                }
                add(users, problems, line.substring(0, colon), line.substring(colon + 1).strip());
            }
        }
        if (users.isEmpty() && problems.isEmpty()) {
            problems.add("has no users");
        }
        return new Read(users, problems);
    }

    private static void add(Map<String, String> users, List<String> problems, String user, String hash) {
        if (!PasswordHashes.supported(hash)) {
            problems.add("the password hash of user '" + user + "' is in no format nginx accepts (bcrypt, $apr1$, $1$,"
                    + " $5$, $6$, {SHA}, {PLAIN}, crypt)");
            return;
        }
        users.putIfAbsent(user, hash);
    }

    private static String decode(String base64) {
        return new String(Base64.getMimeDecoder().decode(base64), StandardCharsets.UTF_8);
    }
}
