package io.ledgerbridge.connector.xero.error;

import static org.assertj.core.api.Assertions.assertThat;

import io.ledgerbridge.connector.Outbound;
import io.ledgerbridge.domain.error.ErrorCode;
import io.ledgerbridge.domain.error.ErrorKind;
import io.ledgerbridge.domain.error.SyncError;
import io.ledgerbridge.domain.record.Customer;
import io.ledgerbridge.domain.record.Invoice;
import io.ledgerbridge.domain.record.InvoiceLine;
import io.ledgerbridge.domain.record.InvoiceStatus;
import io.ledgerbridge.domain.record.Payment;
import io.ledgerbridge.domain.record.Product;
import java.math.BigDecimal;
import java.net.http.HttpHeaders;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every Xero answer of API_FACTS B.5 (and the 429s of B.6, the 401/403s of B.5/B.8), classified into the catalogue
 * with the record's details, asserting what a person reads: the message and the fix, rendered as the engine renders
 * them (with {@code destination} = "Xero").
 */
class XeroErrorsTest {

    private static final Instant NOW = Instant.parse("2026-11-20T10:00:00Z");
    private final XeroErrors errors = new XeroErrors(Clock.fixed(NOW, ZoneOffset.UTC), Duration.ofSeconds(60));

    static final Outbound CUSTOMER = new Outbound.OutboundCustomer(
            new Customer("c1", "Buzz Lightyear", "buzz@example.com", null, null, null));
    static final Outbound PRODUCT = new Outbound.OutboundProduct(
            new Product("p1", "abc", "Widget \uD83D\uDE80", null, BigDecimal.TEN, "USD", null));
    static final Outbound.OutboundInvoice INVOICE = new Outbound.OutboundInvoice(
            new Invoice("i1", "INV-1042", InvoiceStatus.OPEN, "c1", "USD", LocalDate.parse("2018-11-15"), null,
                    List.of(new InvoiceLine("abc", "Widget", BigDecimal.ONE, BigDecimal.TEN, "GST")), null, null),
            "430fa14a-f945-44d3-9f97-5df5e28441b8", Map.of("abc", "item-1"), Map.of("GST", "OUTPUT"));
    static final Outbound PAYMENT = new Outbound.OutboundPayment(
            new Payment("pay-1", "i1", new BigDecimal("25.00"), "USD", LocalDate.parse("2018-11-20"), null, null),
            "inv-guid", "contact-guid");

    /** The 400 ValidationException of API_FACTS B.5 carrying one element with these messages. */
    static String validation(String... messages) {
        var errs = new StringBuilder();
        for (String m : messages) {
            errs.append(errs.isEmpty() ? "" : ",").append("{\"Message\":\"").append(m.replace("\"", "\\\"")).append("\"}");
        }
        return """
                {"ErrorNumber":10,"Type":"ValidationException","Message":"A validation exception occurred",\
                "Elements":[{"InvoiceNumber":"INV-1042","ValidationErrors":[%s]}]}""".formatted(errs);
    }

    static HttpHeaders headers(String... kv) {
        var m = new HashMap<String, List<String>>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put(kv[i], List.of(kv[i + 1]));
        }
        return HttpHeaders.of(m, (a, b) -> true);
    }

    private static final XeroErrors.Organisation ORGANISATION = id -> Optional.of(
            new XeroErrors.InvoiceState("INV-1042", "AUTHORISED", new BigDecimal("10.00")));

    /** status, headers, body, record, code, words of the message, words of the fix, seconds until retry (or null). */
    static Stream<Arguments> answers() {
        return Stream.of(
                Arguments.of(400, headers(), validation("Invoice # must be unique."), INVOICE, ErrorCode.ALREADY_SYNCED,
                        "Xero already has invoice number INV-1042, not linked to this invoice.",
                        "if it is this invoice, link it", null),
                Arguments.of(400, headers(), validation(
                                "The document date cannot be before the period lock date, currently set at 30-Nov-2018"),
                        INVOICE, ErrorCode.CLOSED_PERIOD,
                        "The document date 2018-11-15 is inside Xero's closed books (closed through 2018-11-30 (period lock date)).",
                        "Reopen the period in Xero", null),
                Arguments.of(400, headers(), validation(
                                "The document date cannot be before the end of year lock date, currently set at 30-Nov-2018"),
                        PAYMENT, ErrorCode.CLOSED_PERIOD,
                        "The document date 2018-11-20 is inside Xero's closed books (closed through 2018-11-30 (end of year lock date)).",
                        "re-date the record", null),
                Arguments.of(400, headers(), validation("Invoice not of valid status for modification This document "
                                + "cannot be edited as it has a payment or credit note allocated to it."), INVOICE,
                        ErrorCode.INVOICE_PAID, "Invoice INV-1042 is paid in Xero and cannot be updated.",
                        "If the invoice in Xero is still right, skip this sync; otherwise remove the payment in Xero and retry.",
                        null),
                Arguments.of(400, headers(), validation("Payment amount exceeds the amount outstanding on this document"),
                        PAYMENT, ErrorCode.PAYMENT_EXCEEDS_OUTSTANDING,
                        "The payment of 25.00 USD is more than the 10.00 USD outstanding on invoice INV-1042.",
                        "Record the payment up to the invoice amount and the excess as customer credit", null),
                Arguments.of(400, headers(), validation("Please remove the incorrect symbols from the product name."),
                        PRODUCT, ErrorCode.INVALID_CHARACTERS,
                        "Xero rejected the name \"Widget \uD83D\uDE80\": it contains characters it does not accept.",
                        "Remove the symbols from the name", null),
                Arguments.of(400, headers(), validation("The contact name Buzz Lightyear is already assigned to another "
                                + "contact. The contact name must be unique across all active contacts."), CUSTOMER,
                        ErrorCode.DUPLICATE_NAME,
                        "Xero already has a customer named \"Buzz Lightyear\" that is not linked to this record.",
                        "Link this record to the existing customer in Xero, or rename it", null),
                Arguments.of(400, headers(), validation("Price List Item with Code 'abc' already exists"), PRODUCT,
                        ErrorCode.DUPLICATE_NAME, "Xero already has a product code named \"abc\"",
                        "Link this record to the existing product code in Xero", null),
                Arguments.of(400, headers(), validation("The Contact must contain at least 1 of the following elements "
                                + "to identify the contact: Name, ContactID, ContactNumber"), INVOICE,
                        ErrorCode.CUSTOMER_NOT_SYNCED, "The invoice's customer \"c1\" is not in Xero: Xero has no contact",
                        "Fix the customer's own sync first", null),
                Arguments.of(400, headers(), validation("Payments can only be made against Authorised documents"), PAYMENT,
                        ErrorCode.INVOICE_NOT_SYNCED, "Xero takes payments only on approved (AUTHORISED) invoices",
                        "Fix the invoice's own sync first", null),
                Arguments.of(400, headers(), validation("Account code '999' is not a valid code for this document"), INVOICE,
                        ErrorCode.VENDOR_ERROR, "Set the connection's salesAccountCode to the Code of a revenue account",
                        "Check the record against the message", null),
                Arguments.of(400, headers(), validation("Account code '999' is not a valid code for this document"), PAYMENT,
                        ErrorCode.VENDOR_ERROR, "Set the connection's paymentAccountCode to the Code of a bank account",
                        "Check the record against the message", null),
                Arguments.of(400, headers(), validation("The TaxType code 'OUTPUT' cannot be used with account code '200'"),
                        INVOICE, ErrorCode.TAX_MISMATCH,
                        "Xero rejected the invoice's tax: The TaxType code 'OUTPUT' cannot be used with account code '200'",
                        "Check the tax mapping under Settings → Sync → Tax", null),
                Arguments.of(400, headers(), validation("You have reached the limit of invoices you can approve!"), INVOICE,
                        ErrorCode.VENDOR_ERROR, "Xero said: You have reached the limit of invoices you can approve!",
                        "contact support", null),
                Arguments.of(404, headers(), "{\"Message\":\"The document with the supplied id was not found for this endpoint.\"}",
                        INVOICE, ErrorCode.VENDOR_ERROR, "Xero has no invoice any more (deleted or archived there)",
                        "Check the record", null),
                Arguments.of(400, headers(), validation("An existing invoice with the specified ID could not be found"),
                        INVOICE, ErrorCode.VENDOR_ERROR, "Xero has no invoice any more", "Check the record", null),
                Arguments.of(401, headers(), """
                                {"Type":null,"Title":"Unauthorized","Status":401,"Detail":"TokenExpired: token expired at \
                                04/09/2023 05:16:59","Instance":"6489df60","Extensions":{}}""", INVOICE,
                        ErrorCode.UNAUTHORIZED, "Xero refused the connection's authorisation: Unable to refresh tokens: TokenExpired",
                        "Reconnect Xero under Settings → Connections. Waiting syncs resume by themselves.", null),
                Arguments.of(401, headers(), """
                                {"Type":null,"Title":"Unauthorized","Status":401,"Detail":"AuthenticationUnsuccessful",\
                                "Instance":"1","Extensions":{}}""", INVOICE, ErrorCode.UNAUTHORIZED,
                        "Xero refused the connection's authorisation: Invalid token set provided (401 AuthenticationUnsuccessful)",
                        "Reconnect Xero", null),
                Arguments.of(403, headers(), """
                                {"Type":null,"Title":"Forbidden","Status":403,"Detail":"AuthorizationUnsuccessful",\
                                "Instance":"1","Extensions":{}}""", CUSTOMER, ErrorCode.UNAUTHORIZED,
                        "Forbidden (403): AuthorizationUnsuccessful. The token does not reach this organisation",
                        "Reconnect Xero", null),
                Arguments.of(429, headers("X-Rate-Limit-Problem", "minute", "Retry-After", "45"), "", INVOICE,
                        ErrorCode.RATE_LIMITED, "Xero's minute rate limit was reached.",
                        "Nothing to do: syncs wait and resume by themselves", 45L),
                Arguments.of(429, headers("X-Rate-Limit-Problem", "Day", "Retry-After", "66975"), "", INVOICE,
                        ErrorCode.RATE_LIMITED, "Xero's daily rate limit was reached.",
                        "Nothing to do: syncs wait and resume by themselves when the limit resets.", 66975L),
                Arguments.of(429, headers("X-Rate-Limit-Problem", "appminute", "Retry-After", "20"), "", INVOICE,
                        ErrorCode.RATE_LIMITED, "Xero's app-wide minute rate limit was reached.", "Nothing to do", 20L),
                Arguments.of(429, headers("X-Rate-Limit-Problem", "concurrent"), "", INVOICE,
                        ErrorCode.RATE_LIMITED, "Xero's concurrency rate limit was reached.", "Nothing to do", 1L),
                Arguments.of(503, headers(), "The Xero API is currently offline for maintenance", INVOICE,
                        ErrorCode.TEMPORARILY_UNAVAILABLE,
                        "Xero is temporarily unavailable: HTTP 503: The Xero API is currently offline for maintenance",
                        "Nothing to do: retried automatically with backoff.", null),
                Arguments.of(503, headers(), "Organisation offline", INVOICE, ErrorCode.TEMPORARILY_UNAVAILABLE,
                        "Xero is temporarily unavailable: HTTP 503: Organisation offline", "retried automatically", null),
                Arguments.of(500, headers(), "{\"Message\":\"An error occurred\"}", INVOICE,
                        ErrorCode.TEMPORARILY_UNAVAILABLE, "Xero is temporarily unavailable: HTTP 500: An error occurred",
                        "retried automatically", null),
                Arguments.of(412, headers(), "TLS 1.0 is not supported", INVOICE, ErrorCode.VENDOR_ERROR,
                        "Xero said: HTTP 412: TLS 1.0 is not supported", "contact support", null),
                Arguments.of(400, headers(), "{\"ErrorNumber\":10,\"Type\":\"ValidationException\",\"Message\":"
                                + "\"Idempotency Key abc is used with a different request\"}", INVOICE,
                        ErrorCode.TEMPORARILY_UNAVAILABLE, "Idempotency Key abc is used with a different request",
                        "retried automatically", 360L));
    }

    @ParameterizedTest(name = "{0} {4}: {5}")
    @MethodSource("answers")
    void every_xero_answer_reaches_the_user_as_the_catalogue_says(int status, HttpHeaders headers, String body,
            Outbound record, ErrorCode code, String message, String fix, Long retrySeconds) {
        var c = errors.response(status, headers, body, record, ORGANISATION);
        var shown = c.error().with("destination", "Xero").with("source", "HubSpot");
        assertThat(shown.code()).isEqualTo(code);
        assertThat(shown.message()).contains(message);
        assertThat(shown.fix()).contains(fix);
        if (retrySeconds == null) {
            assertThat(c.retryAfter()).isNull();
        } else {
            assertThat(c.retryAfter()).isEqualTo(NOW.plusSeconds(retrySeconds));
        }
    }

    @Test
    void a_day_limit_says_when_syncs_resume_and_fails_nothing() {
        var c = errors.response(429, headers("X-Rate-Limit-Problem", "day", "Retry-After", "3600"), "", INVOICE,
                XeroErrors.Organisation.NONE);
        assertThat(c.error().kind()).isEqualTo(ErrorKind.TRANSIENT);
        assertThat(c.error().vendorMessage()).startsWith("Daily rate limit hit")
                .contains("Nothing fails: syncs queue up and resume at 2026-11-20T11:00:00Z.");
        assertThat(c.error().details()).containsEntry("resumesAt", "2026-11-20T11:00:00Z");
    }

    @Test
    void a_minute_limit_is_worded_as_the_articles_do() {
        var c = errors.response(429, headers("X-Rate-Limit-Problem", "MINUTE", "Retry-After", "12"), "", INVOICE,
                XeroErrors.Organisation.NONE);
        assertThat(c.error().vendorMessage()).startsWith("Minute rate limit hit");
        assertThat(c.retryAfter()).isEqualTo(NOW.plusSeconds(12));
    }

    @Test
    void a_429_without_retry_after_waits_the_configured_time() {
        var c = errors.response(429, headers("X-Rate-Limit-Problem", "minute"), "", INVOICE, XeroErrors.Organisation.NONE);
        assertThat(c.retryAfter()).isEqualTo(NOW.plusSeconds(60));
    }

    @Test
    void one_element_of_a_summarized_false_answer_is_classified_like_a_400() {
        var c = errors.element(List.of("Invoice # must be unique."), INVOICE, XeroErrors.Organisation.NONE);
        assertThat(c.error().code()).isEqualTo(ErrorCode.ALREADY_SYNCED);
        assertThat(c.error().vendorMessage()).isEqualTo("Invoice # must be unique.");
    }

    @Test
    void a_voided_invoice_that_cannot_be_modified_is_not_called_paid() {
        XeroErrors.Organisation voided = id -> Optional.of(new XeroErrors.InvoiceState("INV-1042", "VOIDED", BigDecimal.ZERO));
        var c = errors.element(List.of("Invoice not of valid status for modification"), INVOICE, "inv-guid", voided);
        assertThat(c.error().code()).isEqualTo(ErrorCode.VENDOR_ERROR);
        assertThat(c.error().with("destination", "Xero").message()).contains("Invoice INV-1042 is VOIDED in Xero");
    }

    @Test
    void a_payment_on_an_invoice_not_in_xero_waits_for_its_invoice() {
        var c = errors.element(List.of("The document with the supplied id was not found for this endpoint."), PAYMENT,
                XeroErrors.Organisation.NONE);
        assertThat(c.error().code()).isEqualTo(ErrorCode.INVOICE_NOT_SYNCED);
    }

    /**
     * Xero's words for an unknown TaxType are not in API_FACTS B.5; any TaxType message that is not "cannot be used
     * with account code" is read as a mapping to a tax type the organisation does not have.
     */
    @Test
    void an_unknown_tax_type_names_the_source_tax_rate_to_map() {
        var c = errors.element(List.of("TaxType code 'OUTPUT' is not a valid tax type"), INVOICE,
                XeroErrors.Organisation.NONE);
        SyncError shown = c.error().with("destination", "Xero");
        assertThat(shown.code()).isEqualTo(ErrorCode.TAX_CODE_NOT_MAPPED);
        assertThat(shown.message()).isEqualTo("Tax rate \"GST\" is not mapped to a tax code of Xero.");
    }

    @Test
    void a_dead_refresh_token_is_unable_to_refresh_tokens_and_needs_a_reconnect() {
        var e = errors.tokenRefreshFailed("Xero refused the refresh token (invalid_grant)");
        assertThat(e.title()).isEqualTo("Unable to refresh tokens");
        assertThat(e.kind()).isEqualTo(ErrorKind.CONNECTION);
        assertThat(e.with("destination", "Xero").fix()).isEqualTo(
                "Reconnect Xero under Settings → Connections. Waiting syncs resume by themselves.");
    }
}
