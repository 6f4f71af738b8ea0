package io.ledgerbridge.domain;

import static org.assertj.core.api.Assertions.assertThat;

import io.ledgerbridge.domain.error.ErrorCode;
import io.ledgerbridge.domain.error.ErrorKind;
import io.ledgerbridge.domain.error.SyncError;
import org.junit.jupiter.api.Test;

class ErrorCatalogueTest {

    @Test
    void sku_not_found_names_the_sku_and_tells_how_to_fix_it() {
        var error = SyncError.of(ErrorCode.SKU_NOT_FOUND, "sku", "PROD-001", "line", "2", "destination", "QuickBooks Online");
        assertThat(error.kind()).isEqualTo(ErrorKind.NEEDS_FIX);
        assertThat(error.title()).isEqualTo("SKU not found");
        assertThat(error.message()).isEqualTo("No product with SKU \"PROD-001\" exists in QuickBooks Online (line 2). "
                + "Every line must match a product by exact, case-sensitive SKU, so the whole invoice was not synced.");
        assertThat(error.fix()).startsWith("Create the product with the exact SKU \"PROD-001\" in QuickBooks Online");
    }

    @Test
    void closed_period_names_the_date_and_the_closing_date() {
        var error = SyncError.of(ErrorCode.CLOSED_PERIOD, "date", "2025-12-15", "closedThrough", "2025-12-31",
                "destination", "QuickBooks Online", "source", "HubSpot");
        assertThat(error.message()).contains("2025-12-15").contains("closed through 2025-12-31");
        assertThat(error.fix()).contains("mark it as synced manually");
    }

    @Test
    void customer_email_missing_names_the_customer() {
        var error = SyncError.of(ErrorCode.CUSTOMER_EMAIL_MISSING, "customer", "Amy's Bird Sanctuary", "source", "HubSpot");
        assertThat(error.message()).contains("Amy's Bird Sanctuary").contains("no email");
        assertThat(error.fix()).isEqualTo("Add an email address to the customer in HubSpot, then retry.");
    }

    @Test
    void vendor_errors_carry_the_vendors_own_words() {
        var error = SyncError.of(ErrorCode.VENDOR_ERROR, "destination", "Xero").withVendorMessage("Account code '999' is not a valid code");
        assertThat(error.message()).isEqualTo("Xero said: Account code '999' is not a valid code");
    }

    @Test
    void kinds_follow_the_product_table() {
        assertThat(ErrorCode.UNAUTHORIZED.kind()).isEqualTo(ErrorKind.CONNECTION);
        assertThat(ErrorCode.TOKEN_REFRESH_FAILED.kind()).isEqualTo(ErrorKind.CONNECTION);
        assertThat(ErrorCode.RATE_LIMITED.kind()).isEqualTo(ErrorKind.TRANSIENT);
        assertThat(ErrorCode.TEMPORARILY_UNAVAILABLE.kind()).isEqualTo(ErrorKind.TRANSIENT);
        assertThat(ErrorCode.MAPPING_UNAVAILABLE.kind()).isEqualTo(ErrorKind.TRANSIENT);
        assertThat(ErrorCode.ALREADY_SYNCED.kind()).isEqualTo(ErrorKind.NEEDS_FIX);
        assertThat(ErrorCode.PAYMENT_EXCEEDS_OUTSTANDING.kind()).isEqualTo(ErrorKind.NEEDS_FIX);
    }

    @Test
    void missing_details_render_as_a_question_mark_not_as_a_placeholder() {
        assertThat(SyncError.of(ErrorCode.SKU_NOT_FOUND).message()).doesNotContain("{").contains("\"?\"").contains("the destination");
    }
}
