package io.reseau.ingress.dataplane;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.handler.codec.http.DefaultHttpRequest;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpVersion;
import io.reseau.ingress.model.CanaryRule;
import java.util.Optional;
import java.util.function.IntUnaryOperator;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** ingress-nginx's canary rules and their order, one request at a time. */
class CanaryChoiceTest {

    /** By header {@code x-canary}, by cookie {@code canary}, and a weight of 30 out of 100. */
    private static final CanaryRule ALL_THREE = new CanaryRule(Optional.of("x-canary"), Optional.empty(),
            Optional.empty(), Optional.of("canary"), 30, 100, true);
    private static final CanaryRule HEADER_VALUE = new CanaryRule(Optional.of("x-canary"), Optional.of("beta"),
            Optional.empty(), Optional.empty(), 0, 100, true);
    private static final CanaryRule HEADER_PATTERN = new CanaryRule(Optional.of("x-canary"), Optional.empty(),
            Optional.of(Pattern.compile("^(beta|gamma)$")), Optional.empty(), 0, 100, true);

    /** Draws that land inside a weight of 30 (29) and outside it (30). */
    private static final IntUnaryOperator INSIDE = bound -> 29;
    private static final IntUnaryOperator OUTSIDE = bound -> 30;

    static Stream<Arguments> cases() {
        return Stream.of(
                Arguments.of("header always beats cookie and weight", ALL_THREE, "always", "canary=never", OUTSIDE,
                        true),
                Arguments.of("header never beats cookie and weight", ALL_THREE, "never", "canary=always", INSIDE,
                        false),
                Arguments.of("another header value leaves it to the cookie", ALL_THREE, "yes", "canary=always", OUTSIDE,
                        true),
                Arguments.of("cookie never beats the weight", ALL_THREE, null, "canary=never", INSIDE, false),
                Arguments.of("another cookie value leaves it to the weight", ALL_THREE, null, "canary=1", INSIDE, true),
                Arguments.of("the weight alone, inside", ALL_THREE, null, null, INSIDE, true),
                Arguments.of("the weight alone, outside", ALL_THREE, null, null, OUTSIDE, false),
                Arguments.of("the configured value", HEADER_VALUE, "beta", null, OUTSIDE, true),
                Arguments.of("always is only a value when none is configured", HEADER_VALUE, "always", null, OUTSIDE,
                        false),
                Arguments.of("the pattern found", HEADER_PATTERN, "gamma", null, OUTSIDE, true),
                Arguments.of("the pattern not found", HEADER_PATTERN, "delta", null, OUTSIDE, false));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void choice(String name, CanaryRule rule, String header, String cookie, IntUnaryOperator random,
            boolean canary) {
        HttpRequest request = new DefaultHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, "/");
        if (header != null) {
            request.headers().set("X-Canary", header);
        }
        if (cookie != null) {
            request.headers().set("Cookie", "session=1; " + cookie);
        }

        assertThat(CanaryChoice.takes(rule, NettyRequestHead.of(request, 0), random)).isEqualTo(canary);
    }
}
