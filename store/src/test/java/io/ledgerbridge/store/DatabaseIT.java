package io.ledgerbridge.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.ledgerbridge.store.db.Database;
import io.ledgerbridge.store.workspace.PostgresWorkspaces;
import java.nio.file.Files;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class DatabaseIT {

    @Test
    void the_embedded_database_keeps_its_data_across_a_restart() throws Exception {
        var dir = Files.createTempDirectory("lb-data");
        try (var db = Database.embedded(dir, 2).migrate()) {
            new PostgresWorkspaces(db.jdbi()).create("Acme Ltd", Instant.now());
        }
        try (var db = Database.embedded(dir, 2).migrate()) {
            assertThat(new PostgresWorkspaces(db.jdbi()).list()).extracting(PostgresWorkspaces.Workspace::name)
                    .containsExactly("Acme Ltd");
        }
    }
}
