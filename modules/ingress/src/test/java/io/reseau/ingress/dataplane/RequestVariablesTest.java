package io.reseau.ingress.dataplane;

import static io.reseau.ingress.testing.LoggedConnections.PLAIN;
import static org.assertj.core.api.Assertions.assertThat;

import io.netty.handler.codec.http.DefaultHttpRequest;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpVersion;
import io.reseau.ingress.model.NginxVariables;
import java.net.InetAddress;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** nginx variables filled in from a request: upstream-hash-by keys, auth-cache-key, fields set. */
class RequestVariablesTest {

    private final RequestVariables variables = variables("req-1");

    private static RequestVariables variables(String requestId) {
        HttpRequest request = new DefaultHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.POST, "/a/../b?user=7&x=1");
        request.headers().set("X-Tenant", "acme").set("Cookie", "session=s1; other=2");
        return new RequestVariables(NettyRequestHead.of(request, 0), "/b", "foo.com",
                ClientInfo.of(InetAddress.ofLiteral("10.0.0.9"), "40312", true, "8443", Optional.empty(),
                        PLAIN), requestId);
    }

    @Test
    void theRequestsOwnValues() {
        assertThat(variables.expand("$request_uri|$uri|$args|$host|$remote_addr|$binary_remote_addr"))
                .isEqualTo("/a/../b?user=7&x=1|/b|user=7&x=1|foo.com|10.0.0.9|10.0.0.9");
        assertThat(variables.expand("$scheme://$host:$server_port $request_method $request_id"))
                .isEqualTo("https://foo.com:8443 POST req-1");
    }

    @Test
    void fieldsCookiesAndArgumentsAreEmptyWhenMissing() {
        assertThat(variables.expand("$http_x_tenant-$cookie_session-$arg_user-$arg_none-$http_none"))
                .isEqualTo("acme-s1-7--");
        assertThat(variables("").expand("[$request_id]")).isEqualTo("[]");
    }

    @Test
    void argumentsAreAsWrittenTheirNamesComparedInAnyCaseAsNginxs() {
        HttpRequest request = new DefaultHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET,
                "/s?Q=a%20b+c&q=second&flag&empty=&user=7");
        RequestVariables arguments = new RequestVariables(NettyRequestHead.of(request, 0), "/s", "foo.com",
                ClientInfo.of(InetAddress.ofLiteral("10.0.0.9"), "40312", false, "80", Optional.empty(), PLAIN), "");

        assertThat(arguments.value("$arg_q")).isEqualTo("a%20b+c");
        assertThat(arguments.value("$arg_empty")).isEmpty();
        assertThat(arguments.value("$arg_flag")).as("no '=': not an argument to nginx").isNull();
        assertThat(arguments.value("$arg_use")).isNull();
        assertThat(arguments.expand("[$arg_user]")).isEqualTo("[7]");
    }

    @Test
    void msecIsSecondsWithMilliseconds() {
        assertThat(NginxVariables.msec(1_733_416_000_007L)).isEqualTo("1733416000.007");
        assertThat(variables.expand("t=$msec")).matches("t=\\d{10}\\.\\d{3}");
    }
}
