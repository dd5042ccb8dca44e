package io.reseau.ingress.dataplane;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.handler.codec.http.DefaultHttpRequest;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpVersion;
import org.junit.jupiter.api.Test;

/** upstream-hash-by's variables filled in from a request. */
class HashKeyTest {

    @Test
    void variables() {
        HttpRequest request = new DefaultHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, "/a/../b?user=7&x=1");
        request.headers().set("X-Tenant", "acme").set("Cookie", "session=s1; other=2");
        RequestHead head = NettyRequestHead.of(request);

        assertThat(HashKey.of("$request_uri|$uri|$args|$host|$remote_addr|$binary_remote_addr", head, "/b",
                "?user=7&x=1", "foo.com", "10.0.0.9")).isEqualTo("/a/../b?user=7&x=1|/b|user=7&x=1|foo.com|10.0.0.9"
                        + "|10.0.0.9");
        assertThat(HashKey.of("$http_x_tenant-$cookie_session-$arg_user-$arg_none-$http_none", head, "/b",
                "?user=7&x=1", "foo.com", "10.0.0.9")).isEqualTo("acme-s1-7--");
    }
}
