package io.ledgerbridge.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.ledgerbridge.app.cli.Main;
import io.ledgerbridge.domain.record.Customer;
import io.ledgerbridge.domain.record.RecordType;
import io.ledgerbridge.domain.sync.SyncStatus;
import io.ledgerbridge.sandbox.reference.ReferenceSandbox;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class CommandLineIT {

    private static String run(String... args) {
        var out = new ByteArrayOutputStream();
        var original = System.out;
        System.setOut(new PrintStream(out, true));
        try {
            int code = new CommandLine(new Main()).execute(args);
            assertThat(code).as("exit code of %s", String.join(" ", args)).isZero();
        } finally {
            System.setOut(original);
        }
        return out.toString();
    }

    @Test
    void operators_list_diagnose_and_retry_failed_syncs_from_the_command_line() {
        try (var sandbox = ReferenceSandbox.start(0); var h = new Harness(sandbox)) {
            h.ledger.createItem("A", "a");
            h.push(new Customer("c1", "No Mail", null, null, null, null));
            h.push(Harness.customer("c2"));
            h.push(Harness.invoice("i1", "c2", "PROD-9"));
            h.push(Harness.invoice("i2", "c2", "PROD-9"));
            h.start();
            h.await(RecordType.INVOICE, "i1", SyncStatus.FAILED);
            h.await(RecordType.INVOICE, "i2", SyncStatus.FAILED);
            h.await(RecordType.CUSTOMER, "c1", SyncStatus.FAILED);
            String ws = h.workspace.toString();

            var list = run("events", "list", "--jdbc-url", h.url, "-w", ws, "--status", "FAILED");
            assertThat(list).contains("i1").contains("SKU not found").contains("Customer email missing");

            var diagnosis = run("diagnose", "--jdbc-url", h.url, "-w", ws);
            assertThat(diagnosis).contains("2 invoices: SKU not found (PROD-9)").contains("1 customer: Customer email missing")
                    .contains("fix: Create the product with the exact SKU \"PROD-9\"");

            h.ledger.createItem("PROD-9", "nine");
            var retried = run("events", "retry", "--all", "--jdbc-url", h.url, "-w", ws, "--status", "FAILED",
                    "--error", "SKU_NOT_FOUND", "-q", "PROD-9");
            assertThat(retried).contains("retry: 2 changed, 0 refused");
            h.await(RecordType.INVOICE, "i1", SyncStatus.SUCCESS);
            h.await(RecordType.INVOICE, "i2", SyncStatus.SUCCESS);
        }
    }
}
