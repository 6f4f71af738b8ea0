package io.ledgerbridge.store.testing;

import io.ledgerbridge.store.db.Database;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.UUID;

/**
 * Real PostgreSQL for tests: one embedded server per test JVM, and a fresh, migrated database for every call
 * of {@link #fresh()}, so tests never see each other's rows.
 */
public final class TestDatabase {

    private static EmbeddedPostgres server;

    private TestDatabase() {}

    private static synchronized EmbeddedPostgres server() {
        if (server == null) {
            try {
                server = EmbeddedPostgres.builder().setServerConfig("max_connections", "300").start();
            } catch (IOException e) {
                throw new UncheckedIOException("embedded PostgreSQL did not start", e);
            }
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    server.close();
                } catch (IOException ignored) {
                    // the JVM is going away
                }
            }));
        }
        return server;
    }

    /** A new empty database on the embedded server, migrated. */
    public static Database fresh() {
        return fresh(10);
    }

    public static Database fresh(int poolSize) {
        String name = "lb_" + UUID.randomUUID().toString().replace("-", "");
        var pg = server();
        try (var c = pg.getPostgresDatabase().getConnection(); var s = c.createStatement()) {
            s.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return Database.external(pg.getJdbcUrl("postgres", name), "postgres", null, poolSize).migrate();
    }

    /** JDBC URL of a new migrated database on the embedded server, for a node started in another process. */
    public static String freshUrl() {
        String name = "lb_" + UUID.randomUUID().toString().replace("-", "");
        var pg = server();
        try (var c = pg.getPostgresDatabase().getConnection(); var s = c.createStatement()) {
            s.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return pg.getJdbcUrl("postgres", name);
    }

    /**
     * A new database on the machine's external PostgreSQL server (127.0.0.1:5432, trust auth), or null when no
     * such server answers. Used by the tests of the external-server path.
     */
    public static String externalUrl() {
        String base = System.getProperty("ledgerbridge.test.external", "jdbc:postgresql://127.0.0.1:5432/postgres");
        String name = "lb_" + UUID.randomUUID().toString().replace("-", "");
        try (var c = DriverManager.getConnection(base, "postgres", ""); var s = c.createStatement()) {
            s.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            return null;
        }
        return base.substring(0, base.lastIndexOf('/') + 1) + name;
    }
}
