package io.ledgerbridge.web;

import static io.ledgerbridge.web.ApiFixture.customer;
import static io.ledgerbridge.web.ApiFixture.invoice;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Every way a push can be wrong: each is a 4xx naming what is wrong, and nothing stored changes. */
class BadInputIT {

    static ApiFixture api;
    String before;

    @BeforeAll
    static void start() {
        api = new ApiFixture();
        assertThat(api.put("/api/v1/customers/C-1", customer("C-1", "ann@example.com")).status()).isEqualTo(201);
        assertThat(api.put("/api/v1/invoices/INV-1", invoice("1001", "C-1", "PROD-001")).status()).isEqualTo(201);
    }

    @AfterAll
    static void stop() {
        api.close();
    }

    @BeforeEach
    void remember() {
        before = api.storedState();
    }

    /** Asserts the error shape, that the message names {@code named}, and that nothing stored changed. */
    private ApiFixture.Response refused(ApiFixture.Response r, int status, String error, String named) {
        assertThat(r.status()).as(r.toString()).isEqualTo(status);
        assertThat(r.contentType()).startsWith("application/json");
        var body = r.json();
        assertThat(body.get("error").asText()).as(r.toString()).isEqualTo(error);
        assertThat(body.get("message").asText()).as(r.toString()).contains(named);
        assertThat(body.get("problems").isArray()).isTrue();
        assertThat(api.storedState()).as("stored rows").isEqualTo(before);
        return r;
    }

    private static void problem(ApiFixture.Response r, String field, String problem) {
        assertThat(r.json().get("problems")).as(r.toString())
                .anySatisfy(p -> {
                    assertThat(p.get("field").asText()).isEqualTo(field);
                    assertThat(p.get("problem").asText()).contains(problem);
                });
    }

    @Test
    void malformed_json_is_a_400_that_says_where() {
        var r = api.put("/api/v1/invoices/INV-2", "{\"number\": \"1002\",\n \"lines\": [}");

        refused(r, 400, "malformed_json", "line 2, column");
    }

    @Test
    void a_field_of_the_wrong_type_is_a_400_naming_the_field() {
        var quantity = api.put("/api/v1/invoices/INV-2", invoice("1002", "C-1", "A").replace("\"quantity\": 2", "\"quantity\": true"));
        var date = api.put("/api/v1/invoices/INV-2", invoice("1002", "C-1", "A").replace("\"2025-03-01\"", "\"01/03/2025\""));
        var status = api.put("/api/v1/invoices/INV-2", invoice("1002", "C-1", "A").replace("\"OPEN\"", "\"open\""));
        var lines = api.put("/api/v1/invoices/INV-2", """
                {"number": "1002", "status": "OPEN", "customerId": "C-1", "currency": "USD", "issueDate": "2025-03-01", "lines": "A x 2"}""");
        var number = api.put("/api/v1/invoices/INV-2", invoice("1002", "C-1", "A").replace("\"unitPrice\": \"49.95\"", "\"unitPrice\": \"49,95\""));

        problem(refused(quantity, 400, "invalid_field", "lines[0].quantity"), "lines[0].quantity", "must be a number");
        problem(refused(date, 400, "invalid_field", "issueDate"), "issueDate", "YYYY-MM-DD");
        problem(refused(status, 400, "invalid_field", "status"), "status", "DRAFT, OPEN, PAID, VOID");
        problem(refused(lines, 400, "invalid_field", "lines"), "lines", "must be an array");
        problem(refused(number, 400, "invalid_field", "lines[0].unitPrice"), "lines[0].unitPrice", "49,95");
    }

    @Test
    void an_unknown_field_is_a_400_naming_it() {
        var r = api.put("/api/v1/invoices/INV-2", invoice("1002", "C-1", "A").replace("\"unitPrice\"", "\"unit_price\""));

        problem(refused(r, 400, "unknown_field", "lines[0].unit_price"), "lines[0].unit_price", "unitPrice");
    }

    @Test
    void an_invoice_without_lines_is_a_422() {
        var r = api.put("/api/v1/invoices/INV-2", """
                {"number": "1002", "status": "OPEN", "customerId": "C-1", "currency": "USD", "issueDate": "2025-03-01", "lines": []}""");

        problem(refused(r, 422, "invalid_record", "lines"), "lines", "at least one line");
    }

    @Test
    void an_unknown_currency_is_a_422() {
        var r = api.put("/api/v1/invoices/INV-2", invoice("1002", "C-1", "A").replace("\"USD\"", "\"XYZ\""));

        problem(refused(r, 422, "invalid_record", "currency"), "currency", "'XYZ' is not an ISO 4217 currency code");
    }

    @Test
    void a_negative_quantity_is_a_422_with_the_domain_problems() {
        var r = api.put("/api/v1/invoices/INV-2", """
                {"number": "1002", "status": "OPEN", "customerId": "C-1", "currency": "USD", "issueDate": "2025-03-01",
                 "lines": [{"sku": "A", "quantity": 1, "unitPrice": 10},
                           {"sku": "B", "quantity": -2, "unitPrice": 10}]}""");

        refused(r, 422, "invalid_record", "lines[1].quantity must be greater than zero");
        problem(r, "lines[1].quantity", "must be greater than zero");
    }

    @Test
    void an_amount_no_ledger_can_hold_is_a_422() {
        var r = api.put("/api/v1/invoices/INV-2", invoice("1002", "C-1", "A").replace("\"quantity\": 2", "\"quantity\": 1e999999999"));

        problem(refused(r, 422, "invalid_record", "lines[0].quantity"), "lines[0].quantity", "is too large");
    }

    @Test
    void an_invoice_of_an_unknown_customer_is_a_422_saying_so() {
        var r = api.put("/api/v1/invoices/INV-2", invoice("1002", "C-404", "A"));

        problem(refused(r, 422, "invalid_record", "customer 'C-404' is unknown"), "customerId", "create the customer first");
    }

    @Test
    void a_payment_of_an_unknown_invoice_is_a_422_saying_so() {
        var r = api.put("/api/v1/payments/PAY-1", """
                {"invoiceId": "INV-404", "amount": 10, "currency": "USD", "date": "2025-03-02"}""");

        problem(refused(r, 422, "invalid_record", "invoice 'INV-404' is unknown"), "invoiceId", "unknown");
    }

    @Test
    void a_body_id_that_differs_from_the_path_is_a_400() {
        var r = api.put("/api/v1/customers/C-2", customer("C-3", "bo@example.com"));

        problem(refused(r, 400, "id_mismatch", "'C-3'"), "id", "the path says 'C-2'");
    }

    @Test
    void a_post_without_an_id_is_a_422_naming_it() {
        var r = api.post("/api/v1/customers", "{\"displayName\": \"No id\", \"email\": \"n@example.com\"}");

        problem(refused(r, 422, "invalid_record", "id is required"), "id", "is required");
    }

    @Test
    void an_unknown_record_type_is_a_404() {
        var r = api.put("/api/v1/widgets/W-1", customer("W-1", "w@example.com"));
        var get = api.get("/api/v1/widgets/W-1");

        refused(r, 404, "unknown_record_type", "'widgets'");
        refused(get, 404, "unknown_record_type", "customers, products, invoices or payments");
    }

    @Test
    void a_body_that_is_not_json_is_a_415() {
        var text = api.send("PUT", "/api/v1/customers/C-2", "text/plain", customer("C-2", "b@example.com"), api.key);
        var none = api.send("PUT", "/api/v1/customers/C-2", null, customer("C-2", "b@example.com"), api.key);
        var latin = api.send("PUT", "/api/v1/customers/C-2", "application/json; charset=ISO-8859-1",
                customer("C-2", "b@example.com"), api.key);

        refused(text, 415, "unsupported_media_type", "application/json");
        refused(none, 415, "unsupported_media_type", "application/json");
        refused(latin, 415, "unsupported_media_type", "UTF-8");
        assertThat(api.send("PUT", "/api/v1/customers/C-2", "application/json; charset=utf-8",
                customer("C-2", "b@example.com"), api.key).status()).isEqualTo(201);
    }

    @Test
    void an_empty_body_an_array_duplicate_keys_and_trailing_content_are_400s() {
        refused(api.put("/api/v1/customers/C-5", ""), 400, "empty_body", "JSON object");
        refused(api.put("/api/v1/customers/C-5", "[]"), 400, "malformed_json", "JSON object");
        refused(api.put("/api/v1/customers/C-5", "null"), 400, "malformed_json", "JSON object");
        refused(api.put("/api/v1/customers/C-5", "{\"displayName\": \"a\", \"displayName\": \"b\"}"), 400,
                "malformed_json", "displayName");
        refused(api.put("/api/v1/customers/C-5", customer("C-5", "c@example.com") + " {}"), 400, "malformed_json", "Trailing");
    }

    @Test
    void a_body_over_one_megabyte_is_a_413_naming_the_limit() {
        String memo = "x".repeat(ApiConfig.ONE_MB);
        var r = api.put("/api/v1/invoices/INV-2", invoice("1002", "C-1", "A").replace("March visit", memo));

        refused(r, 413, "body_too_large", "1 MB");
    }

    @Test
    void a_ten_megabyte_body_is_refused_from_its_length_before_it_is_read() throws IOException {
        String head = "PUT /api/v1/invoices/INV-2 HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer " + api.key
                + "\r\nContent-Type: application/json\r\nContent-Length: " + (10 * ApiConfig.ONE_MB) + "\r\n\r\n";
        byte[] part = new byte[64 * 1024];
        Arrays.fill(part, (byte) ' ');

        // Only 64 KB of the announced 10 MB are ever sent: a server that read the whole body would never answer.
        String answer = raw(head.getBytes(StandardCharsets.US_ASCII), part);

        assertThat(answer).startsWith("HTTP/1.1 413").contains("\"body_too_large\"", "1 MB");
        assertThat(api.storedState()).isEqualTo(before);
    }

    @Test
    void a_chunked_body_is_refused_as_soon_as_it_passes_the_limit() throws IOException {
        String head = "PUT /api/v1/invoices/INV-2 HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer " + api.key
                + "\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n";
        var chunks = new ByteArrayOutputStream();
        byte[] chunk = new byte[16 * 1024];
        Arrays.fill(chunk, (byte) ' ');
        for (int sent = 0; sent <= ApiConfig.ONE_MB; sent += chunk.length) {
            chunks.write((Integer.toHexString(chunk.length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
            chunks.write(chunk);
            chunks.write("\r\n".getBytes(StandardCharsets.US_ASCII));
        }

        // The last chunk is never sent: the server must answer once it has read past the limit.
        String answer = raw(head.getBytes(StandardCharsets.US_ASCII), chunks.toByteArray());

        assertThat(answer).startsWith("HTTP/1.1 413").contains("\"body_too_large\"");
        assertThat(api.storedState()).isEqualTo(before);
    }

    @Test
    void a_bulk_filter_body_is_checked_like_a_record() {
        var wrongType = api.send("POST", "/api/v1/events/retry", "text/plain", "{}", api.key);
        var unknown = api.post("/api/v1/events/retry", "{\"state\": \"FAILED\"}");
        var empty = api.post("/api/v1/events/skip", "{}");
        var badStatus = api.post("/api/v1/events/retry", "{\"status\": \"BROKEN\"}");

        refused(wrongType, 415, "unsupported_media_type", "application/json");
        problem(refused(unknown, 400, "unknown_field", "state"), "state", "status");
        refused(empty, 400, "empty_filter", "at least one of status, type, error or q");
        problem(refused(badStatus, 400, "invalid_parameter", "status"), "status", "PENDING");
    }

    /** Sends bytes on a plain socket and reads one response; fails if the server does not answer in 10 s. */
    private static String raw(byte[] head, byte[] body) throws IOException {
        try (var socket = new Socket("127.0.0.1", api.server.port())) {
            socket.setSoTimeout(10_000);
            var out = socket.getOutputStream();
            out.write(head);
            out.write(body);
            out.flush();
            return readResponse(socket.getInputStream());
        }
    }

    private static String readResponse(InputStream in) throws IOException {
        var headers = new StringBuilder();
        while (!headers.toString().endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                break;
            }
            headers.append((char) b);
        }
        int length = headers.toString().lines()
                .filter(l -> l.toLowerCase().startsWith("content-length:"))
                .map(l -> Integer.parseInt(l.substring(15).trim())).findFirst().orElse(0);
        return headers + new String(in.readNBytes(length), StandardCharsets.UTF_8);
    }

}
