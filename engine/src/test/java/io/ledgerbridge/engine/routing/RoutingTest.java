package io.ledgerbridge.engine.routing;

import static org.assertj.core.api.Assertions.assertThat;

import io.ledgerbridge.domain.record.Customer;
import io.ledgerbridge.domain.record.Invoice;
import io.ledgerbridge.domain.record.InvoiceLine;
import io.ledgerbridge.domain.record.InvoiceStatus;
import io.ledgerbridge.domain.record.Payment;
import io.ledgerbridge.domain.workspace.FlowId;
import io.ledgerbridge.domain.workspace.Route;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RoutingTest {

    private final FlowId sydney = FlowId.random();
    private final FlowId melbourne = FlowId.random();
    private final FlowId books = FlowId.random();
    private final List<Routing.Member> flows = List.of(
            new Routing.Member(sydney, new Route("tracking:Region", "Sydney", "SYD-")),
            new Routing.Member(melbourne, new Route("tracking:Region", "Melbourne", "MEL-")),
            new Routing.Member(books, null));

    private static Invoice invoice(String region) {
        return new Invoice("i1", "G-1", InvoiceStatus.OPEN, "c1", "AUD", LocalDate.of(2026, 11, 2), null,
                List.of(new InvoiceLine("W-1", "Widget", BigDecimal.ONE, BigDecimal.TEN, null)), null, null,
                region == null ? Map.of() : Map.of("tracking:Region", region));
    }

    private List<FlowId> targets(Object record, Set<FlowId> mappedIn, Invoice stored) {
        return Routing.targets((io.ledgerbridge.domain.record.SourceRecord) record, flows, id -> stored, mappedIn::contains);
    }

    @Test
    void an_invoice_goes_to_the_destination_its_option_names_and_to_every_flow_without_a_route() {
        assertThat(targets(invoice("sydney "), Set.of(), null)).containsExactlyInAnyOrder(sydney, books);
    }

    @Test
    void a_retagged_invoice_also_goes_where_it_was_written_so_the_copy_there_is_voided() {
        assertThat(targets(invoice("Melbourne"), Set.of(sydney), null)).containsExactlyInAnyOrder(sydney, melbourne, books);
    }

    @Test
    void an_invoice_no_destination_takes_goes_to_the_first_to_fail_there_with_the_fix() {
        assertThat(targets(invoice(null), Set.of(), null)).containsExactlyInAnyOrder(sydney, books);
        assertThat(targets(invoice("Perth"), Set.of(), null)).containsExactlyInAnyOrder(sydney, books);
    }

    @Test
    void a_payment_follows_its_invoice_and_a_customer_goes_only_where_it_is_written() {
        var payment = new Payment("p1", "i1", new BigDecimal("5.00"), "AUD", LocalDate.of(2026, 11, 3), null, null);
        assertThat(targets(payment, Set.of(), invoice("Melbourne"))).containsExactlyInAnyOrder(melbourne, books);
        var customer = new Customer("c1", "Bondi Surf Club", "office@bondi.example", null, null, null);
        assertThat(targets(customer, Set.of(), null)).containsExactlyInAnyOrder(books);
        assertThat(targets(customer, Set.of(melbourne), null)).containsExactlyInAnyOrder(melbourne, books);
    }

    @Test
    void the_error_names_the_options_and_the_value() {
        assertThat(Routing.options(flows.stream().map(Routing.Member::route).filter(r -> r != null).toList()))
                .isEqualTo("\"Sydney\", \"Melbourne\"");
        assertThat(Routing.valueOf(invoice(null), flows.getFirst().route())).isEqualTo("not set");
        assertThat(Routing.valueOf(invoice("Perth"), flows.getFirst().route())).isEqualTo("\"Perth\"");
    }
}
