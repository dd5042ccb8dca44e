package io.reseau.proxy.compute;

import static org.assertj.core.api.Assertions.assertThat;

import io.reseau.proxy.model.Endpoint;
import java.util.List;
import org.junit.jupiter.api.Test;

class EndpointSelectionTest {

    private static final Endpoint READY_HERE = new Endpoint("10.42.1.5", 8080, "n1", true, true, false);
    private static final Endpoint READY_THERE = new Endpoint("10.42.2.5", 8080, "n2", true, true, false);
    private static final Endpoint DRAINING_HERE = new Endpoint("10.42.1.6", 8080, "n1", false, true, true);
    private static final Endpoint GONE_THERE = new Endpoint("10.42.2.6", 8080, "n2", false, false, true);
    private static final Endpoint STARTING_HERE = new Endpoint("10.42.1.7", 8080, "n1", false, false, false);

    @Test
    void readyEndpointsTakeTrafficAndTerminatingOnesDoNotWhileAnyIsReady() {
        EndpointSelection selection = EndpointSelection.of(
                List.of(READY_HERE, READY_THERE, DRAINING_HERE, GONE_THERE, STARTING_HERE), "n1");

        assertThat(selection.cluster()).containsExactly(READY_HERE, READY_THERE);
        assertThat(selection.local()).containsExactly(READY_HERE);
    }

    @Test
    void withNoReadyEndpointServingTerminatingOnesDrainTheTraffic() {
        EndpointSelection selection = EndpointSelection.of(List.of(DRAINING_HERE, GONE_THERE, STARTING_HERE), "n1");

        assertThat(selection.cluster()).containsExactly(DRAINING_HERE);
        assertThat(selection.local()).containsExactly(DRAINING_HERE);
    }

    @Test
    void theLocalChoiceFallsBackOnItsOwnEvenWhenOtherNodesHaveReadyEndpoints() {
        EndpointSelection selection = EndpointSelection.of(List.of(READY_THERE, DRAINING_HERE), "n1");

        assertThat(selection.cluster()).containsExactly(READY_THERE);
        assertThat(selection.local()).containsExactly(DRAINING_HERE);
    }
}
