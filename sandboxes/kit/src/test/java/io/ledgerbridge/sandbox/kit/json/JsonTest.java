package io.ledgerbridge.sandbox.kit.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

class JsonTest {
    @Test
    void money_keeps_its_scale_through_parse_and_write() {
        JsonNode node = Json.parse("{\"Amount\":100.00,\"Qty\":\"2.50\"}");
        assertThat(Json.decimal(node, "Amount")).isEqualTo(new BigDecimal("100.00"));
        assertThat(Json.decimal(node, "Qty")).isEqualTo(new BigDecimal("2.50"));
        assertThat(Json.write(node)).isEqualTo("{\"Amount\":100.00,\"Qty\":\"2.50\"}");
    }

    @Test
    void a_blank_body_is_an_empty_object_and_a_broken_one_is_the_callers_fault() {
        assertThat(Json.parse("  ").isEmpty()).isTrue();
        assertThatThrownBy(() -> Json.parse("{nope")).isInstanceOf(IllegalArgumentException.class);
        assertThat(Json.text(Json.parse("{\"a\":null}"), "a")).isNull();
        assertThat(Json.decimal(Json.parse("{\"a\":\"x\"}"), "a")).isNull();
    }
}
