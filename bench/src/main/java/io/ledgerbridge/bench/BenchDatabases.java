package io.ledgerbridge.bench;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.util.UUID;

/**
 * A fresh database for each benchmark run: on an embedded PostgreSQL started for the benchmark, or, given a JDBC URL,
 * on that server. Closing stops the embedded server.
 */
final class BenchDatabases implements AutoCloseable {

    private final EmbeddedPostgres embedded;
    private final String baseUrl;

    private BenchDatabases(EmbeddedPostgres embedded, String baseUrl) {
        this.embedded = embedded;
        this.baseUrl = baseUrl;
    }

    /** {@code jdbcUrl} null: an embedded server (200 connections, for several nodes' pools). */
    static BenchDatabases start(String jdbcUrl) throws IOException {
        if (jdbcUrl != null) {
            return new BenchDatabases(null, jdbcUrl);
        }
        return new BenchDatabases(EmbeddedPostgres.builder().setDataDirectory(Files.createTempDirectory("lb-bench"))
                .setCleanDataDirectory(true).setServerConfig("max_connections", "200").start(), null);
    }

    /** Creates a new, empty database and returns its JDBC URL. */
    String get() {
        String name = "bench_" + UUID.randomUUID().toString().replace("-", "");
        try (var c = embedded != null ? embedded.getPostgresDatabase().getConnection()
                        : java.sql.DriverManager.getConnection(baseUrl, "postgres", "");
                var s = c.createStatement()) {
            s.execute("CREATE DATABASE " + name);
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException("cannot create a database" + (baseUrl == null ? "" : " on " + baseUrl), e);
        }
        return embedded != null ? embedded.getJdbcUrl("postgres", name)
                : baseUrl.substring(0, baseUrl.lastIndexOf('/') + 1) + name;
    }

    @Override
    public void close() throws IOException {
        if (embedded != null) {
            embedded.close();
        }
    }
}
