package io.reseau.ingress.dataplane;

import static io.reseau.ingress.testing.LoggedConnections.PLAIN;
import static org.assertj.core.api.Assertions.assertThat;

import io.netty.handler.codec.http.DefaultHttpRequest;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpVersion;
import io.reseau.ingress.model.FastCgi;
import io.reseau.ingress.model.HeaderEdits;
import io.reseau.ingress.model.NginxVariables;
import java.net.InetAddress;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The CGI parameters a FastCGI backend is sent, as nginx sends them with ingress-nginx's configuration. */
class FastCgiParamsTest {

    private static final ClientInfo TLS_CLIENT = ClientInfo.of(InetAddress.ofLiteral("10.0.0.9"), "40312", true,
            "443", Optional.empty(), PLAIN);

    private static Map<String, String> params(HttpRequest request, String pathAndQuery, FastCgi fastCgi) {
        RequestHead head = NettyRequestHead.of(request, 0);
        return FastCgiParams.of(head, head.headers(), pathAndQuery, TLS_CLIENT, "shop.example", fastCgi,
                () -> new RequestVariables(head, "/cart/", "shop.example", TLS_CLIENT, "req-1"));
    }

    @Test
    void nginxsStandardParametersInItsOrderThenTheFields() {
        HttpRequest request = new DefaultHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.POST, "/cart/?add=7");
        request.headers().set("Content-Type", "application/json").set("Content-Length", "12")
                .set("Accept-Language", "fr").add("Cookie", "a=1").add("Cookie", "b=2");

        Map<String, String> params = params(request, "/app/cart/?add=7", new FastCgi("index.php", List.of()));

        assertThat(params).containsExactly(Map.entry("QUERY_STRING", "add=7"), Map.entry("REQUEST_METHOD", "POST"),
                Map.entry("CONTENT_TYPE", "application/json"), Map.entry("CONTENT_LENGTH", "12"),
                Map.entry("SCRIPT_NAME", "/app/cart/index.php"), Map.entry("REQUEST_URI", "/cart/?add=7"),
                Map.entry("DOCUMENT_URI", "/app/cart/"), Map.entry("SERVER_PROTOCOL", "HTTP/1.1"),
                Map.entry("REQUEST_SCHEME", "https"), Map.entry("HTTPS", "on"),
                Map.entry("GATEWAY_INTERFACE", "CGI/1.1"), Map.entry("SERVER_SOFTWARE", "reseau"),
                Map.entry("REMOTE_ADDR", "10.0.0.9"), Map.entry("REMOTE_PORT", "40312"),
                Map.entry("SERVER_PORT", "443"), Map.entry("SERVER_NAME", "shop.example"),
                Map.entry("REDIRECT_STATUS", "200"), Map.entry("HTTP_CONTENT_TYPE", "application/json"),
                Map.entry("HTTP_CONTENT_LENGTH", "12"), Map.entry("HTTP_ACCEPT_LANGUAGE", "fr"),
                Map.entry("HTTP_COOKIE", "a=1; b=2"));
    }

    @Test
    void theRoutesParametersReplaceOrFollowTheStandardOnesWithTheirVariablesFilledIn() {
        HttpRequest request = new DefaultHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, "/a%20b+c.php?x=1");
        request.headers().set("X-Tenant", "acme");

        Map<String, String> params = params(request, "/a%20b+c.php?x=1", new FastCgi("", List.of(
                new HeaderEdits.Field("SCRIPT_FILENAME", "/srv$fastcgi_script_name"),
                new HeaderEdits.Field("SERVER_SOFTWARE", "php-front"),
                new HeaderEdits.Field("TENANT", "$http_x_tenant/$query_string/$https/$request_id"))));

        assertThat(params).containsEntry("SCRIPT_NAME", "/a b+c.php")
                .containsEntry("SCRIPT_FILENAME", "/srv/a b+c.php")
                .containsEntry("SERVER_SOFTWARE", "php-front").containsEntry("TENANT", "acme/x=1/on/req-1");
        assertThat(List.copyOf(params.keySet())).containsSubsequence("REDIRECT_STATUS", "SCRIPT_FILENAME", "TENANT",
                "HTTP_X_TENANT");
    }

    @Test
    void valuesAreBytesAsTheRequestCarriedThemAndTheRoutesTextAsUtf8() {
        HttpRequest request = new DefaultHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, "/caf%C3%A9.php");
        // A field as read off the wire: one char per byte.
        request.headers().set("X-Raw", "\u00e9t\u00e9");

        Map<String, String> params = params(request, "/caf%C3%A9.php", new FastCgi("", List.of(
                new HeaderEdits.Field("TITLE", "café $http_x_raw"))));

        assertThat(params).containsEntry("SCRIPT_NAME", "/caf\u00c3\u00a9.php")
                .containsEntry("HTTP_X_RAW", "\u00e9t\u00e9")
                .containsEntry("TITLE", "caf\u00c3\u00a9 \u00e9t\u00e9");
    }

    @Test
    void aPathThatCannotBeDecodedIsSentAsItIs() {
        HttpRequest request = new DefaultHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, "/bad%zz.php");

        assertThat(params(request, "/bad%zz.php", FastCgi.NONE)).containsEntry("SCRIPT_NAME", "/bad%zz.php");
    }

    @Test
    void underscoredFieldsAndProxyAreNotSent() {
        HttpRequest request = new DefaultHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, "/");
        request.headers().set("X_Real_IP", "6.6.6.6").set("Proxy", "http://evil.example").set("X-Real-IP", "1.2.3.4");

        Map<String, String> params = params(request, "/", FastCgi.NONE);

        assertThat(params).containsEntry("HTTP_X_REAL_IP", "1.2.3.4").doesNotContainKey("HTTP_PROXY")
                .containsEntry("SCRIPT_NAME", "/").hasSize(17 + 1);
    }

    @Test
    void everyFastCgiVariableTheTranslationAcceptsIsFilledIn() {
        assertThat(NginxVariables.FAST_CGI_PARAMETERS).hasSize(9);
        for (String variable : NginxVariables.FAST_CGI_PARAMETERS.keySet()) {
            assertThat(NginxVariables.fastCgiVariable(variable)).isTrue();
            HttpRequest request = new DefaultHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, "/x.php?q=1");
            Map<String, String> params = params(request, "/x.php?q=1",
                    new FastCgi("", List.of(new HeaderEdits.Field("V", "[" + variable + "]"))));
            assertThat(params.get("V")).as(variable).isNotEqualTo("[" + variable + "]");
        }
        assertThat(NginxVariables.fastCgiVariable("$document_root")).isFalse();
    }
}
