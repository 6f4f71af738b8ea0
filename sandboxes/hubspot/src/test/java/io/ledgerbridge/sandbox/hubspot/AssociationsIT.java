package io.ledgerbridge.sandbox.hubspot;

import io.ledgerbridge.sandbox.hubspot.crm.ObjectType;
import io.ledgerbridge.sandbox.hubspot.ratelimit.RateLimits;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class AssociationsIT {
    static HubSpotSandbox hubspot;
    long portal;
    HubSpotHttp http;

    @BeforeAll
    static void start() {
        hubspot = HubSpotSandbox.start(SandboxSettings.defaults().withRateLimits(RateLimits.unlimited()));
    }

    @AfterAll
    static void stop() {
        hubspot.close();
    }

    @BeforeEach
    void portal() {
        portal = hubspot.createPortal("Acme");
        http = new HubSpotHttp(hubspot.baseUrl(), hubspot.createPrivateAppToken(portal));
    }

    @Test
    void labels_endpoint_lets_a_client_discover_type_ids() {
        var r = http.get("/crm/v4/associations/invoices/contacts/labels");
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.json().at("/results/0/category").asText()).isEqualTo("HUBSPOT_DEFINED");
        assertThat(r.json().at("/results/0/typeId").asInt()).isEqualTo(177);
        assertThat(r.json().at("/results/0/label").isNull()).isTrue();
    }

    @Test
    void invoice_created_with_associations_reads_them_back_in_both_directions() {
        String contact = hubspot.createContact(portal, "c@example.com", null, null);
        String company = hubspot.createCompany(portal, "Acme Ltd");
        var created = http.post("/crm/v3/objects/invoices", """
                {"properties":{"hs_currency":"USD"},"associations":[
                  {"to":{"id":"%s"},"types":[{"associationCategory":"HUBSPOT_DEFINED","associationTypeId":177}]},
                  {"to":{"id":"%s"},"types":[{"associationCategory":"HUBSPOT_DEFINED","associationTypeId":179}]}]}""".formatted(contact, company));
        assertThat(created.status()).as(created.text()).isEqualTo(201);
        String invoice = created.json().get("id").asText();
        var read = http.get("/crm/v3/objects/invoices/" + invoice + "?associations=contacts,companies");
        assertThat(read.json().at("/associations/contacts/results/0/id").asText()).isEqualTo(contact);
        assertThat(read.json().at("/associations/contacts/results/0/type").asText()).isEqualTo("invoice_to_contact");
        assertThat(read.json().at("/associations/companies/results/0/id").asText()).isEqualTo(company);
        var back = http.get("/crm/v4/objects/contacts/" + contact + "/associations/invoices");
        assertThat(back.json().at("/results/0/toObjectId").asText()).isEqualTo(invoice);
        assertThat(back.json().at("/results/0/associationTypes/0/typeId").asInt()).isEqualTo(178);
    }

    @Test
    void default_and_labelled_put_and_delete() {
        String invoice = hubspot.createObject(portal, ObjectType.INVOICES, Map.of("hs_currency", "USD"));
        String line = hubspot.createObject(portal, ObjectType.LINE_ITEMS, Map.of("name", "L", "price", "10", "quantity", "3"));
        var put = http.put("/crm/v4/objects/invoices/" + invoice + "/associations/default/line_items/" + line, null);
        assertThat(put.status()).isEqualTo(200);
        assertThat(put.json().at("/results/0/associationSpec/associationTypeId").asInt()).isEqualTo(409);
        assertThat(hubspot.object(portal, ObjectType.INVOICES, invoice).orElseThrow().property("hs_amount_billed")).isEqualTo("30");

        String contact = hubspot.createContact(portal, "p@example.com", null, null);
        String company = hubspot.createCompany(portal, "Co");
        var labelled = http.put("/crm/v4/objects/contacts/" + contact + "/associations/companies/" + company,
                "[{\"associationCategory\":\"HUBSPOT_DEFINED\",\"associationTypeId\":1}]");
        assertThat(labelled.status()).isEqualTo(201);
        assertThat(labelled.json().get("labels").get(0).asText()).isEqualTo("Primary");
        var bad = http.put("/crm/v4/objects/contacts/" + contact + "/associations/companies/" + company,
                "[{\"associationCategory\":\"HUBSPOT_DEFINED\",\"associationTypeId\":999}]");
        assertThat(bad.status()).isEqualTo(400);

        assertThat(http.delete("/crm/v4/objects/invoices/" + invoice + "/associations/line_items/" + line).status()).isEqualTo(204);
        assertThat(http.get("/crm/v4/objects/invoices/" + invoice + "/associations/line_items").json().get("results")).isEmpty();
    }

    @Test
    void batch_read_and_create() {
        String invoice = hubspot.createInvoice(portal, Map.of("hs_currency", "USD"), List.of(Map.of("name", "A", "price", "1")));
        String lonely = hubspot.createObject(portal, ObjectType.INVOICES, Map.of("hs_currency", "USD"));
        var read = http.post("/crm/v4/associations/invoices/line_items/batch/read", "{\"inputs\":[{\"id\":\"" + invoice + "\"},{\"id\":\"" + lonely + "\"}]}");
        assertThat(read.status()).isEqualTo(207);
        assertThat(read.json().at("/results/0/from/id").asText()).isEqualTo(invoice);
        assertThat(read.json().at("/results/0/to/0/associationTypes/0/typeId").asInt()).isEqualTo(409);
        assertThat(read.json().at("/errors/0/context/fromObjectId/0").asText()).isEqualTo(lonely);

        String contact = hubspot.createContact(portal, "b@example.com", null, null);
        var create = http.post("/crm/v4/associations/invoices/contacts/batch/create", """
                {"inputs":[{"from":{"id":"%s"},"to":{"id":"%s"},"types":[{"associationCategory":"HUBSPOT_DEFINED","associationTypeId":177}]},
                           {"from":{"id":"%s"},"to":{"id":"99999"},"types":[{"associationCategory":"HUBSPOT_DEFINED","associationTypeId":177}]}]}"""
                .formatted(lonely, contact, lonely));
        assertThat(create.status()).isEqualTo(207);
        assertThat(create.json().at("/results/0/fromObjectTypeId").asText()).isEqualTo("0-53");
        assertThat(create.json().at("/results/0/toObjectId").asText()).isEqualTo(contact);
        assertThat(create.json().at("/errors/0/context/toObjectId/0").asText()).isEqualTo("99999");
        assertThat(hubspot.associatedIds(portal, ObjectType.CONTACTS, contact, ObjectType.INVOICES)).containsExactly(lonely);
    }

    @Test
    void a_line_item_belongs_to_one_invoice_only() {
        String first = hubspot.createInvoice(portal, Map.of("hs_currency", "USD"), List.of(Map.of("name", "A", "price", "1")));
        String line = hubspot.associatedIds(portal, ObjectType.INVOICES, first, ObjectType.LINE_ITEMS).getFirst();
        String second = hubspot.createObject(portal, ObjectType.INVOICES, Map.of("hs_currency", "USD"));
        var r = http.put("/crm/v4/objects/invoices/" + second + "/associations/default/line_items/" + line, null);
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.json().get("category").asText()).isEqualTo("VALIDATION_ERROR");
    }
}
