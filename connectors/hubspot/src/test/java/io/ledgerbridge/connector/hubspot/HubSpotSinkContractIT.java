package io.ledgerbridge.connector.hubspot;

import static org.assertj.core.api.Assertions.assertThat;

import io.ledgerbridge.connector.IdempotencyKey;
import io.ledgerbridge.connector.Outbound;
import io.ledgerbridge.connector.Sink;
import io.ledgerbridge.connector.Write;
import io.ledgerbridge.connector.WriteResult;
import io.ledgerbridge.connector.contract.DestinationProbe;
import io.ledgerbridge.connector.contract.SinkContract;
import io.ledgerbridge.domain.error.ErrorCode;
import io.ledgerbridge.domain.record.InvoiceStatus;
import io.ledgerbridge.sandbox.hubspot.HubSpotSandbox;
import io.ledgerbridge.sandbox.hubspot.crm.ObjectType;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The HubSpot sink against the HubSpot sandbox over real HTTP, through the common sink contract, and what it adds. */
class HubSpotSinkContractIT extends SinkContract {

    private static HubSpotSandbox sandbox;
    private SandboxPortal portal;
    private Sink sink;

    @BeforeAll
    static void start() {
        sandbox = HubSpotSandbox.start();
    }

    @AfterAll
    static void stop() {
        sandbox.close();
    }

    @BeforeEach
    void newPortal() {
        portal = new SandboxPortal(sandbox, Map.of());
        sink = portal.openSink();
    }

    @Override
    protected Sink sink() {
        return sink;
    }

    @Override
    protected DestinationProbe probe() {
        return portal;
    }

    private static IdempotencyKey key() {
        return new IdempotencyKey(UUID.randomUUID().toString().replace("-", ""));
    }

    @Test
    void an_invoice_is_written_as_hubspot_asks_with_its_contact_line_items_products_and_status() {
        String customerId = createCustomer(customer("h1"));
        String productId = portal.createProduct("H-1", "Hour");
        var inv = invoice(number("h"), "H-1", "150.00");
        String id = written(sink.write(List.of(new Write(key(), Write.Operation.CREATE, null,
                new Outbound.OutboundInvoice(inv, customerId, Map.of("H-1", productId), Map.of())))).getFirst());

        var stored = sandbox.object(portal.portal, ObjectType.INVOICES, id).orElseThrow();
        assertThat(stored.property("hs_invoice_status")).isEqualTo("open");
        assertThat(stored.property("hs_number")).isEqualTo(inv.number());
        assertThat(stored.property("hs_currency")).isEqualTo("USD");
        assertThat(stored.property("hs_amount_billed")).isEqualTo("150");
        assertThat(sandbox.associatedIds(portal.portal, ObjectType.INVOICES, id, ObjectType.CONTACTS)).containsExactly(customerId);
        var lines = sandbox.associatedIds(portal.portal, ObjectType.INVOICES, id, ObjectType.LINE_ITEMS);
        assertThat(lines).hasSize(1);
        var line = sandbox.object(portal.portal, ObjectType.LINE_ITEMS, lines.getFirst()).orElseThrow();
        assertThat(line.property("hs_product_id")).isEqualTo(productId);
        assertThat(line.property("hs_sku")).isEqualTo("H-1");
        assertThat(line.property("quantity")).isEqualTo("1");
        assertThat(stored.property("hs_object_source")).isEqualTo("INTEGRATION");
    }

    @Test
    void an_update_replaces_the_line_items_and_moves_the_contact() {
        String first = createCustomer(customer("m1"));
        String second = createCustomer(customer("m2"));
        String productId = portal.createProduct("M-1", "Thing");
        var inv = invoice(number("m"), "M-1", "10.00");
        String id = written(sink.write(List.of(new Write(key(), Write.Operation.CREATE, null,
                new Outbound.OutboundInvoice(inv, first, Map.of("M-1", productId), Map.of())))).getFirst());
        written(sink.write(List.of(new Write(key(), Write.Operation.UPDATE, id,
                new Outbound.OutboundInvoice(invoice(inv.number(), "M-1", "30.00"), second, Map.of("M-1", productId),
                        Map.of())))).getFirst());
        assertThat(sandbox.associatedIds(portal.portal, ObjectType.INVOICES, id, ObjectType.CONTACTS)).containsExactly(second);
        assertThat(sandbox.associatedIds(portal.portal, ObjectType.INVOICES, id, ObjectType.LINE_ITEMS)).hasSize(1);
        assertThat(sandbox.object(portal.portal, ObjectType.INVOICES, id).orElseThrow().property("hs_amount_billed")).isEqualTo("30");
    }

    @Test
    void an_unknown_product_fails_the_invoice_with_sku_not_found_and_leaves_no_invoice_behind() {
        String customerId = createCustomer(customer("s1"));
        var inv = invoice(number("s"), "GONE-1", "10.00");
        var result = sink.write(List.of(new Write(key(), Write.Operation.CREATE, null,
                new Outbound.OutboundInvoice(inv, customerId, Map.of("GONE-1", "999999"), Map.of())))).getFirst();
        assertThat(result).isInstanceOfSatisfying(WriteResult.Rejected.class, r -> {
            assertThat(r.error().code()).isEqualTo(ErrorCode.SKU_NOT_FOUND);
            assertThat(r.error().details()).containsEntry("sku", "GONE-1").containsEntry("line", "1");
        });
        assertThat(portal.countWithKey(io.ledgerbridge.domain.record.RecordType.INVOICE, inv.number())).isZero();
    }

    @Test
    void a_draft_stays_a_draft() {
        String customerId = createCustomer(customer("d1"));
        String productId = portal.createProduct("D-1", "Draft thing");
        var open = invoice(number("d"), "D-1", "10.00");
        var draft = new io.ledgerbridge.domain.record.Invoice(open.id(), open.number(), InvoiceStatus.DRAFT,
                open.customerId(), open.currency(), open.issueDate(), open.dueDate(), open.lines(), null, null);
        String id = written(sink.write(List.of(new Write(key(), Write.Operation.CREATE, null,
                new Outbound.OutboundInvoice(draft, customerId, Map.of("D-1", productId), Map.of())))).getFirst());
        assertThat(sandbox.object(portal.portal, ObjectType.INVOICES, id).orElseThrow().property("hs_invoice_status"))
                .isEqualTo("draft");
    }
}
