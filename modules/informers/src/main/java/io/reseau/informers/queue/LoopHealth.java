package io.reseau.informers.queue;

import java.time.Instant;
import java.util.Optional;

/** A control loop as liveness sees it: stuck or not, and why. */
public interface LoopHealth {

    String name();

    /** Why the loop is stuck at {@code now}, or empty if it is making progress. */
    Optional<String> stuck(Instant now);
}
