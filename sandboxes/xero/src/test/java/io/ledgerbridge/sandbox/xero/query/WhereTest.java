package io.ledgerbridge.sandbox.xero.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.ledgerbridge.sandbox.xero.wire.XeroJson;
import org.junit.jupiter.api.Test;

class WhereTest {
    private final JsonNode invoice = XeroJson.parse("""
            {"Type":"ACCREC","Status":"AUTHORISED","InvoiceNumber":"INV-7","Total":120.00,
             "Date":"/Date(1551916800000+0000)/","Contact":{"ContactID":"430FA14A-F945-44D3-9F97-5DF5E28441B8","Name":"Liam Gallagher"}}""");

    private boolean where(String clause) {
        return Where.parse(clause).test(invoice);
    }

    @Test
    void the_forms_integrations_use_match() {
        assertThat(where("Status==\"AUTHORISED\"")).isTrue();
        assertThat(where("InvoiceNumber==\"INV-7\"")).isTrue();
        assertThat(where("Contact.ContactID==guid(\"430fa14a-f945-44d3-9f97-5df5e28441b8\")")).isTrue();
        assertThat(where("Status==\"AUTHORISED\" && Type==\"ACCREC\"")).isTrue();
        assertThat(where("Status==\"DRAFT\" || Status==\"AUTHORISED\"")).isTrue();
        assertThat(where("Status == \"DRAFT\" AND Type == \"ACCREC\"")).isFalse();
        assertThat(where("Status!=\"DRAFT\"")).isTrue();
    }

    @Test
    void numbers_dates_methods_and_parentheses() {
        assertThat(where("Total >= 100")).isTrue();
        assertThat(where("Total < 100")).isFalse();
        assertThat(where("Date >= DateTime(2019, 03, 07)")).isTrue();
        assertThat(where("Date > DateTime(2019, 03, 07)")).isFalse();
        assertThat(where("Contact.Name.Contains(\"gall\")")).isTrue();
        assertThat(where("Contact.Name.ToLower()==\"liam gallagher\"")).isTrue();
        assertThat(where("(Status==\"DRAFT\" || Total > 1) && !(Type==\"ACCPAY\")")).isTrue();
        assertThat(where("Reference==null")).isTrue();
    }

    @Test
    void a_broken_clause_is_refused() {
        assertThatThrownBy(() -> Where.parse("Status==")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Where.parse("Status==\"A\" junk")).isInstanceOf(IllegalArgumentException.class);
    }
}
