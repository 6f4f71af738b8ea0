package io.ledgerbridge.dashboard.connections;

import static org.assertj.core.api.Assertions.assertThat;

import io.ledgerbridge.dashboard.connections.PostgresOAuthStates.Claim;
import io.ledgerbridge.domain.workspace.WorkspaceId;
import io.ledgerbridge.engine.connection.TokenSet;
import io.ledgerbridge.store.connection.PostgresConnections;
import io.ledgerbridge.store.connection.TokenCipher;
import io.ledgerbridge.store.db.Database;
import io.ledgerbridge.store.testing.TestDatabase;
import io.ledgerbridge.store.workspace.PostgresWorkspaces;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The OAuth states on a real PostgreSQL: used once, by their own session, within ten minutes; what is wrong is told. */
class PostgresOAuthStatesIT {

    private static final Instant T0 = Instant.parse("2026-11-02T09:00:00Z");
    private static Database db;
    private static PostgresOAuthStates states;
    private static WorkspaceId acme;
    private static WorkspaceId globex;
    private static OAuthState.Reconnect reconnectBooks;

    @BeforeAll
    static void start() {
        db = TestDatabase.fresh(8);
        states = new PostgresOAuthStates(db.jdbi());
        var workspaces = new PostgresWorkspaces(db.jdbi());
        acme = workspaces.create("Acme", T0);
        globex = workspaces.create("Globex", T0);
        var connections = new PostgresConnections(db.jdbi(), TokenCipher.fromJsonKeyset(TokenCipher.newJsonKeyset()));
        reconnectBooks = new OAuthState.Reconnect(connections.create(acme, "quickbooks", "Acme Books", Map.of("realmId", "1"),
                new TokenSet("a", "r", null), T0));
    }

    @AfterAll
    static void stop() {
        db.close();
    }

    private static OAuthState connect(WorkspaceId workspace, String session) {
        return new OAuthState(workspace, session, new OAuthState.Connect("Acme Books"), "quickbooks",
                Map.of("baseUrl", "https://quickbooks.example", "tokenUrl", "https://quickbooks.example/token"),
                "http://127.0.0.1:8081/oauth/callback");
    }

    @Test
    void a_state_is_claimed_once_with_everything_it_stands_for_and_then_reads_as_already_used() {
        var started = connect(acme, "session-1");
        String state = states.begin(started, T0);
        assertThat(state).hasSizeGreaterThanOrEqualTo(43).matches("[A-Za-z0-9_-]+");

        var first = states.claim(state, acme, "session-1", T0.plusSeconds(30));
        assertThat(first).isEqualTo(new Claim.Claimed(started));
        assertThat(states.claim(state, acme, "session-1", T0.plusSeconds(31))).isEqualTo(new Claim.AlreadyUsed(started));
    }

    @Test
    void a_reconnect_state_keeps_its_connection() {
        var started = new OAuthState(acme, "session-r", reconnectBooks, "quickbooks", Map.of(), "https://lb.example/oauth/callback");
        String state = states.begin(started, T0);
        assertThat(states.claim(state, acme, "session-r", T0)).isEqualTo(new Claim.Claimed(started));
    }

    @Test
    void only_the_state_hash_is_stored() {
        String state = states.begin(connect(acme, "session-h"), T0);
        long plain = db.jdbi().withHandle(h -> h.createQuery("SELECT count(*) FROM oauth_state WHERE state_hash = :s OR "
                + "session_key = :s").bind("s", state).mapTo(Long.class).one());
        assertThat(plain).isZero();
    }

    @Test
    void an_unknown_or_empty_state_is_unknown() {
        assertThat(states.claim("forged-state", acme, "session-1", T0)).isEqualTo(new Claim.Unknown());
        assertThat(states.claim(null, acme, "session-1", T0)).isEqualTo(new Claim.Unknown());
        assertThat(states.claim("", acme, "session-1", T0)).isEqualTo(new Claim.Unknown());
    }

    @Test
    void a_state_brought_back_after_ten_minutes_is_expired_and_stays_unused() {
        var started = connect(acme, "session-2");
        String state = states.begin(started, T0);
        var late = T0.plus(PostgresOAuthStates.LIFETIME).plusSeconds(1);
        assertThat(states.claim(state, acme, "session-2", late)).isEqualTo(new Claim.Expired(started));
        assertThat(states.claim(state, acme, "session-2", late.plusSeconds(5))).isEqualTo(new Claim.Expired(started));
    }

    @Test
    void another_session_or_workspace_cannot_use_a_state_and_does_not_use_it_up() {
        String state = states.begin(connect(acme, "session-3"), T0);
        assertThat(states.claim(state, acme, "session-other", T0)).isEqualTo(new Claim.NotYours());
        assertThat(states.claim(state, globex, "session-3", T0)).isEqualTo(new Claim.NotYours());
        assertThat(states.claim(state, acme, "session-3", T0)).isInstanceOf(Claim.Claimed.class);
        assertThat(states.claim(state, globex, "session-3", T0)).isEqualTo(new Claim.NotYours());
    }

    @Test
    void of_many_callbacks_with_the_same_state_at_once_exactly_one_claims_it() throws Exception {
        String state = states.begin(connect(acme, "session-4"), T0);
        var tasks = new ArrayList<Callable<Claim>>();
        for (int i = 0; i < 8; i++) {
            tasks.add(() -> states.claim(state, acme, "session-4", T0.plusSeconds(1)));
        }
        List<Claim> claims;
        try (var pool = Executors.newFixedThreadPool(8)) {
            claims = pool.invokeAll(tasks).stream().map(f -> {
                try {
                    return f.get();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }).toList();
        }
        assertThat(claims).filteredOn(c -> c instanceof Claim.Claimed).hasSize(1);
        assertThat(claims).filteredOn(c -> c instanceof Claim.AlreadyUsed).hasSize(7);
    }

    @Test
    void states_older_than_a_day_are_deleted_by_later_round_trips() {
        String old = states.begin(connect(globex, "session-5"), T0);
        states.begin(connect(globex, "session-6"), T0.plus(PostgresOAuthStates.KEPT).plus(Duration.ofMinutes(11)));
        assertThat(states.claim(old, globex, "session-5", T0.plus(PostgresOAuthStates.KEPT))).isEqualTo(new Claim.Unknown());
    }
}
