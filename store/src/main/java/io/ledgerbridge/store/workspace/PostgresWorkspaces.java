package io.ledgerbridge.store.workspace;

import io.ledgerbridge.domain.workspace.WorkspaceId;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jdbi.v3.core.Jdbi;

/**
 * Workspaces and their API keys. A key is {@code lb_} + 32 random bytes (base64url); only its SHA-256 is
 * stored, so a database leak does not leak keys.
 */
public final class PostgresWorkspaces {

    private static final SecureRandom RANDOM = new SecureRandom();

    private final Jdbi jdbi;

    public PostgresWorkspaces(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    public record Workspace(WorkspaceId id, String name, Instant createdAt) {}

    public WorkspaceId create(String name, Instant now) {
        var id = WorkspaceId.random();
        jdbi.useHandle(h -> h.createUpdate("INSERT INTO workspace (id, name, created_at) VALUES (:id, :name, :now)")
                .bind("id", id.value()).bind("name", name).bind("now", now).execute());
        return id;
    }

    public List<Workspace> list() {
        return jdbi.withHandle(h -> h.createQuery("SELECT id, name, created_at FROM workspace ORDER BY created_at")
                .map((rs, ctx) -> new Workspace(new WorkspaceId(rs.getObject("id", UUID.class)), rs.getString("name"),
                        rs.getTimestamp("created_at").toInstant()))
                .list());
    }

    public Optional<Workspace> find(WorkspaceId id) {
        return list().stream().filter(w -> w.id().equals(id)).findFirst();
    }

    /** Creates an API key and returns it; it cannot be read back later. */
    public String createApiKey(WorkspaceId workspace, String label, Instant now) {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        String key = "lb_" + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        jdbi.useHandle(h -> h.createUpdate("""
                        INSERT INTO api_key (id, workspace_id, key_hash, prefix, label, created_at)
                        VALUES (:id, :workspace, :hash, :prefix, :label, :now)""")
                .bind("id", UUID.randomUUID()).bind("workspace", workspace.value()).bind("hash", hash(key))
                .bind("prefix", key.substring(0, 7)).bind("label", label).bind("now", now).execute());
        return key;
    }

    /** The workspace a key belongs to, if the key exists and is not revoked. */
    public Optional<WorkspaceId> authenticate(String key) {
        if (key == null || !key.startsWith("lb_") || key.length() > 100) {
            return Optional.empty();
        }
        return jdbi.withHandle(h -> h.createQuery(
                        "SELECT workspace_id FROM api_key WHERE key_hash = :hash AND revoked_at IS NULL")
                .bind("hash", hash(key)).mapTo(UUID.class).findOne().map(WorkspaceId::new));
    }

    private static String hash(String key) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
