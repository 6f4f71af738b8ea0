package io.ledgerbridge.app.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * Everything a node is configured with, read from environment variables (see the README's table); command-line
 * options override them. Checked when built: a bad value stops the start with a sentence naming the variable.
 */
public record AppConfig(String jdbcUrl, String dbUser, String dbPassword, int dbPool, Path dataDir, String tokenKeyset,
        String host, int port, int dashboardPort, String nodeId, int workers, int batchSize, Duration lease,
        int pollSeconds, String dashboardUrl) {

    public AppConfig {
        if (dashboardUrl != null && !dashboardUrl.isBlank() && !dashboardUrl.matches("https?://[^/\\s]+/?")) {
            throw new IllegalArgumentException("LEDGERBRIDGE_DASHBOARD_URL must be the dashboard's address as people reach "
                    + "it, like https://lb.example.com, got '" + dashboardUrl + "'");
        }
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("LEDGERBRIDGE_PORT must be a port number, got " + port);
        }
        if (dashboardPort < 0 || dashboardPort > 65535) {
            throw new IllegalArgumentException("LEDGERBRIDGE_DASHBOARD_PORT must be a port number, got " + dashboardPort);
        }
        if (workers < 1 || workers > 256) {
            throw new IllegalArgumentException("LEDGERBRIDGE_WORKERS must be between 1 and 256, got " + workers);
        }
        if (batchSize < 1 || batchSize > 1000) {
            throw new IllegalArgumentException("LEDGERBRIDGE_BATCH_SIZE must be between 1 and 1000, got " + batchSize);
        }
        if (dbPool < 2) {
            throw new IllegalArgumentException("LEDGERBRIDGE_DB_POOL must be at least 2, got " + dbPool);
        }
        if (pollSeconds < 1) {
            throw new IllegalArgumentException("LEDGERBRIDGE_POLL_SECONDS must be at least 1, got " + pollSeconds);
        }
        if (lease.toSeconds() < 2) {
            throw new IllegalArgumentException("LEDGERBRIDGE_LEASE_SECONDS must be at least 2");
        }
    }

    public boolean embedded() {
        return jdbcUrl == null || jdbcUrl.isBlank();
    }

    public static AppConfig fromEnvironment(Map<String, String> env) {
        return new AppConfig(
                env.get("LEDGERBRIDGE_JDBC_URL"),
                env.getOrDefault("LEDGERBRIDGE_DB_USER", "postgres"),
                env.get("LEDGERBRIDGE_DB_PASSWORD"),
                integer(env, "LEDGERBRIDGE_DB_POOL", 20),
                Path.of(env.getOrDefault("LEDGERBRIDGE_DATA_DIR", "data")),
                env.get("LEDGERBRIDGE_TOKEN_KEYSET"),
                env.getOrDefault("LEDGERBRIDGE_HOST", "127.0.0.1"),
                integer(env, "LEDGERBRIDGE_PORT", 8080),
                integer(env, "LEDGERBRIDGE_DASHBOARD_PORT", 8081),
                env.getOrDefault("LEDGERBRIDGE_NODE_ID", defaultNodeId()),
                integer(env, "LEDGERBRIDGE_WORKERS", 4),
                integer(env, "LEDGERBRIDGE_BATCH_SIZE", 200),
                Duration.ofSeconds(integer(env, "LEDGERBRIDGE_LEASE_SECONDS", 30)),
                integer(env, "LEDGERBRIDGE_POLL_SECONDS", 60),
                env.get("LEDGERBRIDGE_DASHBOARD_URL"));
    }

    private static int integer(Map<String, String> env, String name, int fallback) {
        String v = env.get(name);
        if (v == null || v.isBlank()) {
            return fallback;
        }
        try {
            return Integer.parseInt(v.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be a whole number, got '" + v + "'");
        }
    }

    private static String defaultNodeId() {
        String host = System.getenv().getOrDefault("HOSTNAME", "node");
        return host + "-" + ProcessHandle.current().pid();
    }

    public AppConfig with(String jdbcUrl, Integer port, Path dataDir) {
        return new AppConfig(jdbcUrl != null ? jdbcUrl : this.jdbcUrl, dbUser, dbPassword, dbPool,
                dataDir != null ? dataDir : this.dataDir, tokenKeyset, host, port != null ? port : this.port,
                dashboardPort, nodeId, workers, batchSize, lease, pollSeconds, dashboardUrl);
    }

    /** Secrets are never printed. */
    @Override
    public String toString() {
        return "AppConfig[database=" + (embedded() ? "embedded in " + dataDir : jdbcUrl) + ", host=" + host + ", port="
                + port + ", dashboardPort=" + dashboardPort + ", node=" + nodeId + ", workers=" + workers + ", batch=" + batchSize + ", lease=" + lease + "]";
    }
}
