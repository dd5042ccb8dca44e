package io.reseau.hostnet.link;

import io.reseau.hostnet.exec.ProcessRunner;
import java.util.regex.Pattern;

/** Kernel parameters of one namespace (the {@code net.*} ones are per namespace). */
public final class Sysctls {

    private static final Pattern KEY = Pattern.compile("[a-z0-9_]+(\\.[A-Za-z0-9_\\-]+)+");

    private final ProcessRunner sysctl;

    public Sysctls(ProcessRunner sysctl) {
        this.sysctl = sysctl;
    }

    public void set(String key, String value) {
        sysctl.check("sysctl", "-q", "-w", requireKey(key) + "=" + value);
    }

    public String get(String key) {
        return sysctl.check("sysctl", "-n", requireKey(key)).strip();
    }

    private static String requireKey(String key) {
        if (!KEY.matcher(key).matches()) {
            throw new IllegalArgumentException("not a sysctl key: '" + key + "'");
        }
        return key;
    }
}
