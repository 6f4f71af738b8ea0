package io.ledgerbridge.connector.quickbooks.error;

import static org.assertj.core.api.Assertions.assertThat;

import io.ledgerbridge.connector.Outbound;
import io.ledgerbridge.domain.error.ErrorCode;
import io.ledgerbridge.domain.error.ErrorKind;
import io.ledgerbridge.domain.record.Customer;
import io.ledgerbridge.domain.record.Invoice;
import io.ledgerbridge.domain.record.InvoiceLine;
import io.ledgerbridge.domain.record.InvoiceStatus;
import io.ledgerbridge.domain.record.Payment;
import io.ledgerbridge.domain.record.Product;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Every fault QuickBooks (and its sandbox) answers, classified into the catalogue with the record's details. The
 * bodies are the wire texts of API_FACTS A.5, as the QuickBooks sandbox sends them.
 */
class QuickBooksErrorsTest {

    private static final Instant NOW = Instant.parse("2026-11-20T10:00:00Z");
    private final QuickBooksErrors errors = new QuickBooksErrors(Clock.fixed(NOW, ZoneOffset.UTC), Duration.ofSeconds(60));

    private static final Outbound CUSTOMER = new Outbound.OutboundCustomer(
            new Customer("c1", "Amy's Bird Sanctuary", "amy@example.com", null, null, null));
    private static final Outbound PRODUCT = new Outbound.OutboundProduct(
            new Product("p1", "PROD-001", "Widget", null, BigDecimal.TEN, "USD", null));
    private static final Outbound.OutboundInvoice INVOICE = new Outbound.OutboundInvoice(
            new Invoice("i1", "1042", InvoiceStatus.OPEN, "c1", "USD", LocalDate.parse("2026-03-15"), null,
                    List.of(new InvoiceLine("PROD-001", "Widget", BigDecimal.ONE, BigDecimal.TEN, null),
                            new InvoiceLine("PROD-002", "Gadget", BigDecimal.ONE, BigDecimal.TEN, null)),
                    null, null),
            "58", Map.of("PROD-001", "7", "PROD-002", "8"), Map.of());
    private static final Outbound PAYMENT = new Outbound.OutboundPayment(
            new Payment("pay-1", "i1", new BigDecimal("25.00"), "USD", LocalDate.parse("2026-03-20"), "chk 1", null),
            "130", "58");

    private static String fault(String type, String code, String message, String detail, String element) {
        return """
                {"Fault":{"Error":[{"Message":"%s","Detail":"%s","code":"%s","element":"%s"}],"type":"%s"},\
                "time":"2026-11-20T02:00:00.000-08:00"}""".formatted(message, detail, code, element, type);
    }

    private static String validation(String code, String message, String detail, String element) {
        return fault("ValidationFault", code, message, detail, element);
    }

    private QuickBooksErrors.Classified classify(int status, String body, Outbound record) {
        return errors.response(status, null, body, record, QuickBooksErrors.Company.NONE);
    }

    private static QuickBooksErrors.Company company(LocalDate closing, QuickBooksErrors.InvoiceState invoice,
            Set<String> activeItems) {
        return new QuickBooksErrors.Company() {
            public Optional<LocalDate> closingDate() {
                return Optional.ofNullable(closing);
            }

            public Optional<QuickBooksErrors.InvoiceState> invoice(String invoiceId) {
                return Optional.ofNullable(invoice);
            }

            public Optional<Set<String>> activeItems(Collection<String> itemIds) {
                return Optional.ofNullable(activeItems);
            }
        };
    }

    @Test
    void duplicate_customer_name_6240_names_the_customer() {
        var c = classify(400, validation("6240", "Duplicate Name Exists Error",
                "The name supplied already exists. : Another customer, vendor or employee is already using this name. Please use a different name.",
                "DisplayName"), CUSTOMER);
        assertThat(c.error().code()).isEqualTo(ErrorCode.DUPLICATE_NAME);
        assertThat(c.error().details()).containsEntry("name", "Amy's Bird Sanctuary").containsEntry("entity", "customer");
        assertThat(c.error().message()).contains("a customer named \"Amy's Bird Sanctuary\"");
        assertThat(c.error().vendorMessage()).contains("Duplicate Name Exists Error").contains("6240");
    }

    @Test
    void duplicate_item_name_6240_names_the_product() {
        var c = classify(400, validation("6240", "Duplicate Name Exists Error",
                "The name supplied already exists. : Another product or service is already using this name. Please use a different name.",
                "Name"), PRODUCT);
        assertThat(c.error().code()).isEqualTo(ErrorCode.DUPLICATE_NAME);
        assertThat(c.error().message()).contains("a product named \"Widget\"");
    }

    @Test
    void duplicate_document_number_6140_is_already_synced_with_the_number() {
        var c = classify(400, validation("6140", "Duplicate Document Number Error",
                "Duplicate Document Number Error : You must specify a different number. This number has already been used. DocNumber=1042 is assigned to TxnType=Invoice with TxnId=111",
                "DocNumber"), INVOICE);
        assertThat(c.error().code()).isEqualTo(ErrorCode.ALREADY_SYNCED);
        assertThat(c.error().kind()).isEqualTo(ErrorKind.NEEDS_FIX);
        assertThat(c.error().message()).contains("invoice number 1042");
    }

    @Test
    void stale_object_5010_is_transient() {
        var c = classify(400, validation("5010", "Stale Object Error",
                "Stale Object Error : You and root were working on this at the same time. root finished before you did, so your work was not saved.",
                "SyncToken"), INVOICE);
        assertThat(c.error().code()).isEqualTo(ErrorCode.STALE_OBJECT);
        assertThat(c.error().kind()).isEqualTo(ErrorKind.TRANSIENT);
    }

    @Test
    void account_period_closed_6210_names_the_date_and_the_closing_date_read_from_preferences() {
        var c = errors.response(400, null, validation("6210", "Account Period Closed, Cannot Update Through Services API",
                "The account period has closed and the account books cannot be updated through the QBO Services API. Please use the QBO website to make these changes.",
                "TxnDate"), INVOICE, company(LocalDate.parse("2026-03-31"), null, null));
        assertThat(c.error().code()).isEqualTo(ErrorCode.CLOSED_PERIOD);
        assertThat(c.error().message()).contains("2026-03-15").contains("closed through 2026-03-31");
    }

    @Test
    void object_not_found_610_on_an_item_names_the_inactive_line_sku() {
        var body = validation("610", "Object Not Found",
                "Object Not Found : Something you're trying to use has been made inactive. Check the fields with accounts, customers, items, vendors or employees.",
                "ItemRef");
        var c = errors.response(400, null, body, INVOICE, company(null, null, Set.of("7")));
        assertThat(c.error().code()).isEqualTo(ErrorCode.SKU_NOT_FOUND);
        assertThat(c.error().details()).containsEntry("sku", "PROD-002").containsEntry("line", "2");
    }

    @Test
    void object_not_found_610_on_the_customer_or_the_linked_invoice_points_at_the_dependency() {
        var customer = classify(400, validation("610", "Object Not Found", "Object Not Found : inactive", "CustomerRef"), INVOICE);
        assertThat(customer.error().code()).isEqualTo(ErrorCode.CUSTOMER_NOT_SYNCED);
        assertThat(customer.error().message()).contains("\"c1\"").contains("58");
        var linked = classify(400, validation("610", "Object Not Found", "Object Not Found : missing", "LinkedTxn"), PAYMENT);
        assertThat(linked.error().code()).isEqualTo(ErrorCode.INVOICE_NOT_SYNCED);
        assertThat(linked.error().message()).contains("\"i1\"").contains("130");
        var tax = classify(400, validation("610", "Object Not Found", "Object Not Found : inactive", "TaxCodeRef"), INVOICE);
        assertThat(tax.error().code()).isEqualTo(ErrorCode.TAX_MISMATCH);
    }

    @Test
    void business_validation_6000_on_a_paid_invoice_is_invoice_paid() {
        var c = classify(400, validation("6000", "A business validation error has occurred while processing your request",
                "Business Validation Error: This transaction is paid. A paid invoice cannot be changed; remove or void the payment first.",
                "Id"), INVOICE);
        assertThat(c.error().code()).isEqualTo(ErrorCode.INVOICE_PAID);
        assertThat(c.error().message()).contains("Invoice 1042 is paid");
    }

    @Test
    void business_validation_6000_on_an_overpayment_names_amount_balance_and_number() {
        var c = classify(400, validation("6000", "A business validation error has occurred while processing your request",
                "Business Validation Error: The payment amount 25.00 is more than the open balance 10.00 of invoice 130 (DocNumber 1042).",
                "Line.Amount"), PAYMENT);
        assertThat(c.error().code()).isEqualTo(ErrorCode.PAYMENT_EXCEEDS_OUTSTANDING);
        assertThat(c.error().message()).isEqualTo("The payment of 25.00 is more than the 10.00 outstanding on invoice 1042.");
    }

    @Test
    void an_overpayment_without_the_balance_in_its_words_reads_the_invoice() {
        var c = errors.response(400, null, validation("6000", "A business validation error has occurred while processing your request",
                "Business Validation Error: Payment exceeds the amount due.", ""), PAYMENT,
                company(null, new QuickBooksErrors.InvoiceState("1042", new BigDecimal("7.5")), null));
        assertThat(c.error().message()).isEqualTo("The payment of 25.00 is more than the 7.50 outstanding on invoice 1042.");
    }

    @Test
    void business_validation_6000_on_a_name_with_a_colon_is_invalid_characters() {
        var c = classify(400, validation("6000", "A business validation error has occurred while processing your request",
                "Business Validation Error: The Name contains an invalid character. Remove any colon (:), tab or line break.",
                "Name"), PRODUCT);
        assertThat(c.error().code()).isEqualTo(ErrorCode.INVALID_CHARACTERS);
        assertThat(c.error().details()).containsEntry("name", "Widget");
    }

    @Test
    void any_other_fault_is_the_vendors_message_verbatim() {
        var c = classify(400, validation("6000", "A business validation error has occurred while processing your request",
                "Business Validation Error: Amount is not equal to UnitPrice * Qty. Supplied value:10.00, UnitPrice * Qty:12.00",
                "Line.Amount"), INVOICE);
        assertThat(c.error().code()).isEqualTo(ErrorCode.VENDOR_ERROR);
        assertThat(c.error().message()).contains("Amount is not equal to UnitPrice * Qty. Supplied value:10.00");
        var unknown = classify(400, validation("2010", "Request has invalid or unsupported property",
                "Property Name:Unrecognized field \\\"Foo\\\" (class com.intuit.schema.finance.v3.Invoice), not marked as ignorable specified is unsupported or invalid",
                ""), INVOICE);
        assertThat(unknown.error().code()).isEqualTo(ErrorCode.VENDOR_ERROR);
        assertThat(unknown.error().vendorMessage()).contains("Unrecognized field \"Foo\"");
        var batch = classify(400, validation("1040", "Batch size exceeds allowed limit",
                "Batch size 31 exceeds the allowed limit of 30 BatchItemRequest elements", "BatchItemRequest"), INVOICE);
        assertThat(batch.error().code()).isEqualTo(ErrorCode.VENDOR_ERROR);
    }

    @Test
    void expired_token_3200_and_wrong_company_100_and_forbidden_3100_are_connection_failures() {
        var expired = classify(401, fault("AUTHENTICATION", "3200", "message=AuthenticationFailed; errorCode=003200; statusCode=401",
                "Token expired: the access token expired at 2026-11-20T09:00:00Z", ""), INVOICE);
        assertThat(expired.error().code()).isEqualTo(ErrorCode.UNAUTHORIZED);
        assertThat(expired.error().kind()).isEqualTo(ErrorKind.CONNECTION);
        var realm = classify(401, fault("AuthenticationFault", "100", "General Authentication Error",
                "AuthenticationErrorGeneral: SRV-110-Authentication Failure , statusCode: 401", ""), INVOICE);
        assertThat(realm.error().code()).isEqualTo(ErrorCode.UNAUTHORIZED);
        var forbidden = classify(403, fault("SERVICE", "3100", "message=AuthorizationFailed; errorCode=003100; statusCode=403", "", ""), INVOICE);
        assertThat(forbidden.error().code()).isEqualTo(ErrorCode.UNAUTHORIZED);
    }

    @Test
    void an_expired_token_sent_as_xml_is_read_too() {
        var xml = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?><IntuitResponse xmlns=\"http://schema.intuit.com/finance/v3\" "
                + "time=\"2026-11-20T02:00:00.000-08:00\"><Fault type=\"AUTHENTICATION\"><Error code=\"3200\"><Message>message=AuthenticationFailed; "
                + "errorCode=003200; statusCode=401</Message><Detail>Token expired</Detail></Error></Fault></IntuitResponse>";
        var c = classify(401, xml, CUSTOMER);
        assertThat(c.error().code()).isEqualTo(ErrorCode.UNAUTHORIZED);
        assertThat(c.error().vendorMessage()).contains("AuthenticationFailed").contains("Token expired");
    }

    @Test
    void throttled_3001_waits_sixty_seconds_unless_a_header_says_otherwise() {
        var json = fault("SERVICE", "3001", "message=ThrottleExceeded; errorCode=003001; statusCode=429",
                "The request limit was reached.  Try again later", "");
        var c = classify(429, json, INVOICE);
        assertThat(c.error().code()).isEqualTo(ErrorCode.RATE_LIMITED);
        assertThat(c.error().kind()).isEqualTo(ErrorKind.TRANSIENT);
        assertThat(c.error().details()).containsEntry("limit", "minute");
        assertThat(c.retryAfter()).isEqualTo(NOW.plusSeconds(60));
        assertThat(errors.response(429, "7", json, INVOICE, QuickBooksErrors.Company.NONE).retryAfter())
                .isEqualTo(NOW.plusSeconds(7));
        assertThat(errors.response(429, "Fri, 20 Nov 2026 10:00:30 GMT", json, INVOICE, QuickBooksErrors.Company.NONE)
                .retryAfter()).isEqualTo(NOW.plusSeconds(30));
        var xml = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?><IntuitResponse xmlns=\"http://schema.intuit.com/finance/v3\" "
                + "time=\"t\"><Fault type=\"SERVICE\"><Error code=\"3001\"><Message>message=ThrottleExceeded; errorCode=003001; "
                + "statusCode=429</Message><Detail>The request limit was reached.  Try again later</Detail></Error></Fault></IntuitResponse>";
        assertThat(classify(429, xml, INVOICE).error().code()).isEqualTo(ErrorCode.RATE_LIMITED);
    }

    @Test
    void unavailable_503_and_system_faults_are_temporarily_unavailable() {
        var unavailable = classify(503, fault("SystemFault", "503", "Service Unavailable",
                "The service is temporarily unavailable. Please retry later.", ""), INVOICE);
        assertThat(unavailable.error().code()).isEqualTo(ErrorCode.TEMPORARILY_UNAVAILABLE);
        var system = classify(500, fault("SystemFault", "10000", "An application error has occurred while processing your request",
                "System Failure Error: NullPointerException", ""), INVOICE);
        assertThat(system.error().code()).isEqualTo(ErrorCode.TEMPORARILY_UNAVAILABLE);
        var gateway = classify(502, "<html><body>Bad Gateway</body></html>", INVOICE);
        assertThat(gateway.error().code()).isEqualTo(ErrorCode.TEMPORARILY_UNAVAILABLE);
        assertThat(gateway.error().vendorMessage()).startsWith("HTTP 502");
    }

    @Test
    void a_batch_item_fault_is_classified_like_a_response() {
        var fault = QuickBooksFault.parse(validation("6240", "Duplicate Name Exists Error", "The name supplied already exists.", "DisplayName"))
                .orElseThrow();
        var c = errors.batchItem(fault, CUSTOMER, QuickBooksErrors.Company.NONE);
        assertThat(c.error().code()).isEqualTo(ErrorCode.DUPLICATE_NAME);
    }

    @Test
    void camel_case_faults_of_sdk_serialisations_and_zero_padded_codes_are_read() {
        var body = "{\"fault\":{\"error\":[{\"message\":\"message=AuthenticationFailed; errorCode=003200; statusCode=401\","
                + "\"detail\":\"Token invalid\",\"code\":\"003200\"}],\"type\":\"AUTHENTICATION\"}}";
        var fault = QuickBooksFault.parse(body).orElseThrow();
        assertThat(fault.code()).isEqualTo("3200");
        assertThat(classify(200, body, INVOICE).error().code()).isEqualTo(ErrorCode.UNAUTHORIZED);
    }

    @Test
    void a_dead_refresh_token_is_token_refresh_failed_and_pauses_the_connection() {
        var e = errors.tokenRefreshFailed("QuickBooks refused the refresh token (invalid_grant)");
        assertThat(e.code()).isEqualTo(ErrorCode.TOKEN_REFRESH_FAILED);
        assertThat(e.kind()).isEqualTo(ErrorKind.CONNECTION);
    }
}
