package io.ledgerbridge.sandbox.quickbooks;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.ledgerbridge.sandbox.quickbooks.oauth.OAuthApp;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The query subset over HTTP (GET and POST application/text), paging, count, and the parser fault. */
class QueryIT {
    static final String REALM = "4620816365000002";
    static final MutableClock CLOCK = new MutableClock(Instant.parse("2026-06-15T17:00:00Z"));
    static QuickBooksSandbox sandbox;
    static ApiClient api;

    @BeforeAll
    static void start() {
        sandbox = QuickBooksSandbox.builder().port(0).clock(CLOCK).start();
        sandbox.createRealm(REALM, "Query Test Co");
        sandbox.registerApp(OAuthApp.of("app", "secret", "http://localhost/cb"));
        api = new ApiClient(sandbox.baseUrl(), REALM, sandbox.issueTokens("app", REALM).accessToken());
        for (int i = 1; i <= 25; i++) {
            sandbox.createCustomer(REALM, "Customer " + i, "c" + i + "@example.com");
        }
        sandbox.createCustomer(REALM, "O'Brien & Sons", "obrien@example.com");
        sandbox.createItem(REALM, "Blue Widget", "BW-1", new BigDecimal("9.50"));
        sandbox.createItem(REALM, "Red Widget", "RW-1", new BigDecimal("7.25"));
        sandbox.createItem(REALM, "Green Widget", "GW-1", new BigDecimal("5"));
    }

    @AfterAll
    static void stop() {
        sandbox.close();
    }

    static List<String> names(ApiClient.Response r, String entity, String field) {
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        List<String> names = new ArrayList<>();
        r.json().path("QueryResponse").path(entity).forEach(n -> names.add(n.path(field).asText()));
        return names;
    }

    @Test
    void customer_by_email() {
        ApiClient.Response r = api.query("select * from Customer where PrimaryEmailAddr = 'c7@example.com'");
        assertThat(names(r, "Customer", "DisplayName")).containsExactly("Customer 7");
        JsonNode qr = r.json().path("QueryResponse");
        assertThat(qr.path("startPosition").asInt()).isEqualTo(1);
        assertThat(qr.path("maxResults").asInt()).isEqualTo(1);
    }

    @Test
    void item_by_sku_by_name_and_sku_in_list_with_lowercase_keywords() {
        assertThat(names(api.query("select * from Item where Sku = 'RW-1'"), "Item", "Name")).containsExactly("Red Widget");
        assertThat(names(api.query("SELECT * FROM Item WHERE Name = 'Blue Widget'"), "Item", "Sku")).containsExactly("BW-1");
        assertThat(names(api.query("select * from item where sku in ('BW-1', 'GW-1') orderby Name"), "Item", "Name"))
                .containsExactly("Blue Widget", "Green Widget");
    }

    @Test
    void escaped_quote_in_a_value() {
        assertThat(names(api.query("select * from Customer where DisplayName = 'O\\'Brien & Sons'"), "Customer", "DisplayName"))
                .containsExactly("O'Brien & Sons");
    }

    @Test
    void and_conditions_and_like() {
        assertThat(names(api.query("select * from Item where Name like '%Widget' and UnitPrice > '6'"), "Item", "Name"))
                .containsExactlyInAnyOrder("Blue Widget", "Red Widget");
    }

    @Test
    void paging_with_startposition_and_maxresults() {
        ApiClient.Response page = api.query("select * from Customer where DisplayName like 'Customer %' STARTPOSITION 11 MAXRESULTS 10");
        JsonNode qr = page.json().path("QueryResponse");
        assertThat(qr.path("Customer")).hasSize(10);
        assertThat(qr.path("startPosition").asInt()).isEqualTo(11);
        assertThat(qr.path("maxResults").asInt()).isEqualTo(10);
        assertThat(qr.path("totalCount").asInt()).isEqualTo(25);
        ApiClient.Response beyond = api.query("select * from Customer STARTPOSITION 1000 MAXRESULTS 10");
        assertThat(beyond.json().path("QueryResponse").isEmpty()).isTrue();
    }

    @Test
    void count_and_id_in() {
        assertThat(api.query("select count(*) from Customer where DisplayName like 'Customer %'")
                .json().path("QueryResponse").path("totalCount").asInt()).isEqualTo(25);
        assertThat(names(api.query("select * from Customer where Id in ('1', '3')"), "Customer", "Id")).containsExactly("1", "3");
    }

    @Test
    void invoice_by_docnumber_and_last_updated_time_through_post_query() {
        String customer = sandbox.createCustomer(REALM, "Invoice Query Customer", null);
        String body = """
                {"DocNumber":"1001","CustomerRef":{"value":"%s"},"Line":[{"Amount":5,"DetailType":"SalesItemLineDetail",
                 "SalesItemLineDetail":{"ItemRef":{"value":"1"}}}]}""".formatted(customer);
        assertThat(api.post("/invoice", body).status()).isEqualTo(200);
        Instant before = CLOCK.instant();
        CLOCK.advance(Duration.ofMinutes(5));
        assertThat(api.post("/invoice", body.replace("1001", "1002")).status()).isEqualTo(200);
        assertThat(names(api.postQuery("select * from Invoice where DocNumber = '1001'"), "Invoice", "DocNumber")).containsExactly("1001");
        String since = before.plusSeconds(1).toString();
        assertThat(names(api.query("select * from Invoice where MetaData.LastUpdatedTime > '" + since + "'"), "Invoice", "DocNumber"))
                .containsExactly("1002");
        assertThat(names(api.query("select * from Invoice where CustomerRef = '" + customer + "'"), "Invoice", "DocNumber"))
                .containsExactly("1001", "1002");
    }

    /**
     * What a historical import asks (API_FACTS A.3): count(*) and pages of invoices by TxnDate, both ends included, in
     * Id order after the last Id read; Ids compare and sort as numbers ("9" before "10").
     */
    @Test
    void invoices_are_counted_and_read_by_txn_date_in_pages_after_the_last_id() {
        String customer = sandbox.createCustomer(REALM, "History Query Customer", null);
        List<String> inFebruary = new ArrayList<>();
        for (int i = 0; i < 15; i++) {
            String date = i % 5 == 0 ? "2024-01-31" : i % 7 == 0 ? "2024-03-01" : i % 2 == 0 ? "2024-02-01" : "2024-02-29";
            String body = """
                    {"DocNumber":"H-%d","TxnDate":"%s","CustomerRef":{"value":"%s"},"Line":[{"Amount":5,
                     "DetailType":"SalesItemLineDetail","SalesItemLineDetail":{"ItemRef":{"value":"1"}}}]}"""
                    .formatted(i, date, customer);
            ApiClient.Response created = api.post("/invoice", body);
            assertThat(created.status()).as(created.body()).isEqualTo(200);
            if (date.startsWith("2024-02")) {
                inFebruary.add(created.json().path("Invoice").path("Id").asText());
            }
        }
        String february = "TxnDate >= '2024-02-01' and TxnDate <= '2024-02-29'";
        assertThat(api.query("select count(*) from Invoice where " + february).json().path("QueryResponse")
                .path("totalCount").asInt()).isEqualTo(inFebruary.size());
        assertThat(api.query("select count(*) from Invoice where TxnDate >= '2023-01-01' and TxnDate <= '2023-12-31'")
                .json().path("QueryResponse").path("totalCount").asInt()).isZero();

        List<String> read = new ArrayList<>();
        String after = null;
        for (int page = 0; page < 10; page++) {
            List<String> ids = names(api.query("select * from Invoice where " + february
                    + (after == null ? "" : " and Id > '" + after + "'") + " ORDERBY Id MAXRESULTS 4"), "Invoice", "Id");
            read.addAll(ids);
            if (ids.size() < 4) {
                break;
            }
            after = ids.getLast();
        }
        assertThat(read).containsExactlyElementsOf(inFebruary);
        assertThat(read).extracting(Long::parseLong).isSorted();
        assertThat(read.stream().mapToLong(Long::parseLong).min().orElseThrow()).isLessThan(10);
        assertThat(read.stream().mapToLong(Long::parseLong).max().orElseThrow()).isGreaterThanOrEqualTo(10);
    }

    @Test
    void inactive_items_are_found_only_when_the_query_names_active() {
        String id = sandbox.createItem(REALM, "Retired Widget", "RT-1", BigDecimal.ONE);
        sandbox.deactivate(REALM, "Item", id);
        assertThat(names(api.query("select * from Item where Sku = 'RT-1'"), "Item", "Name")).isEmpty();
        assertThat(names(api.query("select * from Item where Sku = 'RT-1' and Active in (true, false)"), "Item", "Name"))
                .containsExactly("Retired Widget");
        assertThat(names(api.query("select * from Item where Active = false"), "Item", "Name")).containsExactly("Retired Widget");
    }

    @Test
    void taxcodes_accounts_and_preferences_are_queryable() {
        assertThat(names(api.query("select * from TaxCode"), "TaxCode", "Name")).contains("TAX", "NON", "California");
        assertThat(names(api.query("select * from Account where AccountType = 'Income'"), "Account", "Name")).contains("Services");
        assertThat(api.query("select * from Preferences").json().path("QueryResponse").path("Preferences")).hasSize(1);
    }

    @Test
    void unsupported_syntax_is_the_parser_fault_4000() {
        for (String bad : new String[] {
                "select * from Customer where DisplayName = 'a' or DisplayName = 'b'",
                "select * frm Customer",
                "select * from Customer where DisplayName = 'unterminated",
                "delete from Customer"}) {
            ApiClient.Response r = api.query(bad);
            assertThat(r.status()).as(bad).isEqualTo(400);
            assertThat(r.json().path("Fault").path("type").asText()).isEqualTo("ValidationFault");
            assertThat(r.error().path("code").asText()).as(bad).isEqualTo("4000");
            assertThat(r.error().path("Message").asText()).isEqualTo("Error parsing query");
            assertThat(r.error().path("Detail").asText()).startsWith("QueryParserError: ");
        }
    }
}
