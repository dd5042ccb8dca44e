package io.reseau.hostnet.link;

import java.util.regex.Pattern;

/** The kernel's rule for interface names: 1 to 15 characters, no '/', no whitespace, no ':'. */
final class Interfaces {

    private static final Pattern NAME = Pattern.compile("[^/\\s:]{1,15}");

    private Interfaces() {
    }

    static String requireName(String name) {
        if (name == null || !NAME.matcher(name).matches() || name.equals(".") || name.equals("..")) {
            throw new IllegalArgumentException("not a valid interface name: '" + name
                    + "' (1 to 15 characters, no '/', ':' or whitespace)");
        }
        return name;
    }
}
