package io.reseau.hostnet.rtnetlink;

/** A link as rtnetlink reports it; {@code master} is the bridge's index, 0 when enslaved to none. */
public record LinkState(int index, String name, String mac, int mtu, boolean up, int master) {
}
