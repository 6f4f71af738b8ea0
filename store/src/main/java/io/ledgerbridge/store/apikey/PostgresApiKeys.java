package io.ledgerbridge.store.apikey;

import io.ledgerbridge.domain.workspace.WorkspaceId;
import io.ledgerbridge.store.audit.PostgresAuditLog;
import io.ledgerbridge.store.secret.Secrets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.jdbi.v3.core.Jdbi;

/**
 * A workspace's API keys. A key is {@code lb_} + 32 random bytes (base64url), shown once when created; only its
 * SHA-256 is stored, so a database leak does not leak keys. People tell keys apart by their label and their prefix
 * (the first 8 characters, "lb_AbC1x"). A key can be read-only (GET only).
 *
 * <p>A revoked key is refused from the next request on, on every node. Without {@link #listenForRevocations} every
 * check reads the database. With it (a node's API does so), keys found valid are kept in memory, and a revocation,
 * wherever it is made (dashboard, API, command line, another node), is announced by PostgreSQL ({@code NOTIFY
 * api_key_revoked} in the revoking transaction, delivered when it commits) to every node listening, which forgets the
 * key at once. While a node cannot listen (its connection lost), it keeps nothing and reads the database every time.
 */
public final class PostgresApiKeys {

    static final int PREFIX_LENGTH = 8;
    /** "Last used" is written at most this often per key, so that a busy key does not write on every request. */
    static final Duration LAST_USED_RESOLUTION = Duration.ofMinutes(1);

    /** A key as listed: never the key itself. */
    public record ApiKey(UUID id, String prefix, String label, boolean readOnly, Instant createdAt,
            Optional<Instant> lastUsedAt, Optional<Instant> revokedAt, Optional<String> revokedBy) {
        /** How the audit log and the pages name the key: "lb_AbC1x (Web shop)". */
        public String name() {
            return PostgresApiKeys.name(prefix, label);
        }
    }

    /** A key just created: {@code key} is shown this once. */
    public record Created(ApiKey apiKey, String key) {}

    /** What a request's key grants. */
    public record Grant(WorkspaceId workspace, UUID keyId, String name, boolean readOnly) {}

    /** The channel revocations are announced on; the payload is the revoked key's hash. */
    static final String CHANNEL = "api_key_revoked";
    /** A key kept in memory is read again after this long, whatever is announced. */
    static final Duration KEPT = Duration.ofMinutes(5);

    private final Jdbi jdbi;
    private final Map<UUID, Instant> lastWritten = new ConcurrentHashMap<>();
    private final Map<String, Kept> valid = new ConcurrentHashMap<>();
    /** Moves on with every announcement, so that a check that read the database before one does not keep what it read. */
    private final java.util.concurrent.atomic.AtomicLong announcements = new java.util.concurrent.atomic.AtomicLong();
    private volatile boolean listening;

    private record Kept(Authentication.Granted granted, Instant at) {}

    public PostgresApiKeys(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    /** Creates a key; with {@code actor}, the creation is in the audit log. */
    public Created create(WorkspaceId workspace, String label, boolean readOnly, Optional<String> actor, Instant now) {
        String key = "lb_" + Secrets.random(32);
        var id = UUID.randomUUID();
        String clean = label == null || label.isBlank() ? null : label.strip();
        if (clean != null && clean.length() > 100) {
            throw new IllegalArgumentException("a key's name can be at most 100 characters");
        }
        var apiKey = new ApiKey(id, key.substring(0, PREFIX_LENGTH), clean, readOnly, now, Optional.empty(), Optional.empty(),
                Optional.empty());
        jdbi.useTransaction(h -> {
            h.createUpdate("""
                            INSERT INTO api_key (id, workspace_id, key_hash, prefix, label, read_only, created_at)
                            VALUES (:id, :workspace, :hash, :prefix, :label, :readOnly, :now)""")
                    .bind("id", id).bind("workspace", workspace.value()).bind("hash", Secrets.fingerprint(key))
                    .bind("prefix", apiKey.prefix()).bind("label", clean).bind("readOnly", readOnly).bind("now", now)
                    .execute();
            actor.ifPresent(a -> PostgresAuditLog.record(h, new PostgresAuditLog.Entry(workspace, a, "key.create",
                    "key:" + id, "Created API key " + apiKey.name() + (readOnly ? ", read-only" : ""),
                    Map.of(), Map.of("readOnly", readOnly)), now));
        });
        return new Created(apiKey, key);
    }

    /** The workspace's keys, newest first, revoked ones included (they say when and by whom). */
    public List<ApiKey> list(WorkspaceId workspace) {
        return jdbi.withHandle(h -> list(h, workspace));
    }

    private static List<ApiKey> list(org.jdbi.v3.core.Handle h, WorkspaceId workspace) {
        return h.createQuery("""
                        SELECT id, prefix, label, read_only, created_at, last_used_at, revoked_at, revoked_by
                          FROM api_key WHERE workspace_id = :w ORDER BY created_at DESC, id""")
                .bind("w", workspace.value())
                .map((rs, ctx) -> new ApiKey(rs.getObject("id", UUID.class), rs.getString("prefix"), rs.getString("label"),
                        rs.getBoolean("read_only"), rs.getTimestamp("created_at").toInstant(),
                        Optional.ofNullable(rs.getTimestamp("last_used_at")).map(java.sql.Timestamp::toInstant),
                        Optional.ofNullable(rs.getTimestamp("revoked_at")).map(java.sql.Timestamp::toInstant),
                        Optional.ofNullable(rs.getString("revoked_by"))))
                .list();
    }

    /** A key of the workspace by its id or its prefix. */
    public Optional<ApiKey> find(WorkspaceId workspace, String idOrPrefix) {
        return list(workspace).stream()
                .filter(k -> k.id().toString().equals(idOrPrefix) || k.prefix().equals(idOrPrefix)).findFirst();
    }

    /**
     * Revokes a key of the workspace; the next request with it is refused. Empty when the workspace has no such key;
     * revoking a revoked key changes nothing and says so.
     */
    public Optional<ApiKey> revoke(WorkspaceId workspace, UUID id, String actor, Instant now) {
        return jdbi.inTransaction(h -> {
            var revokedHash = h.createQuery("""
                            UPDATE api_key SET revoked_at = :now, revoked_by = :actor
                             WHERE id = :id AND workspace_id = :w AND revoked_at IS NULL
                            RETURNING key_hash""")
                    .bind("now", now).bind("actor", actor).bind("id", id).bind("w", workspace.value())
                    .mapTo(String.class).findOne();
            int changed = revokedHash.isPresent() ? 1 : 0;
            revokedHash.ifPresent(hash -> h.createQuery("SELECT pg_notify(:channel, :hash)")
                    .bind("channel", CHANNEL).bind("hash", hash).mapTo(String.class).one());
            var key = list(h, workspace).stream().filter(k -> k.id().equals(id)).findFirst();
            if (changed == 1) {
                PostgresAuditLog.record(h, new PostgresAuditLog.Entry(workspace, actor, "key.revoke", "key:" + id,
                        "Revoked API key " + key.map(ApiKey::name).orElse(id.toString()),
                        Map.of("revoked", false), Map.of("revoked", true)), now);
            }
            return key;
        });
    }

    /** What a request's key turned out to be. */
    public sealed interface Authentication {
        record Granted(Grant grant) implements Authentication {}

        /** A key that was revoked: refused, and the holder is told when, so they know to ask for a new one. */
        record Revoked(String name, Instant at) implements Authentication {}

        record Unknown() implements Authentication {}
    }

    /** What a key grants, if it exists and is not revoked; notes when it was used. */
    public Authentication authenticate(String key, Instant now) {
        if (key == null || !key.startsWith("lb_") || key.length() > 100) {
            return new Authentication.Unknown();
        }
        String hash = Secrets.fingerprint(key);
        var kept = listening ? valid.get(hash) : null;
        if (kept != null && kept.at().plus(KEPT).isAfter(now)) {
            noteUse(kept.granted().grant().keyId(), now);
            return kept.granted();
        }
        long before = announcements.get();
        var found = jdbi.withHandle(h -> h.createQuery("""
                        SELECT id, workspace_id, prefix, label, read_only, revoked_at FROM api_key WHERE key_hash = :hash""")
                .bind("hash", hash)
                .map((rs, ctx) -> {
                    String label = rs.getString("label");
                    String name = name(rs.getString("prefix"), label);
                    var revoked = rs.getTimestamp("revoked_at");
                    return revoked != null ? (Authentication) new Authentication.Revoked(name, revoked.toInstant())
                            : new Authentication.Granted(new Grant(new WorkspaceId(rs.getObject("workspace_id", UUID.class)),
                                    rs.getObject("id", UUID.class), name, rs.getBoolean("read_only")));
                })
                .findOne()).orElse(new Authentication.Unknown());
        if (found instanceof Authentication.Granted g) {
            if (listening && announcements.get() == before) {
                valid.put(hash, new Kept(g, now));
            }
            noteUse(g.grant().keyId(), now);
        }
        return found;
    }

    /**
     * Listens, on a connection of its own, for revocations announced by any node, and from then on keeps keys found
     * valid in memory. Stopped by closing what it returns. A lost connection makes it keep nothing until it listens
     * again (tried every second).
     */
    public AutoCloseable listenForRevocations(javax.sql.DataSource dataSource) {
        var stop = new java.util.concurrent.atomic.AtomicBoolean();
        var thread = Thread.ofPlatform().daemon().name("lb-key-revocations").start(() -> {
            while (!stop.get()) {
                try (var connection = dataSource.getConnection()) {
                    connection.setAutoCommit(true);
                    try (var st = connection.createStatement()) {
                        st.execute("LISTEN " + CHANNEL);
                    }
                    var pg = connection.unwrap(org.postgresql.PGConnection.class);
                    forgetAll();
                    listening = true;
                    while (!stop.get()) {
                        var notes = pg.getNotifications(1000);
                        if (notes != null) {
                            for (var n : notes) {
                                announcements.incrementAndGet();
                                valid.remove(n.getParameter());
                            }
                        }
                        if (connection.isClosed()) {
                            throw new java.sql.SQLException("the connection listening for revocations closed");
                        }
                    }
                } catch (java.sql.SQLException | RuntimeException lost) {
                    listening = false;
                    forgetAll();
                    if (!stop.get()) {
                        org.slf4j.LoggerFactory.getLogger(PostgresApiKeys.class).warn(
                                "not listening for API key revocations ({}); every key is read from the database until it "
                                        + "listens again", lost.toString());
                        try {
                            Thread.sleep(1000);
                        } catch (InterruptedException e) {
                            return;
                        }
                    }
                }
            }
            listening = false;
            forgetAll();
        });
        return () -> {
            stop.set(true);
            thread.join(5000);
        };
    }

    /** Whether keys are kept in memory now (listening for revocations). */
    public boolean keepsKeys() {
        return listening;
    }

    private void forgetAll() {
        announcements.incrementAndGet();
        valid.clear();
    }

    private void noteUse(UUID id, Instant now) {
        var last = lastWritten.get(id);
        if (last != null && last.plus(LAST_USED_RESOLUTION).isAfter(now)) {
            return;
        }
        lastWritten.put(id, now);
        jdbi.useHandle(h -> h.createUpdate("""
                        UPDATE api_key SET last_used_at = :now
                         WHERE id = :id AND (last_used_at IS NULL OR last_used_at < :now)""")
                .bind("now", now).bind("id", id).execute());
    }

    /** How a key is named to people: "lb_AbC1x… (Web shop)". */
    static String name(String prefix, String label) {
        return prefix + "…" + (label == null || label.isBlank() ? "" : " (" + label + ")");
    }
}
