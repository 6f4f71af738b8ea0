package io.ledgerbridge.sandbox.xero;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;

class InvoiceApiIT extends SandboxFixture {
    private JsonNode created(XeroClient.Answer a) {
        assertThat(a.status()).as(a.body()).isEqualTo(200);
        return a.json().get("Invoices").get(0);
    }

    @Test
    void put_creates_an_invoice_in_the_plural_envelope_with_xero_dates_and_totals() {
        var a = client.put("/Invoices", invoice(contactId("Liam Gallagher"), "INV-100", "AUTHORISED", "2", "20", "OUTPUT2"));
        JsonNode env = a.json();
        assertThat(env.get("Status").asText()).isEqualTo("OK");
        assertThat(env.get("Id").asText()).hasSize(36);
        assertThat(env.get("ProviderName").asText()).isNotBlank();
        assertThat(env.get("DateTimeUTC").asText()).matches("/Date\\(\\d+\\)/");
        JsonNode inv = created(a);
        assertThat(inv.get("InvoiceID").asText()).hasSize(36);
        assertThat(inv.get("Date").asText()).isEqualTo("/Date(1773187200000+0000)/");
        assertThat(inv.get("DateString").asText()).isEqualTo("2026-03-11T00:00:00");
        assertThat(inv.get("DueDateString").asText()).isEqualTo("2026-04-10T00:00:00");
        assertThat(inv.get("UpdatedDateUTC").asText()).matches("/Date\\(\\d+\\+0000\\)/");
        assertThat(inv.get("LineAmountTypes").asText()).isEqualTo("Exclusive");
        JsonNode line = inv.get("LineItems").get(0);
        assertThat(line.get("LineItemID").asText()).hasSize(36);
        assertThat(line.get("LineAmount").decimalValue()).isEqualByComparingTo("40.00");
        assertThat(line.get("TaxAmount").decimalValue()).isEqualByComparingTo("8.00");
        assertThat(inv.get("SubTotal").decimalValue()).isEqualByComparingTo("40.00");
        assertThat(inv.get("TotalTax").decimalValue()).isEqualByComparingTo("8.00");
        assertThat(inv.get("Total").decimalValue()).isEqualByComparingTo("48.00");
        assertThat(inv.get("AmountDue").decimalValue()).isEqualByComparingTo("48.00");
        assertThat(inv.get("AmountPaid").decimalValue()).isEqualByComparingTo("0.00");
        assertThat(inv.get("Status").asText()).isEqualTo("AUTHORISED");
    }

    @Test
    void inclusive_and_no_tax_totals_and_discounts_are_computed_as_xero_does() {
        String c = contactId("Noel");
        String inclusive = """
                {"Invoices":[{"Type":"ACCREC","Contact":{"ContactID":"%s"},"LineAmountTypes":"Inclusive",
                  "LineItems":[{"Description":"a","Quantity":1,"UnitAmount":120,"AccountCode":"200","TaxType":"OUTPUT2"},
                               {"Description":"b","Quantity":3,"UnitAmount":3.335,"AccountCode":"200","TaxType":"OUTPUT2","DiscountRate":10}]}]}"""
                .formatted(c);
        JsonNode inv = created(client.put("/Invoices", inclusive));
        // 120 inclusive of 20% → tax 20.00; 3 × 3.34 (unit rounded to 2 dp) × 0.9 = 9.018 → 9.02, tax 9.02×20/120 = 1.50
        assertThat(inv.get("LineItems").get(1).get("LineAmount").decimalValue()).isEqualByComparingTo("9.02");
        assertThat(inv.get("TotalTax").decimalValue()).isEqualByComparingTo("21.50");
        assertThat(inv.get("Total").decimalValue()).isEqualByComparingTo("129.02");
        assertThat(inv.get("SubTotal").decimalValue()).isEqualByComparingTo("107.52");
        String noTax = """
                {"Invoices":[{"Type":"ACCREC","Contact":{"ContactID":"%s"},"LineAmountTypes":"NoTax",
                  "LineItems":[{"Description":"a","Quantity":2,"UnitAmount":10,"AccountCode":"200"}]}]}""".formatted(c);
        JsonNode nt = created(client.put("/Invoices", noTax));
        assertThat(nt.get("TotalTax").decimalValue()).isEqualByComparingTo("0.00");
        assertThat(nt.get("Total").decimalValue()).isEqualByComparingTo("20.00");
    }

    @Test
    void a_duplicate_number_is_refused_with_400_and_the_valid_elements_are_still_saved() {
        String c = contactId("Liam");
        client.put("/Invoices", invoice(c, "INV-1", "AUTHORISED", "1", "10", "OUTPUT2"));
        String two = """
                {"Invoices":[{"Type":"ACCREC","Contact":{"ContactID":"%s"},"InvoiceNumber":"INV-1","LineItems":[]},
                             {"Type":"ACCREC","Contact":{"ContactID":"%s"},"InvoiceNumber":"INV-2","LineItems":[]}]}""".formatted(c, c);
        var a = client.put("/Invoices", two);
        assertThat(a.status()).isEqualTo(400);
        JsonNode err = a.json();
        assertThat(err.get("ErrorNumber").asInt()).isEqualTo(10);
        assertThat(err.get("Type").asText()).isEqualTo("ValidationException");
        assertThat(err.get("Message").asText()).isEqualTo("A validation exception occurred");
        assertThat(err.get("Elements")).hasSize(1);
        assertThat(err.get("Elements").get(0).get("ValidationErrors").get(0).get("Message").asText()).isEqualTo("Invoice # must be unique.");
        assertThat(sandbox.countInvoicesByNumber(tenantId, "INV-1")).isEqualTo(1);
        assertThat(sandbox.countInvoicesByNumber(tenantId, "INV-2")).isEqualTo(1);
    }

    @Test
    void summarize_errors_false_answers_200_with_each_element_marked() {
        String c = contactId("Liam");
        client.put("/Invoices", invoice(c, "INV-1", "DRAFT", "1", "10", "OUTPUT2"));
        String two = """
                {"Invoices":[{"Type":"ACCREC","Contact":{"ContactID":"%s"},"InvoiceNumber":"INV-1"},
                             {"Type":"ACCREC","Contact":{"ContactID":"%s"},"InvoiceNumber":"INV-3"}]}""".formatted(c, c);
        var a = client.put("/Invoices?summarizeErrors=false", two);
        assertThat(a.status()).isEqualTo(200);
        JsonNode bad = a.json().get("Invoices").get(0);
        JsonNode good = a.json().get("Invoices").get(1);
        assertThat(bad.get("StatusAttributeString").asText()).isEqualTo("ERROR");
        assertThat(bad.get("HasErrors").asBoolean()).isTrue();
        assertThat(bad.get("ValidationErrors").get(0).get("Message").asText()).isEqualTo("Invoice # must be unique.");
        assertThat(good.get("StatusAttributeString").asText()).isEqualTo("OK");
        assertThat(good.get("HasErrors").asBoolean()).isFalse();
        assertThat(good.get("InvoiceID").asText()).hasSize(36);
    }

    @Test
    void numbers_are_generated_when_missing() {
        JsonNode inv = created(client.put("/Invoices", invoice(contactId("A"), null, "DRAFT", "1", "1", "OUTPUT2")));
        assertThat(inv.get("InvoiceNumber").asText()).isEqualTo("INV-0001");
    }

    @Test
    void lines_with_an_id_are_updated_lines_without_are_added_and_lines_left_out_are_deleted() {
        String c = contactId("A");
        String body = """
                {"Invoices":[{"Type":"ACCREC","Contact":{"ContactID":"%s"},"LineItems":[
                  {"Description":"keep","Quantity":1,"UnitAmount":10,"AccountCode":"200","TaxType":"NONE"},
                  {"Description":"drop","Quantity":1,"UnitAmount":5,"AccountCode":"200","TaxType":"NONE"}]}]}""".formatted(c);
        JsonNode inv = created(client.put("/Invoices", body));
        String id = inv.get("InvoiceID").asText();
        String keepId = inv.get("LineItems").get(0).get("LineItemID").asText();
        String update = """
                {"Invoices":[{"InvoiceID":"%s","LineItems":[{"LineItemID":"%s","Quantity":2},
                  {"Description":"new","Quantity":1,"UnitAmount":1,"AccountCode":"200","TaxType":"NONE"}]}]}""".formatted(id, keepId);
        JsonNode after = created(client.post("/Invoices/" + id, update));
        assertThat(after.get("LineItems")).hasSize(2);
        assertThat(after.get("LineItems").get(0).get("LineItemID").asText()).isEqualTo(keepId);
        assertThat(after.get("LineItems").get(0).get("Description").asText()).isEqualTo("keep");
        assertThat(after.get("LineItems").get(0).get("LineAmount").decimalValue()).isEqualByComparingTo("20.00");
        assertThat(after.get("LineItems").get(1).get("Description").asText()).isEqualTo("new");
        assertThat(after.get("Total").decimalValue()).isEqualByComparingTo("21.00");
    }

    @Test
    void payments_reduce_the_amount_due_and_a_paid_invoice_cannot_be_changed() {
        String c = contactId("Payer");
        JsonNode inv = created(client.put("/Invoices", invoice(c, "INV-P", "AUTHORISED", "1", "100", "OUTPUT2")));
        String id = inv.get("InvoiceID").asText();
        String pay = """
                {"Payments":[{"Invoice":{"InvoiceID":"%s"},"Account":{"Code":"090"},"Date":"2026-03-12","Amount":%s}]}""";
        var p1 = client.put("/Payments", pay.formatted(id, "20.00"));
        assertThat(p1.status()).as(p1.body()).isEqualTo(200);
        assertThat(p1.json().get("Payments").get(0).get("PaymentType").asText()).isEqualTo("ACCRECPAYMENT");
        JsonNode partly = client.get("/Invoices/" + id).json().get("Invoices").get(0);
        assertThat(partly.get("AmountPaid").decimalValue()).isEqualByComparingTo("20.00");
        assertThat(partly.get("AmountDue").decimalValue()).isEqualByComparingTo("100.00");
        var over = client.put("/Payments", pay.formatted(id, "100.01"));
        assertThat(over.status()).isEqualTo(400);
        assertThat(over.body()).contains("Payment amount exceeds the amount outstanding on this document");
        var edit = client.post("/Invoices/" + id, "{\"Invoices\":[{\"Reference\":\"x\"}]}");
        assertThat(edit.status()).isEqualTo(400);
        assertThat(edit.body()).contains("Invoice not of valid status for modification This document cannot be edited as it has a payment or credit note allocated to it.");
        client.put("/Payments", pay.formatted(id, "100.00"));
        JsonNode paid = client.get("/Invoices/" + id).json().get("Invoices").get(0);
        assertThat(paid.get("Status").asText()).isEqualTo("PAID");
        assertThat(paid.get("AmountDue").decimalValue()).isEqualByComparingTo("0.00");
        assertThat(paid.get("Payments")).hasSize(2);
        assertThat(paid.get("FullyPaidOnDate").asText()).isEqualTo("/Date(1773273600000+0000)/");
        var again = client.post("/Invoices/" + id, "{\"Invoices\":[{\"Reference\":\"x\"}]}");
        assertThat(again.status()).isEqualTo(400);
        assertThat(again.json().get("Elements").get(0).get("ValidationErrors").get(0).get("Message").asText())
                .isEqualTo("Invoice not of valid status for modification");
    }

    @Test
    void payments_need_an_authorised_invoice() {
        JsonNode inv = created(client.put("/Invoices", invoice(contactId("D"), null, "DRAFT", "1", "10", "OUTPUT2")));
        var p = client.put("/Payments", """
                {"Payments":[{"Invoice":{"InvoiceID":"%s"},"Account":{"Code":"090"},"Amount":1}]}""".formatted(inv.get("InvoiceID").asText()));
        assertThat(p.status()).isEqualTo(400);
        assertThat(p.body()).contains("Payments can only be made against Authorised documents");
    }

    @Test
    void deleting_a_payment_gives_the_amount_back() {
        JsonNode inv = created(client.put("/Invoices", invoice(contactId("D"), null, "AUTHORISED", "1", "10", "NONE")));
        String id = inv.get("InvoiceID").asText();
        String paymentId = sandbox.payInvoice(tenantId, id, new BigDecimal("10.00"), "090");
        assertThat(sandbox.find(tenantId, "Invoices", id).orElseThrow().get("Status").asText()).isEqualTo("PAID");
        var del = client.post("/Payments/" + paymentId, "{\"Status\":\"DELETED\"}");
        assertThat(del.status()).as(del.body()).isEqualTo(200);
        JsonNode back = client.get("/Invoices/" + id).json().get("Invoices").get(0);
        assertThat(back.get("Status").asText()).isEqualTo("AUTHORISED");
        assertThat(back.get("AmountDue").decimalValue()).isEqualByComparingTo("10.00");
    }

    @Test
    void a_voided_invoice_keeps_its_lines_and_totals_owes_nothing_and_cannot_change() {
        JsonNode inv = created(client.put("/Invoices", invoice(contactId("V"), null, "AUTHORISED", "1", "50", "OUTPUT2")));
        String id = inv.get("InvoiceID").asText();
        JsonNode voided = created(client.post("/Invoices/" + id, "{\"Invoices\":[{\"Status\":\"VOIDED\"}]}"));
        assertThat(voided.get("Status").asText()).isEqualTo("VOIDED");
        assertThat(voided.get("Total").decimalValue()).isEqualByComparingTo("60.00");
        assertThat(voided.get("LineItems")).hasSize(1);
        assertThat(voided.get("AmountDue").decimalValue()).isEqualByComparingTo("0.00");
        var again = client.post("/Invoices/" + id, "{\"Invoices\":[{\"Status\":\"AUTHORISED\"}]}");
        assertThat(again.status()).isEqualTo(400);
        assertThat(again.body()).contains("Invoice not of valid status for modification");
    }

    @Test
    void only_draft_or_submitted_invoices_can_be_deleted() {
        String c = contactId("X");
        String draft = created(client.put("/Invoices", invoice(c, null, "DRAFT", "1", "5", "NONE"))).get("InvoiceID").asText();
        assertThat(created(client.post("/Invoices/" + draft, "{\"Invoices\":[{\"Status\":\"DELETED\"}]}")).get("Status").asText()).isEqualTo("DELETED");
        String auth = created(client.put("/Invoices", invoice(c, null, "AUTHORISED", "1", "5", "NONE"))).get("InvoiceID").asText();
        var refused = client.post("/Invoices/" + auth, "{\"Invoices\":[{\"Status\":\"DELETED\"}]}");
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.body()).contains("Invoice not of valid status for modification");
    }

    @Test
    void lock_dates_refuse_documents_dated_on_or_before_them_with_xero_texts() {
        sandbox.setLockDates(tenantId, LocalDate.parse("2026-03-31"), null);
        var a = client.put("/Invoices", invoice(contactId("L"), null, "AUTHORISED", "1", "5", "NONE"));
        assertThat(a.status()).isEqualTo(400);
        assertThat(a.body()).contains("The document date cannot be before the period lock date, currently set at 31-Mar-2026");
        sandbox.setLockDates(tenantId, LocalDate.parse("2026-03-31"), LocalDate.parse("2026-03-31"));
        var b = client.put("/Invoices", invoice(contactId("M"), null, "AUTHORISED", "1", "5", "NONE"));
        assertThat(b.body()).contains("The document date cannot be before the end of year lock date, currently set at 31-Mar-2026");
        JsonNode org = client.get("/Organisation").json().get("Organisations").get(0);
        assertThat(org.get("PeriodLockDate").asText()).isEqualTo("/Date(1774915200000+0000)/");
        assertThat(org.get("EndOfYearLockDate").asText()).isEqualTo("/Date(1774915200000+0000)/");
        sandbox.setLockDates(tenantId, null, null);
        assertThat(client.put("/Invoices", invoice(contactId("N"), null, "AUTHORISED", "1", "5", "NONE")).status()).isEqualTo(200);
        assertThat(client.get("/Organisation").json().get("Organisations").get(0).has("PeriodLockDate")).isFalse();
    }

    @Test
    void unknown_account_codes_tax_types_and_missing_contacts_are_refused_with_xero_texts() {
        String c = contactId("E");
        var account = client.put("/Invoices", invoice(c, null, "AUTHORISED", "1", "5", "NONE").replace("\"200\"", "\"999\""));
        assertThat(account.body()).contains("Account code '999' is not a valid code for this document");
        var tax = client.put("/Invoices", invoice(c, null, "AUTHORISED", "1", "5", "INPUT2"));
        assertThat(tax.body()).contains("The TaxType code 'INPUT2' cannot be used with account code '200'");
        var unknownTax = client.put("/Invoices", invoice(c, null, "AUTHORISED", "1", "5", "BOGUS"));
        assertThat(unknownTax.body()).contains("The TaxType code 'BOGUS' cannot be used with account code '200'");
        var noContact = client.put("/Invoices", "{\"Invoices\":[{\"Type\":\"ACCREC\",\"Contact\":{},\"LineItems\":[]}]}");
        assertThat(noContact.body()).contains("The Contact must contain at least 1 of the following elements to identify the contact: Name, ContactID, ContactNumber");
    }

    @Test
    void a_contact_named_only_by_name_is_found_or_created() {
        contactId("Existing Co");
        created(client.put("/Invoices", "{\"Invoices\":[{\"Type\":\"ACCREC\",\"Contact\":{\"Name\":\"Existing Co\"}}]}"));
        created(client.put("/Invoices", "{\"Invoices\":[{\"Type\":\"ACCREC\",\"Contact\":{\"Name\":\"Brand New Co\"}}]}"));
        assertThat(sandbox.contacts(tenantId)).extracting(n -> n.get("Name").asText()).containsExactly("Existing Co", "Brand New Co");
        assertThat(sandbox.contactByName(tenantId, "Existing Co").orElseThrow().get("IsCustomer").asBoolean()).isTrue();
    }

    @Test
    void get_filters_orders_pages_and_honours_if_modified_since() {
        String c = contactId("Q");
        for (int i = 1; i <= 5; i++) {
            client.put("/Invoices", invoice(c, "Q-" + i, i % 2 == 0 ? "DRAFT" : "AUTHORISED", "1", Integer.toString(i), "NONE"));
        }
        var byStatus = client.get("/Invoices?where=" + enc("Status==\"AUTHORISED\"") + "&order=" + enc("Total DESC"));
        assertThat(byStatus.json().get("Invoices")).extracting(n -> n.get("InvoiceNumber").asText()).containsExactly("Q-5", "Q-3", "Q-1");
        assertThat(byStatus.json().get("Invoices").get(0).has("LineItems")).as("no lines without paging").isFalse();
        var byNumbers = client.get("/Invoices?InvoiceNumbers=Q-2,Q-4&Statuses=DRAFT");
        assertThat(byNumbers.json().get("Invoices")).hasSize(2);
        var byContact = client.get("/Invoices?where=" + enc("Contact.ContactID==guid(\"" + c + "\") && InvoiceNumber==\"Q-3\""));
        assertThat(byContact.json().get("Invoices")).hasSize(1);
        var page = client.get("/Invoices?page=2&pageSize=2");
        JsonNode pg = page.json();
        assertThat(pg.get("Invoices")).extracting(n -> n.get("InvoiceNumber").asText()).containsExactly("Q-3", "Q-4");
        assertThat(pg.get("Invoices").get(0).get("LineItems")).hasSize(1);
        assertThat(pg.get("pagination").get("page").asInt()).isEqualTo(2);
        assertThat(pg.get("pagination").get("pageSize").asInt()).isEqualTo(2);
        assertThat(pg.get("pagination").get("pageCount").asInt()).isEqualTo(3);
        assertThat(pg.get("pagination").get("itemCount").asInt()).isEqualTo(5);
        String someId = pg.get("Invoices").get(0).get("InvoiceID").asText();
        assertThat(client.get("/Invoices?IDs=" + someId).json().get("Invoices")).hasSize(1);

        sandbox.advanceClock(java.time.Duration.ofMinutes(5));
        String since = java.time.OffsetDateTime.now(sandbox.clock()).minusMinutes(1).toString();
        client.post("/Invoices/Q-2", "{\"Invoices\":[{\"Reference\":\"changed\"}]}");
        client.extraHeaders.put("If-Modified-Since", since);
        var changed = client.get("/Invoices");
        assertThat(changed.json().get("Invoices")).extracting(n -> n.get("InvoiceNumber").asText()).containsExactly("Q-2");
    }

    /**
     * What a historical import asks (API_FACTS B.1; xero_accounting.yaml GET /Invoices where, Statuses, order, page,
     * pageSize, summaryOnly; schema Pagination): sales invoices dated within a range, both ends included, without the
     * deleted ones, in Date order, paged, counted by pagination.itemCount.
     */
    @Test
    void invoices_are_selected_by_date_range_ordered_by_date_paged_and_counted() {
        String c = contactId("Range");
        String[] dates = {"2025-01-31", "2025-02-01", "2025-02-14", "2025-02-14", "2025-02-28", "2025-03-01", "2025-02-10"};
        java.util.List<String> ids = new java.util.ArrayList<>();
        for (int i = 0; i < dates.length; i++) {
            ids.add(created(client.put("/Invoices", invoice(c, "R-" + i, i == 6 ? "DRAFT" : "AUTHORISED", "1", "10", "OUTPUT2")
                    .replace("2026-03-11", dates[i]))).get("InvoiceID").asText());
        }
        client.post("/Invoices/" + ids.get(6), "{\"Invoices\":[{\"Status\":\"DELETED\"}]}");
        String where = enc("Type==\"ACCREC\" AND Date>=DateTime(2025,02,01) AND Date<=DateTime(2025,02,28)");
        String statuses = "&Statuses=DRAFT,SUBMITTED,AUTHORISED,PAID,VOIDED";

        var count = client.get("/Invoices?where=" + where + statuses + "&summaryOnly=true&page=1&pageSize=1");
        assertThat(count.json().get("pagination").get("itemCount").asInt()).isEqualTo(4);
        assertThat(count.json().get("Invoices")).hasSize(1);

        var first = client.get("/Invoices?where=" + where + statuses + "&order=" + enc("Date ASC") + "&page=1&pageSize=3");
        assertThat(first.json().get("Invoices")).extracting(n -> n.get("DateString").asText().substring(0, 10))
                .containsExactly("2025-02-01", "2025-02-14", "2025-02-14");
        assertThat(first.json().get("Invoices").get(0).get("LineItems")).as("lines shown when paging").hasSize(1);
        assertThat(first.json().get("pagination").get("pageCount").asInt()).isEqualTo(2);
        var second = client.get("/Invoices?where=" + where + statuses + "&order=" + enc("Date ASC") + "&page=2&pageSize=3");
        assertThat(second.json().get("Invoices")).extracting(n -> n.get("InvoiceNumber").asText()).containsExactly("R-4");

        var day = client.get("/Invoices?where=" + enc("Type==\"ACCREC\" AND Date==DateTime(2025,02,14)") + statuses
                + "&order=" + enc("InvoiceID ASC") + "&page=1&pageSize=1000");
        assertThat(day.json().get("Invoices")).extracting(n -> n.get("InvoiceID").asText())
                .containsExactlyElementsOf(ids.subList(2, 4).stream().sorted(String.CASE_INSENSITIVE_ORDER).toList());
    }

    @Test
    void a_bad_where_clause_is_a_400() {
        assertThat(client.get("/Invoices?where=" + enc("Status==")).status()).isEqualTo(400);
    }

    @Test
    void an_unknown_id_is_a_404_with_xero_text() {
        var a = client.get("/Invoices/" + java.util.UUID.randomUUID());
        assertThat(a.status()).isEqualTo(404);
        assertThat(a.body()).isEqualTo("The document with the supplied id was not found for this endpoint.");
        assertThat(client.post("/Invoices/" + java.util.UUID.randomUUID(), "{\"Invoices\":[{\"Reference\":\"x\"}]}").status()).isEqualTo(404);
    }

    static String enc(String s) {
        return java.net.URLEncoder.encode(s, java.nio.charset.StandardCharsets.UTF_8);
    }
}
