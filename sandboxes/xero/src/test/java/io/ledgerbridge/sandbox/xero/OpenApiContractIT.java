package io.ledgerbridge.sandbox.xero;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Validates the sandbox's answers against the schemas of Xero's own OpenAPI file (xero_accounting.yaml, not copied into
 * this repository): types, required fields and enums with networknt json-schema-validator, and property names with a
 * walk of the schema (Xero's schemas do not forbid extra properties, so the validator alone would not see a misspelt
 * field). The envelope fields Id, Status, ProviderName and DateTimeUTC are in every example of the spec but in no
 * schema, so they are allowed at the top level.
 */
class OpenApiContractIT extends SandboxFixture {
    private static final Set<String> ENVELOPE = Set.of("Id", "Status", "ProviderName", "DateTimeUTC");
    /** ISO companions of MS dates: in the spec's examples (GET /Invoices/{InvoiceID}) and API_FACTS B.1, in no schema. */
    private static final Set<String> EXAMPLE_ONLY = Set.of("DateString", "DueDateString");
    private static JsonNode schemas;
    private static JsonSchemaFactory factory;

    /** Where the spec is: -Dledgerbridge.specs, $LEDGERBRIDGE_SPECS, else shared/specs found walking up from here. */
    static Path locateSpec(List<String> looked) {
        for (String configured : new String[] {System.getProperty("ledgerbridge.specs"), System.getenv("LEDGERBRIDGE_SPECS")}) {
            if (configured != null && !configured.isBlank()) {
                Path p = Path.of(configured);
                for (Path candidate : List.of(p, p.resolve("xero/xero_accounting.yaml"), p.resolve("specs/xero/xero_accounting.yaml"))) {
                    looked.add(candidate.toString());
                    if (Files.isRegularFile(candidate)) {
                        return candidate;
                    }
                }
            }
        }
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            for (Path candidate : List.of(dir.resolve("shared/specs/xero/xero_accounting.yaml"), dir.resolveSibling("shared").resolve("specs/xero/xero_accounting.yaml"))) {
                looked.add(candidate.toString());
                if (Files.isRegularFile(candidate)) {
                    return candidate;
                }
            }
        }
        return null;
    }

    /** Why the spec is not loaded (null when it is): each test is then reported skipped with it, not silently absent. */
    private static String missing;

    @BeforeAll
    static void loadSpec() throws IOException {
        List<String> looked = new ArrayList<>();
        Path spec = locateSpec(looked);
        if (spec == null) {
            missing = "Xero's OpenAPI file xero_accounting.yaml was not found; set -Dledgerbridge.specs=<dir of specs> "
                    + "or LEDGERBRIDGE_SPECS. Looked at: " + String.join(", ", looked);
            return;
        }
        JsonNode root = new ObjectMapper(new YAMLFactory()).readTree(spec.toFile());
        schemas = root.path("components").path("schemas");
        factory = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V4);
    }

    @BeforeEach
    void specLoaded() {
        Assumptions.assumeTrue(missing == null, () -> missing);
    }

    /** Type, required and enum errors of {@code answer} against #/components/schemas/{name}, plus undeclared properties. */
    private static List<String> violations(String name, JsonNode answer, boolean checkNames) {
        ObjectNode doc = new ObjectMapper().createObjectNode();
        doc.putObject("components").set("schemas", schemas);
        doc.put("$ref", "#/components/schemas/" + name);
        JsonSchema schema = factory.getSchema(doc);
        List<String> out = new ArrayList<>(schema.validate(answer).stream().map(ValidationMessage::getMessage).sorted().toList());
        if (checkNames) {
            undeclared(answer, schemas.get(name), "$", true, out);
        }
        return out;
    }

    private static JsonNode resolve(JsonNode schema) {
        while (schema != null && schema.has("$ref")) {
            schema = schemas.get(schema.get("$ref").asText().replace("#/components/schemas/", ""));
        }
        return schema;
    }

    private static void undeclared(JsonNode node, JsonNode schema, String path, boolean top, List<String> out) {
        schema = resolve(schema);
        if (schema == null) {
            return;
        }
        if (node.isArray() && schema.has("items")) {
            for (int i = 0; i < node.size(); i++) {
                undeclared(node.get(i), schema.get("items"), path + "[" + i + "]", false, out);
            }
        } else if (node.isObject() && schema.has("properties")) {
            JsonNode props = schema.get("properties");
            for (var e : node.properties()) {
                if (props.has(e.getKey())) {
                    undeclared(e.getValue(), props.get(e.getKey()), path + "." + e.getKey(), false, out);
                } else if (!(top && ENVELOPE.contains(e.getKey())) && !EXAMPLE_ONLY.contains(e.getKey())) {
                    out.add(path + "." + e.getKey() + " is not a property of the schema");
                }
            }
        }
    }

    private void assertConforms(String schema, XeroClient.Answer a) {
        assertThat(a.status()).as(a.body()).isBetween(200, 499);
        assertThat(violations(schema, a.json(), a.status() == 200)).as(schema + " " + a.body()).isEmpty();
    }

    private String seed() {
        String c = contactId("Contract Customer");
        sandbox.createItem(tenantId, "WIDGET", "Widget", new BigDecimal("9.50"));
        sandbox.setLockDates(tenantId, LocalDate.parse("2020-01-31"), LocalDate.parse("2019-12-31"));
        String body = """
                {"Invoices":[{"Type":"ACCREC","Contact":{"ContactID":"%s"},"Reference":"R1","Date":"2026-03-11","DueDate":"2026-04-10","Status":"AUTHORISED",
                  "LineItems":[{"ItemCode":"WIDGET","Quantity":3,"DiscountRate":10},
                               {"Description":"Service","Quantity":1,"UnitAmount":100,"AccountCode":"200","TaxType":"OUTPUT2"}]}]}""".formatted(c);
        String id = client.put("/Invoices", body).json().get("Invoices").get(0).get("InvoiceID").asText();
        sandbox.payInvoice(tenantId, id, new BigDecimal("10.00"), "090");
        return id;
    }

    @Test
    void invoices_conform_to_the_invoices_schema() {
        String id = seed();
        assertConforms("Invoices", client.get("/Invoices/" + id));
        assertConforms("Invoices", client.get("/Invoices?page=1"));
        assertConforms("Invoices", client.get("/Invoices"));
        assertConforms("Invoices", client.put("/Invoices?summarizeErrors=false",
                "{\"Invoices\":[{\"Type\":\"ACCREC\",\"Contact\":{\"Name\":\"New\"}},{\"Type\":\"ACCREC\",\"Contact\":{}}]}"));
        assertConforms("Invoices", client.post("/Invoices/" + id, "{\"Invoices\":[{\"Reference\":\"R2\"}]}"));
    }

    @Test
    void contacts_items_payments_accounts_tax_rates_and_the_organisation_conform() {
        seed();
        assertConforms("Contacts", client.get("/Contacts"));
        assertConforms("Contacts", client.get("/Contacts?page=1"));
        assertConforms("Items", client.get("/Items"));
        assertConforms("Payments", client.get("/Payments"));
        assertConforms("Accounts", client.get("/Accounts"));
        assertConforms("TaxRates", client.get("/TaxRates"));
        assertConforms("Organisations", client.get("/Organisation"));
        assertConforms("Contacts", client.put("/Contacts?summarizeErrors=false", "{\"Contacts\":[{\"Name\":\"A\"},{\"Name\":\"A\"}]}"));
        assertConforms("Items", client.put("/Items?summarizeErrors=false", "{\"Items\":[{\"Code\":\"X1\"},{\"Code\":\"WIDGET\"}]}"));
        assertConforms("TrackingCategories", client.put("/TrackingCategories", "{\"Name\":\"Region\",\"Options\":[{\"Name\":\"North\"}]}"));
        assertConforms("CreditNotes", client.put("/CreditNotes", "{\"CreditNotes\":[{\"Type\":\"ACCRECCREDIT\",\"Contact\":{\"Name\":\"A\"}}]}"));
    }

    @Test
    void validation_errors_conform_to_the_error_schema() {
        seed();
        var dup = client.put("/Contacts", "{\"Contacts\":[{\"Name\":\"Contract Customer\"}]}");
        assertThat(dup.status()).isEqualTo(400);
        assertConforms("Error", dup);
        var locked = client.put("/Invoices", "{\"Invoices\":[{\"Type\":\"ACCREC\",\"Contact\":{\"Name\":\"A\"},\"Date\":\"2019-06-01\"}]}");
        assertThat(locked.status()).isEqualTo(400);
        assertConforms("Error", locked);
        var where = client.get("/Invoices?where=Status%3D%3D");
        assertConforms("Error", where);
    }

    @Test
    void the_validator_does_catch_a_wrong_type_a_bad_enum_and_a_misspelt_field() {
        JsonNode bad = io.ledgerbridge.sandbox.xero.wire.XeroJson.parse("{\"Invoices\":[{\"Type\":\"SALES\",\"Total\":\"12\",\"Totl\":1}]}");
        List<String> v = violations("Invoices", bad, true);
        assertThat(String.join("\n", v)).contains("Type").contains("Total").contains("Totl");
        assertThat(v.stream().collect(Collectors.joining())).isNotEmpty();
    }
}
