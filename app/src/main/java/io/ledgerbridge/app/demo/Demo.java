package io.ledgerbridge.app.demo;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.ledgerbridge.app.Ledgerbridge;
import io.ledgerbridge.domain.record.Customer;
import io.ledgerbridge.domain.record.Invoice;
import io.ledgerbridge.domain.record.InvoiceLine;
import io.ledgerbridge.domain.record.InvoiceStatus;
import io.ledgerbridge.domain.record.Payment;
import io.ledgerbridge.domain.record.SourceRecord;
import io.ledgerbridge.domain.workspace.FlowSettings;
import io.ledgerbridge.domain.workspace.WorkspaceId;
import io.ledgerbridge.engine.connection.TokenSet;
import io.ledgerbridge.engine.intake.RecordIntake;
import io.ledgerbridge.sandbox.reference.ReferenceSandbox;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

/**
 * Seeds a demo workspace whose invoices show the errors of the catalogue: a native source pushing into the
 * reference ledger (a sandbox running in the same process). Every record goes through the real intake.
 */
public final class Demo {

    public static final String LEDGER = "demo";
    public static final String LEDGER_TOKEN = "demo-token";
    public static final String USER_EMAIL = "demo@ledgerbridge.example";
    public static final String USER_PASSWORD = "demo-password";

    /** What a newcomer needs to try it. */
    public record Seeded(WorkspaceId workspace, String apiKey, String ledgerConsole) {}

    private Demo() {}

    public static Seeded seed(Ledgerbridge lb, ReferenceSandbox sandbox) {
        var now = Instant.now();
        var ledger = sandbox.createLedger(LEDGER, LEDGER_TOKEN);
        ledger.createItem("PROD-001", "Widget");
        ledger.createItem("PROD-002", "Gadget");
        ledger.closeBooksThrough(LocalDate.of(2025, 12, 31));
        // An invoice typed into the books by hand, with a number the app will also use.
        var json = new ObjectMapper();
        var someone = ledger.apply(null, "create", "customer", null,
                json.createObjectNode().put("name", "Walk-in customer").put("email", "walkin@example.com"));
        var manual = json.createObjectNode().put("number", "INV-0999")
                .put("customerId", someone.body().get("id").asText()).put("date", "2026-10-01");
        manual.putArray("lines").addObject().put("itemId", ledger.lookup("item", "sku", List.of("PROD-001")).get("PROD-001"))
                .put("quantity", "1").put("unitPrice", "99.00");
        ledger.apply(null, "create", "invoice", null, manual);

        var workspace = lb.workspaces.create("Demo Company", now);
        String apiKey = lb.workspaces.createApiKey(workspace, "demo", now);
        var source = lb.connections.create(workspace, "native", "Your app (REST API)", Map.of(), null, now);
        var books = lb.connections.create(workspace, "reference", "Demo books (reference ledger)",
                Map.of("baseUrl", sandbox.baseUrl(), "ledger", LEDGER), new TokenSet(LEDGER_TOKEN, null, null), now);
        lb.flows.create(workspace, source, books, FlowSettings.defaults().withTaxMapping(Map.of("VAT20", "TAX-20")), now);

        var today = LocalDate.now();
        push(lb, source, List.of(
                new Customer("c-amy", "Amy's Bird Sanctuary", "amy@example.com", "Amy's Bird Sanctuary", null, null),
                new Customer("c-bill", "Bill's Windsurf Shop", "bill@example.com", null, null, null),
                new Customer("c-cool", "Cool Cars", null, "Cool Cars", null, null)));
        push(lb, source, List.of(
                invoice("INV-1001", "c-amy", today, "PROD-001", null),
                invoice("INV-1002", "c-amy", today, "PROD-404", null),
                invoice("INV-1003", "c-cool", today, "PROD-001", null),
                invoice("INV-1004", "c-bill", today, "PROD-002", "VAT5"),
                invoice("INV-1005", "c-bill", LocalDate.of(2025, 6, 30), "PROD-001", null),
                invoice("INV-0999", "c-bill", today, "PROD-002", null),
                new Invoice("INV-1006", "INV-1006", InvoiceStatus.DRAFT, "c-amy", "USD", today, today.plusDays(30),
                        List.of(new InvoiceLine("PROD-001", "Widget", BigDecimal.ONE, new BigDecimal("25.00"), null)), null, null)));
        push(lb, source, List.of(
                new Payment("pay-1", "INV-1001", new BigDecimal("50.00"), "USD", today, "card", null),
                new Payment("pay-2", "INV-1001", new BigDecimal("500.00"), "USD", today, "transfer", null)));
        return new Seeded(workspace, apiKey, sandbox.baseUrl() + "/_sandbox/console");
    }

    private static Invoice invoice(String id, String customer, LocalDate date, String sku, String tax) {
        return new Invoice(id, id, InvoiceStatus.OPEN, customer, "USD", date, date.plusDays(30),
                List.of(new InvoiceLine(sku, "Line for " + sku, new BigDecimal("2"), new BigDecimal("25.00"), tax)),
                null, null);
    }

    private static void push(Ledgerbridge lb, io.ledgerbridge.domain.workspace.ConnectionId source, List<? extends SourceRecord> records) {
        for (var r : records) {
            if (lb.intake.receive(source, r) instanceof RecordIntake.Result.Invalid invalid) {
                throw new IllegalStateException("demo record " + r.id() + " refused: " + invalid.problems());
            }
        }
    }
}
