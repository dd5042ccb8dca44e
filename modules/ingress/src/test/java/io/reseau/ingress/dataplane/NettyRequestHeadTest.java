package io.reseau.ingress.dataplane;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.handler.codec.http.DefaultHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import org.junit.jupiter.api.Test;

/** The fields of a request held as a Netty object (an HTTP/2 client's), as the request checks read them. */
class NettyRequestHeadTest {

    private static NettyRequestHead head(String... fields) {
        HttpRequest request = new DefaultHttpRequest(Http2Requests.VERSION, HttpMethod.GET, "/");
        for (int i = 0; i < fields.length; i += 2) {
            request.headers().add(fields[i], fields[i + 1]);
        }
        return NettyRequestHead.of(request, 0);
    }

    @Test
    void countsAFieldsOccurrencesWhateverTheCaseOfTheirNames() {
        assertThat(head().count(HttpHeaderNames.HOST)).isZero();
        assertThat(head("host", "a.com").count(HttpHeaderNames.HOST)).isEqualTo(1);
        assertThat(head("host", "a.com", "Host", "b.com", "x", "y").count(HttpHeaderNames.HOST)).isEqualTo(2);
    }

    @Test
    void givesAFieldsValuesInOrderAndNoneForAnAbsentField() {
        NettyRequestHead head = head("transfer-encoding", "gzip", "x", "y", "Transfer-Encoding", "chunked");

        assertThat(head.values(HttpHeaderNames.TRANSFER_ENCODING)).containsExactly("gzip", "chunked");
        assertThat(head.values(HttpHeaderNames.CONTENT_LENGTH)).isEmpty();
        assertThat(RequestChecks.check(head("host", "a.com", "host", "b.com"))).get()
                .extracting(RequestChecks.Refusal::reason).asString().contains("exactly one Host");
    }
}
