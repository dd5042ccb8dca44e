package io.reseau.ingress.dataplane;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** A CGI response's head, read as nginx reads a FastCGI application's. */
class CgiResponseHeadTest {

    private static int end(String bytes) {
        ByteBuf buffer = Unpooled.copiedBuffer(bytes, StandardCharsets.ISO_8859_1);
        return CgiResponseHead.end(buffer);
    }

    @Test
    void theHeadEndsAtItsEmptyLineWhicheverLineEndsItUses() {
        assertThat(end("Content-Type: text/html\r\n\r\nbody")).isEqualTo(27);
        assertThat(end("Content-Type: text/html\n\nbody")).isEqualTo(25);
        assertThat(end("A: 1\r\n\nbody")).isEqualTo(7);
        assertThat(end("\r\nbody")).as("no fields").isEqualTo(2);
        assertThat(end("Content-Type: text/html\r\n")).isEqualTo(-1);
        assertThat(end("Content-Type: text/h")).isEqualTo(-1);
    }

    @Test
    void theStatusFieldGivesTheStatusAndIsNotPassedOn() {
        HttpResponse response = CgiResponseHead.parse("Status: 404 Not Here\r\nContent-Type: text/plain\r\n\r\n");

        assertThat(response.status().code()).isEqualTo(404);
        assertThat(response.status().reasonPhrase()).isEqualTo("Not Here");
        assertThat(response.headers().get("content-type")).isEqualTo("text/plain");
        assertThat(response.headers().contains("status")).isFalse();
        assertThat(CgiResponseHead.parse("Status: 503\n\n").status().reasonPhrase()).isEqualTo("Service Unavailable");
    }

    @Test
    void aLocationWithoutStatusIsAFoundRedirectAndNothingIsOk() {
        assertThat(CgiResponseHead.parse("Location: /there\r\n\r\n").status().code()).isEqualTo(302);
        assertThat(CgiResponseHead.parse("Status: 301\r\nLocation: /there\r\n\r\n").status().code()).isEqualTo(301);
        HttpResponse plain = CgiResponseHead.parse("Set-Cookie: a=1\nSet-Cookie: b=2\n\n");
        assertThat(plain.status().code()).isEqualTo(200);
        assertThat(plain.headers().getAll("set-cookie")).containsExactly("a=1", "b=2");
    }

    @Test
    void aMalformedHeadIsRefused() {
        assertThatThrownBy(() -> CgiResponseHead.parse("no colon here\r\n\r\n"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not a field line");
        assertThatThrownBy(() -> CgiResponseHead.parse("Status: teapot\r\n\r\n"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("is not a status");
        assertThatThrownBy(() -> CgiResponseHead.parse("Bad Name: x\r\n\r\n"))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
