package io.ledgerbridge.connector.hubspot;

import static org.assertj.core.api.Assertions.assertThat;

import io.ledgerbridge.connector.Outbound;
import io.ledgerbridge.domain.error.ErrorCode;
import io.ledgerbridge.domain.error.ErrorKind;
import io.ledgerbridge.domain.record.Customer;
import io.ledgerbridge.domain.record.Invoice;
import io.ledgerbridge.domain.record.InvoiceLine;
import io.ledgerbridge.domain.record.InvoiceStatus;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Every answer HubSpot (and its sandbox) gives a failed call, classified with the record's details. */
class HubSpotErrorsTest {

    private static final Instant NOW = Instant.parse("2026-11-02T10:00:00Z");
    private final HubSpotErrors errors = new HubSpotErrors(Clock.fixed(NOW, ZoneOffset.UTC), Duration.ofSeconds(10));

    private static final Outbound.OutboundCustomer CUSTOMER = new Outbound.OutboundCustomer(
            new Customer("c1", "Ada Lovelace", "ada@example.com", null, null, null));
    private static final Outbound.OutboundInvoice INVOICE = new Outbound.OutboundInvoice(new Invoice("i1", "INV-7",
            InvoiceStatus.OPEN, "c1", "USD", LocalDate.of(2026, 11, 2), null, List.of(
                    new InvoiceLine("PROD-001", "Widget", BigDecimal.ONE, BigDecimal.TEN, null),
                    new InvoiceLine("PROD-002", "Gadget", BigDecimal.ONE, BigDecimal.TEN, null)), null, null),
            "501", Map.of("PROD-001", "701", "PROD-002", "702"), Map.of());

    @Test
    void the_ten_second_limit_is_a_rate_limit_that_waits_for_retry_after() {
        var c = errors.response(429, "3", """
                {"status":"error","message":"You have reached your ten_secondly_rolling limit.","errorType":"RATE_LIMIT",
                 "correlationId":"x","policyName":"TEN_SECONDLY_ROLLING","groupName":"api","category":"RATE_LIMITS"}""",
                INVOICE, null);
        assertThat(c.error().code()).isEqualTo(ErrorCode.RATE_LIMITED);
        assertThat(c.error().kind()).isEqualTo(ErrorKind.TRANSIENT);
        assertThat(c.error().details()).containsEntry("limit", "ten-second");
        assertThat(c.retryAfter()).isEqualTo(NOW.plusSeconds(3));
    }

    @Test
    void a_429_without_retry_after_waits_the_configured_window() {
        var c = errors.response(429, null, "{\"status\":\"error\",\"message\":\"slow down\",\"policyName\":\"SECONDLY\"}", null, null);
        assertThat(c.error().details()).containsEntry("limit", "search (per second)");
        assertThat(c.retryAfter()).isEqualTo(NOW.plusSeconds(10));
    }

    @Test
    void the_daily_limit_holds_until_the_day_resets() {
        var c = errors.response(429, null, """
                {"status":"error","message":"You have reached your daily limit.","errorType":"RATE_LIMIT","policyName":"DAILY"}""",
                INVOICE, null);
        assertThat(c.error().details()).containsEntry("limit", "daily");
        assertThat(c.retryAfter()).isEqualTo(Instant.parse("2026-11-03T00:00:00Z"));
    }

    @Test
    void an_expired_or_invalid_token_is_a_connection_failure() {
        var expired = errors.response(401, null, """
                {"status":"error","message":"The OAuth token used to make this call expired 7 second(s) ago.",
                 "correlationId":"x","category":"EXPIRED_AUTHENTICATION"}""", INVOICE, null);
        assertThat(expired.error().code()).isEqualTo(ErrorCode.UNAUTHORIZED);
        assertThat(expired.error().kind()).isEqualTo(ErrorKind.CONNECTION);
        assertThat(expired.error().message()).contains("expired 7 second(s) ago");
        var invalid = errors.response(401, null, "{\"status\":\"error\",\"message\":\"Authentication credentials not found.\","
                + "\"category\":\"INVALID_AUTHENTICATION\"}", null, null);
        assertThat(invalid.error().kind()).isEqualTo(ErrorKind.CONNECTION);
    }

    @Test
    void missing_scopes_ask_for_a_reconnect_naming_the_scopes() {
        var c = errors.response(403, null, """
                {"status":"error","message":"This app hasn't been granted all required scopes to make this call.",
                 "category":"MISSING_SCOPES","errors":[{"message":"One or more of the following scopes are required.",
                 "context":{"requiredGranularScopes":["crm.objects.invoices.write"]}}]}""", INVOICE, null);
        assertThat(c.error().code()).isEqualTo(ErrorCode.UNAUTHORIZED);
        assertThat(c.error().vendorMessage()).contains("crm.objects.invoices.write");
    }

    @Test
    void an_outage_is_temporary_and_keeps_its_retry_after() {
        var c = errors.response(503, "30", "{\"status\":\"error\",\"message\":\"Service Unavailable (sandbox fault)\","
                + "\"category\":\"SERVICE_UNAVAILABLE\"}", INVOICE, null);
        assertThat(c.error().code()).isEqualTo(ErrorCode.TEMPORARILY_UNAVAILABLE);
        assertThat(c.retryAfter()).isEqualTo(NOW.plusSeconds(30));
        var html = errors.response(502, null, "<html>Bad gateway</html>", INVOICE, null);
        assertThat(html.error().code()).isEqualTo(ErrorCode.TEMPORARILY_UNAVAILABLE);
        assertThat(html.error().vendorMessage()).contains("HTTP 502").contains("Bad gateway");
    }

    @Test
    void an_unknown_product_on_a_line_is_sku_not_found_with_the_sku_and_line() {
        var error = HubSpotApi.JSON.createObjectNode().put("status", "error").put("category", "VALIDATION_ERROR")
                .put("message", "Property values were not valid: [{\"isValid\":false,\"message\":\"No product with ID 702 "
                        + "exists\",\"error\":\"INVALID_OBJECT_ID\",\"name\":\"hs_product_id\"}]");
        var c = errors.batchError(error, INVOICE, null);
        assertThat(c.error().code()).isEqualTo(ErrorCode.SKU_NOT_FOUND);
        assertThat(c.error().details()).containsEntry("sku", "PROD-002").containsEntry("line", "2")
                .containsEntry("number", "INV-7");
        assertThat(c.error().vendorMessage()).isEqualTo("Property values were not valid: hs_product_id: No product with ID 702 exists");
    }

    @Test
    void a_property_hubspot_does_not_know_is_the_vendors_words_made_readable() {
        var c = errors.response(400, null, """
                {"status":"error","message":"Property values were not valid: [{\\"isValid\\":false,\\"message\\":\\"Property \\\\\\"color\\\\\\" does not exist\\",\\"error\\":\\"PROPERTY_DOESNT_EXIST\\",\\"name\\":\\"color\\"}]","category":"VALIDATION_ERROR"}""",
                INVOICE, null);
        assertThat(c.error().code()).isEqualTo(ErrorCode.VENDOR_ERROR);
        assertThat(c.error().kind()).isEqualTo(ErrorKind.NEEDS_FIX);
        assertThat(c.error().vendorMessage()).startsWith("Property values were not valid: color: Property");
    }

    @Test
    void a_contact_that_exists_with_the_email_is_a_duplicate_naming_the_email() {
        var c = errors.response(409, null, "{\"status\":\"error\",\"message\":\"Contact already exists. Existing ID: 37765128953\","
                + "\"category\":\"CONFLICT\"}", CUSTOMER, null);
        assertThat(c.error().code()).isEqualTo(ErrorCode.DUPLICATE_NAME);
        assertThat(c.error().message()).contains("contact").contains("ada@example.com");
    }

    @Test
    void an_update_of_a_record_archived_in_hubspot_says_so_with_its_id() {
        var error = HubSpotApi.JSON.createObjectNode().put("status", "error").put("category", "OBJECT_NOT_FOUND")
                .put("message", "Object not found. objectId are usually numeric.");
        var c = errors.batchError(error, INVOICE, "9001");
        assertThat(c.error().code()).isEqualTo(ErrorCode.VENDOR_ERROR);
        assertThat(c.error().vendorMessage()).contains("no invoice with ID 9001").contains("Object not found");
    }

    @Test
    void anything_else_is_hubspots_message_verbatim() {
        var c = errors.response(400, null, "{\"status\":\"error\",\"message\":\"Line item 5 is already associated with "
                + "invoice 7; a line item can belong to one parent object only\",\"category\":\"VALIDATION_ERROR\"}", INVOICE, null);
        assertThat(c.error().code()).isEqualTo(ErrorCode.VENDOR_ERROR);
        assertThat(c.error().message()).contains("one parent object only");
    }

    @Test
    void a_dead_refresh_token_and_an_unreachable_hubspot_are_told_apart() {
        assertThat(errors.tokenRefreshFailed("BAD_REFRESH_TOKEN").kind()).isEqualTo(ErrorKind.CONNECTION);
        assertThat(errors.unreachable("cannot connect").kind()).isEqualTo(ErrorKind.TRANSIENT);
    }
}
