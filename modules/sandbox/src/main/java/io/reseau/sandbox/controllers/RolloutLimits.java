package io.reseau.sandbox.controllers;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.RollingUpdateDeployment;
import java.util.Optional;

/**
 * How far a rolling update may go, resolved against the Deployment's replicas as kube-controller-manager does:
 * {@code maxSurge} Pods above replicas (a percentage rounds up), {@code maxUnavailable} below (rounds down); both
 * 25 % when not given, and one unavailable allowed when both come to zero. Pure.
 */
record RolloutLimits(int maxSurge, int maxUnavailable) {

    private static final IntOrString DEFAULT = new IntOrString("25%");

    static RolloutLimits of(Deployment deployment, int replicas) {
        String name = deployment.getMetadata().getNamespace() + "/" + deployment.getMetadata().getName();
        Optional<RollingUpdateDeployment> rolling = Optional.ofNullable(deployment.getSpec().getStrategy())
                .map(strategy -> strategy.getRollingUpdate());
        IntOrString surge = rolling.map(RollingUpdateDeployment::getMaxSurge).orElse(DEFAULT);
        IntOrString unavailable = rolling.map(RollingUpdateDeployment::getMaxUnavailable).orElse(DEFAULT);
        int maxSurge = resolve(surge, replicas, true, name, "maxSurge");
        int maxUnavailable = resolve(unavailable, replicas, false, name, "maxUnavailable");
        if (isZero(surge) && isZero(unavailable)) {
            throw new IllegalArgumentException("Deployment " + name + ": maxSurge and maxUnavailable are both 0, so "
                    + "no rolling update could make progress; allow one of them at least 1");
        }
        return new RolloutLimits(maxSurge, maxSurge == 0 && maxUnavailable == 0 ? 1 : maxUnavailable);
    }

    private static int resolve(IntOrString value, int replicas, boolean roundUp, String deployment, String field) {
        if (value.getIntVal() != null) {
            if (value.getIntVal() < 0) {
                throw new IllegalArgumentException("Deployment " + deployment + ": " + field + " must not be "
                        + "negative, got " + value.getIntVal());
            }
            return value.getIntVal();
        }
        String text = value.getStrVal();
        if (text == null || !text.matches("[0-9]{1,3}%")) {
            throw new IllegalArgumentException("Deployment " + deployment + ": " + field + " must be a number or a "
                    + "percentage such as 25%, got '" + text + "'");
        }
        int percent = Integer.parseInt(text.substring(0, text.length() - 1));
        return roundUp ? (replicas * percent + 99) / 100 : replicas * percent / 100;
    }

    private static boolean isZero(IntOrString value) {
        return Integer.valueOf(0).equals(value.getIntVal()) || "0%".equals(value.getStrVal());
    }
}
