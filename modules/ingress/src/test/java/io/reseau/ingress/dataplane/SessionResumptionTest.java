package io.reseau.ingress.dataplane;

import static org.assertj.core.api.Assertions.assertThat;

import io.reseau.ingress.model.RoutingTable;
import io.reseau.ingress.testing.HttpBackend;
import io.reseau.ingress.testing.LoopbackPlane;
import io.reseau.ingress.testing.OpensslClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ssl-session-tickets}, {@code ssl-session-cache} and {@code ssl-session-cache-size}: without tickets a TLS
 * 1.2 session is resumed by its ID from the cache, and a TLS 1.3 client is given nothing to resume; without the cache
 * either, no client is; a cache of one session keeps the last.
 */
class SessionResumptionTest {

    private static DataPlaneSettings resuming(boolean tickets, int cachedSessions) {
        return DataPlaneSettings.loopback(0, 0).toBuilder().resumption(new SessionResumption(
                SessionResumption.DEFAULT.timeout(), tickets, Optional.empty(), cachedSessions)).build();
    }

    @RegisterExtension
    final LoopbackPlane noTickets = new LoopbackPlane(resuming(false, SessionResumption.DEFAULT.cachedSessions()));
    @RegisterExtension
    final LoopbackPlane nothing = new LoopbackPlane(resuming(false, 0));
    @RegisterExtension
    final LoopbackPlane oneSession = new LoopbackPlane(resuming(false, SessionResumption.cachedSessions(256)));
    @RegisterExtension
    final LoopbackPlane byDefault = new LoopbackPlane();
    @TempDir
    Path sessions;

    @Test
    void withoutTicketsTls12ResumesByIdAndTls13DoesNot() throws Exception {
        RoutingTable table = SessionTicketKeyTest.table(noTickets.backend(HttpBackend.start("app")));
        noTickets.apply(table);
        byDefault.apply(table);

        Path session = sessionFile();
        assertThat(tls12(noTickets, "-sess_out", session))
                .contains("New, TLSv1.2", "HTTP/1.1 200").doesNotContain("TLS session ticket:");
        assertThat(tls12(noTickets, "-sess_in", session))
                .contains("Reused, TLSv1.2");
        assertThat(tls12(byDefault, "-sess_out", session))
                .contains("TLS session ticket:");
        assertThat(sessionGiven(noTickets, "-tls1_3")).isEmpty();
        assertThat(SessionTicketKeyTest.resumedOn(byDefault, byDefault, "-tls1_3")).contains("Reused, TLSv1.3");
    }

    @Test
    void withoutTheCacheOrTicketsNoSessionIsResumed() throws Exception {
        nothing.apply(SessionTicketKeyTest.table(nothing.backend(HttpBackend.start("app"))));

        assertThat(sessionGiven(nothing, "-tls1_2")).isEmpty();
        assertThat(sessionGiven(nothing, "-tls1_3")).isEmpty();
    }

    /** What {@code openssl s_client} prints for a GET over TLS 1.2, writing or resuming {@code session}. */
    private static String tls12(LoopbackPlane plane, String sessionOption, Path session) throws Exception {
        return OpensslClient.get(plane.httpsPort(), "shop.example", "-tls1_2", sessionOption, session);
    }

    /** A new, empty file for a session openssl writes or reads, removed with the test's directory. */
    private Path sessionFile() throws Exception {
        return Files.createTempFile(sessions, "tls-session", ".pem");
    }

    /** The session the client was given to resume later, as openssl writes it: empty when it was given none. */
    private String sessionGiven(LoopbackPlane plane, String version) throws Exception {
        Path session = sessionFile();
        assertThat(OpensslClient.get(plane.httpsPort(), "shop.example", version, "-sess_out", session))
                .contains("New, TLSv1.", "HTTP/1.1 200");
        return Files.readString(session);
    }

    @Test
    void aCacheOfOneSessionKeepsTheLastOnly() throws Exception {
        oneSession.apply(SessionTicketKeyTest.table(oneSession.backend(HttpBackend.start("app"))));
        Path first = sessionFile();
        Path second = sessionFile();
        tls12(oneSession, "-sess_out", first);
        tls12(oneSession, "-sess_out", second);

        assertThat(tls12(oneSession, "-sess_in", second))
                .contains("Reused, TLSv1.2");
        assertThat(tls12(oneSession, "-sess_in", first))
                .contains("New, TLSv1.2");
    }
}
