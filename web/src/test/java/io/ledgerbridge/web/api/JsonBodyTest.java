package io.ledgerbridge.web.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.ledgerbridge.domain.record.Invoice;
import io.ledgerbridge.domain.record.Payment;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class JsonBodyTest {

    private final JsonBody body = new JsonBody(1024);

    private <T> T read(String json, Class<T> type) {
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        return body.read("application/json", bytes.length, new ByteArrayInputStream(bytes), type, "invoice");
    }

    private ApiError refusal(String json, Class<?> type) {
        return catchThrowableOfType(ApiError.class, () -> read(json, type));
    }

    @Test
    void amounts_are_read_exactly_from_numbers_and_strings() {
        var p = read("""
                {"id": "P1", "invoiceId": "I1", "amount": 0.1, "currency": "USD", "date": "2025-01-02"}""", Payment.class);
        var q = read("""
                {"id": "P1", "invoiceId": "I1", "amount": "1234567890.123456789", "currency": "USD", "date": "2025-01-02"}""",
                Payment.class);

        assertThat(p.amount()).isEqualTo(new BigDecimal("0.1"));
        assertThat(q.amount()).isEqualTo(new BigDecimal("1234567890.123456789"));
    }

    @Test
    void a_wrong_type_deep_in_the_body_names_its_path() {
        var e = refusal("""
                {"lines": [{"sku": "A", "quantity": 1, "unitPrice": 1}, {"sku": "B", "quantity": [1], "unitPrice": 1}]}""",
                Invoice.class);

        assertThat(e.status()).isEqualTo(400);
        assertThat(e.code()).isEqualTo("invalid_field");
        assertThat(e.problems()).singleElement().satisfies(p -> {
            assertThat(p.field()).isEqualTo("lines[1].quantity");
            assertThat(p.problem()).startsWith("must be a number");
        });
    }

    @Test
    void text_fields_refuse_booleans_and_enums_refuse_numbers_and_lists_refuse_nulls() {
        assertThat(refusal("{\"memo\": true}", Invoice.class).problems().getFirst().field()).isEqualTo("memo");
        assertThat(refusal("{\"status\": 1}", Invoice.class).problems().getFirst().problem())
                .startsWith("must be one of DRAFT, OPEN, PAID, VOID");
        assertThat(refusal("{\"lines\": [null]}", Invoice.class).problems().getFirst())
                .satisfies(p -> assertThat(p.field()).isEqualTo("lines[0]"))
                .satisfies(p -> assertThat(p.problem()).isEqualTo("must not be null"));
    }

    @Test
    void malformed_json_says_the_line_and_column() {
        var e = refusal("{\n  \"number\": \"1\",\n  \"memo\": \"unterminated\n}", Invoice.class);

        assertThat(e.code()).isEqualTo("malformed_json");
        assertThat(e.getMessage()).contains("line 3").doesNotContain("Source");
    }

    @Test
    void an_unknown_field_lists_the_known_ones() {
        var e = refusal("{\"customer_id\": \"C1\"}", Invoice.class);

        assertThat(e.code()).isEqualTo("unknown_field");
        assertThat(e.problems().getFirst().field()).isEqualTo("customer_id");
        assertThat(e.problems().getFirst().problem()).contains("customerId");
    }

    @Test
    void only_json_in_utf_8_is_read() {
        byte[] bytes = "{}".getBytes(StandardCharsets.UTF_8);
        for (String type : new String[] {null, "", "text/plain", "application/xml", "application/json; charset=latin1"}) {
            var e = catchThrowableOfType(ApiError.class,
                    () -> body.read(type, 2, new ByteArrayInputStream(bytes), Invoice.class, "invoice"));
            assertThat(e.status()).as(type).isEqualTo(415);
        }
        assertThat(body.read("Application/JSON; charset=UTF-8", 2, new ByteArrayInputStream(bytes), Invoice.class, "invoice"))
                .isNotNull();
    }

    @Test
    void a_declared_length_over_the_limit_is_refused_without_reading() {
        InputStream untouchable = new InputStream() {
            @Override
            public int read() {
                throw new AssertionError("the body was read");
            }
        };

        var e = catchThrowableOfType(ApiError.class,
                () -> body.read("application/json", 10_000_000, untouchable, Invoice.class, "invoice"));

        assertThat(e.status()).isEqualTo(413);
        assertThat(e.getMessage()).contains("1 KB (1024 bytes)");
    }

    @Test
    void an_undeclared_length_is_read_only_one_byte_past_the_limit() {
        var endless = new InputStream() {
            long served;

            @Override
            public int read() {
                served++;
                return ' ';
            }
        };

        var e = catchThrowableOfType(ApiError.class, () -> body.read("application/json", -1, endless, Invoice.class, "invoice"));

        assertThat(e.status()).isEqualTo(413);
        assertThat(endless.served).isEqualTo(1025);
    }
}
