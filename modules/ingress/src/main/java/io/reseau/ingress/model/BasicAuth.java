package io.reseau.ingress.model;

import java.util.Map;

/**
 * {@code auth-type: basic}: requests need a user and password that match one of {@code users} (user name to
 * htpasswd hash), else they get 401 with {@code realm}. {@code secret} ({@code namespace/name}) is where the users
 * came from, for messages.
 */
public record BasicAuth(String secret, String realm, Map<String, String> users) {

    public BasicAuth {
        users = Map.copyOf(users);
    }
}
