package io.ledgerbridge.store.db;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.postgres.PostgresPlugin;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one database: an embedded PostgreSQL whose data lives in a directory (survives restarts), or an external
 * server given by a JDBC URL (then several nodes share it). The schema is migrated by Flyway.
 */
public final class Database implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Database.class);

    private final HikariDataSource dataSource;
    private final EmbeddedPostgres embedded;
    private final Jdbi jdbi;
    private final String description;

    private Database(HikariDataSource dataSource, EmbeddedPostgres embedded, String description) {
        this.dataSource = dataSource;
        this.embedded = embedded;
        this.description = description;
        this.jdbi = Jdbi.create(dataSource).installPlugin(new PostgresPlugin());
    }

    /** Starts (or restarts) an embedded PostgreSQL keeping its data in {@code dataDirectory}. */
    public static Database embedded(Path dataDirectory, int poolSize) {
        try {
            Files.createDirectories(dataDirectory);
            var pg = EmbeddedPostgres.builder()
                    .setDataDirectory(dataDirectory)
                    .setCleanDataDirectory(false)
                    .setServerConfig("max_connections", "200")
                    .setServerConfig("fsync", "on")
                    .start();
            String url = pg.getJdbcUrl("postgres", "postgres");
            log.info("database=embedded directory={} port={}", dataDirectory, pg.getPort());
            return new Database(pool(url, "postgres", null, poolSize), pg, "embedded PostgreSQL in " + dataDirectory);
        } catch (IOException e) {
            throw new UncheckedIOException("could not start the embedded PostgreSQL in " + dataDirectory, e);
        }
    }

    /** Connects to an external PostgreSQL server. */
    public static Database external(String jdbcUrl, String user, String password, int poolSize) {
        log.info("database=external url={}", jdbcUrl);
        return new Database(pool(jdbcUrl, user, password, poolSize), null, jdbcUrl);
    }

    private static HikariDataSource pool(String url, String user, String password, int size) {
        var config = new HikariConfig();
        config.setJdbcUrl(url);
        config.setUsername(user);
        if (password != null) {
            config.setPassword(password);
        }
        config.setMaximumPoolSize(size);
        config.setMinimumIdle(Math.min(2, size));
        config.setPoolName("ledgerbridge");
        config.setConnectionTimeout(10_000);
        // Plan every execution with the table sizes of now. A generic plan cached while a table was small (a seq
        // scan of the mapping table, a nested-loop anti join in the claim) is otherwise kept while a backlog grows
        // the table a thousandfold, and each lookup of a batch then costs tens of milliseconds instead of one.
        // No JIT: it compiles a claim statement for 50 ms to save microseconds (servers built with LLVM turn it on).
        config.addDataSourceProperty("options", "-c plan_cache_mode=force_custom_plan -c jit=off");
        return new HikariDataSource(config);
    }

    /** Brings the schema up to date; safe to run from several nodes at once (Flyway takes a lock). */
    public Database migrate() {
        // Modules contribute migrations in their own version ranges (store V1.., dashboard V100..): a store migration
        // added after the dashboard's must still apply, hence out of order.
        var result = Flyway.configure().dataSource(dataSource).locations("classpath:db/migration").outOfOrder(true)
                .load().migrate();
        log.info("database migrated to version={} applied={}", result.targetSchemaVersion, result.migrationsExecuted);
        return this;
    }

    public Jdbi jdbi() {
        return jdbi;
    }

    public DataSource dataSource() {
        return dataSource;
    }

    public boolean healthy() {
        try {
            return jdbi.withHandle(h -> h.createQuery("SELECT 1").mapTo(Integer.class).one()) == 1;
        } catch (RuntimeException e) {
            return false;
        }
    }

    public String description() {
        return description;
    }

    @Override
    public void close() {
        dataSource.close();
        if (embedded != null) {
            try {
                embedded.close();
            } catch (IOException e) {
                log.warn("embedded PostgreSQL did not stop cleanly: {}", e.toString());
            }
        }
    }
}
