package io.ledgerbridge.sandbox.xero;

import static io.ledgerbridge.sandbox.xero.InvoiceApiIT.enc;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.ledgerbridge.sandbox.xero.write.Invalid;
import java.math.BigDecimal;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.Test;

class ContactItemSettingsIT extends SandboxFixture {
    @Test
    void contacts_are_created_found_by_where_and_a_duplicate_active_name_is_refused() {
        var a = client.put("/Contacts", "{\"Contacts\":[{\"Name\":\"Buzz Lightyear\",\"EmailAddress\":\"buzz@example.com\"}]}");
        assertThat(a.status()).as(a.body()).isEqualTo(200);
        JsonNode c = a.json().get("Contacts").get(0);
        assertThat(c.get("ContactStatus").asText()).isEqualTo("ACTIVE");
        assertThat(c.get("UpdatedDateUTC").asText()).matches("/Date\\(\\d+\\+0000\\)/");
        var dup = client.put("/Contacts", "{\"Contacts\":[{\"Name\":\"Buzz Lightyear\"}]}");
        assertThat(dup.status()).isEqualTo(400);
        assertThat(dup.json().get("Elements").get(0).get("ValidationErrors").get(0).get("Message").asText()).isEqualTo(
                "The contact name Buzz Lightyear is already assigned to another contact. The contact name must be unique across all active contacts.");
        assertThat(client.get("/Contacts?where=" + enc("EmailAddress==\"buzz@example.com\"")).json().get("Contacts")).hasSize(1);
        assertThat(client.get("/Contacts?where=" + enc("Name==\"Buzz Lightyear\"")).json().get("Contacts")).hasSize(1);
        // POST with the same name updates the contact of that name
        var upsert = client.post("/Contacts", "{\"Contacts\":[{\"Name\":\"Buzz Lightyear\",\"FirstName\":\"Buzz\"}]}");
        assertThat(upsert.json().get("Contacts").get(0).get("ContactID").asText()).isEqualTo(c.get("ContactID").asText());
        assertThat(sandbox.contacts(tenantId)).hasSize(1);
    }

    @Test
    void an_archived_contact_frees_its_name_and_is_hidden_unless_asked_for() {
        String id = contactId("Old Name");
        client.post("/Contacts/" + id, "{\"Contacts\":[{\"ContactStatus\":\"ARCHIVED\"}]}");
        assertThat(client.put("/Contacts", "{\"Contacts\":[{\"Name\":\"Old Name\"}]}").status()).isEqualTo(200);
        assertThat(client.get("/Contacts").json().get("Contacts")).hasSize(1);
        assertThat(client.get("/Contacts?includeArchived=true").json().get("Contacts")).hasSize(2);
    }

    @Test
    void items_need_a_unique_code_and_no_refused_symbols() {
        var a = client.put("/Items", "{\"Items\":[{\"Code\":\"abc\",\"Name\":\"Widget\",\"SalesDetails\":{\"UnitPrice\":9.5,\"AccountCode\":\"200\"}}]}");
        assertThat(a.status()).as(a.body()).isEqualTo(200);
        assertThat(a.json().get("Items").get(0).get("SalesDetails").get("UnitPrice").decimalValue()).isEqualByComparingTo("9.5");
        var dup = client.put("/Items", "{\"Items\":[{\"Code\":\"abc\",\"Name\":\"Other\"}]}");
        assertThat(dup.status()).isEqualTo(400);
        assertThat(dup.body()).contains("Price List Item with Code 'abc' already exists");
        var symbols = client.put("/Items", "{\"Items\":[{\"Code\":\"W-2\",\"Name\":\"Widget <Pro>\"}]}");
        assertThat(symbols.status()).isEqualTo(400);
        assertThat(symbols.body()).contains("Please remove the incorrect symbols from the product name.");
        var emoji = client.put("/Items", "{\"Items\":[{\"Code\":\"W-3\",\"Name\":\"Rocket \uD83D\uDE80\"}]}");
        assertThat(emoji.body()).contains("Please remove the incorrect symbols from the product name.");
        var badAccount = client.put("/Items", "{\"Items\":[{\"Code\":\"W-4\",\"SalesDetails\":{\"AccountCode\":\"999\"}}]}");
        assertThat(badAccount.body()).contains("Account code '999' is not a valid code for this document");
        assertThat(client.get("/Items?where=" + enc("Code==\"abc\"")).json().get("Items")).hasSize(1);
    }

    @Test
    void an_item_is_deleted_with_204_and_is_then_not_found_and_a_line_with_its_code_is_refused() {
        String id = sandbox.createItem(tenantId, "GONE-1", "Gone", new BigDecimal("5.00"));
        var d = client.send("DELETE", "/Items/" + id, null);
        assertThat(d.status()).as(d.body()).isEqualTo(204);
        assertThat(d.body()).isEmpty();
        assertThat(client.get("/Items/" + id).status()).isEqualTo(404);
        assertThat(client.send("DELETE", "/Items/" + id, null).status()).isEqualTo(404);
        String contact = contactId("Deleted Item Buyer");
        var inv = client.put("/Invoices?summarizeErrors=false", "{\"Invoices\":[{\"Type\":\"ACCREC\",\"Contact\":{\"ContactID\":\""
                + contact + "\"},\"LineItems\":[{\"ItemCode\":\"GONE-1\",\"Quantity\":1,\"UnitAmount\":5,\"AccountCode\":\"200\"}]}]}");
        assertThat(inv.json().get("Invoices").get(0).get("ValidationErrors").get(0).get("Message").asText())
                .isEqualTo("Item code 'GONE-1' is not valid");
    }

    @Test
    void a_bad_item_name_can_be_fixed_by_renaming_it_and_invoices_then_use_it() {
        sandbox.createItem(tenantId, "GADGET-PRO", "Gadget", new BigDecimal("12.00"));
        Assertions.assertThatThrownBy(() -> sandbox.renameItem(tenantId, "GADGET-PRO", "Gadget; Pro")).isInstanceOf(Invalid.class)
                .hasMessageContaining("incorrect symbols");
        sandbox.renameItem(tenantId, "GADGET-PRO", "Gadget Pro");
        assertThat(sandbox.items(tenantId).getFirst().get("Name").asText()).isEqualTo("Gadget Pro");
        var inv = client.put("/Invoices", "{\"Invoices\":[{\"Type\":\"ACCREC\",\"Contact\":{\"Name\":\"Shop\"},\"Status\":\"AUTHORISED\","
                + "\"LineItems\":[{\"ItemCode\":\"GADGET-PRO\",\"Quantity\":2}]}]}");
        assertThat(inv.status()).as(inv.body()).isEqualTo(200);
        JsonNode line = inv.json().get("Invoices").get(0).get("LineItems").get(0);
        assertThat(line.get("UnitAmount").decimalValue()).isEqualByComparingTo("12.00");
        assertThat(line.get("AccountCode").asText()).isEqualTo("200");
        assertThat(line.get("TaxType").asText()).isEqualTo("OUTPUT2");
        assertThat(line.get("Item").get("Code").asText()).isEqualTo("GADGET-PRO");
        assertThat(inv.json().get("Invoices").get(0).get("Total").decimalValue()).isEqualByComparingTo("28.80");
    }

    @Test
    void accounts_tax_rates_and_the_organisation_are_seeded_for_the_country() {
        JsonNode accounts = client.get("/Accounts").json().get("Accounts");
        assertThat(accounts).extracting(a -> a.get("Code").asText()).contains("090", "200", "260", "610");
        JsonNode bank = client.get("/Accounts?where=" + enc("Code==\"090\"")).json().get("Accounts").get(0);
        assertThat(bank.get("Type").asText()).isEqualTo("BANK");
        assertThat(bank.get("EnablePaymentsToAccount").asBoolean()).isTrue();
        JsonNode rates = client.get("/TaxRates").json().get("TaxRates");
        assertThat(rates).extracting(r -> r.get("TaxType").asText()).contains("OUTPUT2", "ZERORATEDOUTPUT", "EXEMPTOUTPUT", "NONE");
        JsonNode output2 = client.get("/TaxRates?where=" + enc("TaxType==\"OUTPUT2\"")).json().get("TaxRates").get(0);
        assertThat(output2.get("EffectiveRate").decimalValue()).isEqualByComparingTo("20");
        JsonNode org = client.get("/Organisation").json().get("Organisations").get(0);
        assertThat(org.get("OrganisationID").asText()).isEqualTo(tenantId);
        assertThat(org.get("BaseCurrency").asText()).isEqualTo("GBP");
        assertThat(org.get("CountryCode").asText()).isEqualTo("GB");
        assertThat(org.get("Version").asText()).isEqualTo("UK");
        String au = sandbox.createOrganisation("Demo AU", "AU", "AUD");
        assertThat(sandbox.list(au, "TaxRates")).extracting(r -> r.get("TaxType").asText()).contains("OUTPUT", "EXEMPTOUTPUT", "BASEXCLUDED");
        String nz = sandbox.createOrganisation("Demo NZ", "NZ", "NZD");
        assertThat(sandbox.list(nz, "TaxRates").getFirst().get("EffectiveRate").decimalValue()).isEqualByComparingTo("15");
    }

    @Test
    void tracking_categories_and_credit_notes() {
        var t = client.put("/TrackingCategories", "{\"Name\":\"Region\",\"Options\":[{\"Name\":\"North\"}]}");
        assertThat(t.status()).as(t.body()).isEqualTo(200);
        assertThat(client.get("/TrackingCategories").json().get("TrackingCategories").get(0).get("Options")).hasSize(1);
        var cn = client.put("/CreditNotes", "{\"CreditNotes\":[{\"Type\":\"ACCRECCREDIT\",\"Contact\":{\"Name\":\"Shop\"},\"Status\":\"AUTHORISED\","
                + "\"LineItems\":[{\"Description\":\"refund\",\"Quantity\":1,\"UnitAmount\":10,\"AccountCode\":\"200\",\"TaxType\":\"OUTPUT2\"}]}]}");
        assertThat(cn.status()).as(cn.body()).isEqualTo(200);
        JsonNode note = cn.json().get("CreditNotes").get(0);
        assertThat(note.get("CreditNoteNumber").asText()).isEqualTo("CN-0001");
        assertThat(note.get("Total").decimalValue()).isEqualByComparingTo("12.00");
        assertThat(note.get("RemainingCredit").decimalValue()).isEqualByComparingTo("12.00");
        String id = note.get("CreditNoteID").asText();
        assertThat(client.get("/CreditNotes/" + id).json().get("CreditNotes")).hasSize(1);
    }
}
