package io.ledgerbridge.sandbox.hubspot;

import io.ledgerbridge.sandbox.hubspot.crm.ObjectType;
import io.ledgerbridge.sandbox.hubspot.crm.SandboxObject;
import io.ledgerbridge.sandbox.hubspot.search.Filter;
import io.ledgerbridge.sandbox.hubspot.search.Filter.Operator;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FilterTest {
    static final SandboxObject CONTACT = new SandboxObject(ObjectType.CONTACTS, "1",
            Map.of("email", "ada.lovelace@example.com", "firstname", "Ada", "hs_lastmodifieddate", "2026-03-02T09:00:00.000Z", "score", "10"),
            Map.of(), Instant.EPOCH, Instant.EPOCH, null);

    @Test
    void numbers_compare_as_numbers_not_text() {
        assertThat(new Filter("score", Operator.GT, "9", null, null).matches(CONTACT)).isTrue();
        assertThat(new Filter("score", Operator.LT, "100", null, null).matches(CONTACT)).isTrue();
    }

    @Test
    void dates_compare_with_epoch_millis_or_iso_values() {
        long millis = Instant.parse("2026-03-02T08:00:00Z").toEpochMilli();
        assertThat(new Filter("hs_lastmodifieddate", Operator.GTE, Long.toString(millis), null, null).matches(CONTACT)).isTrue();
        assertThat(new Filter("hs_lastmodifieddate", Operator.LT, "2026-03-02", null, null).matches(CONTACT)).isFalse();
    }

    @Test
    void eq_ignores_case_and_tokens_allow_wildcards() {
        assertThat(new Filter("firstname", Operator.EQ, "ada", null, null).matches(CONTACT)).isTrue();
        assertThat(new Filter("email", Operator.CONTAINS_TOKEN, "*@example.com", null, null).matches(CONTACT)).isTrue();
        assertThat(new Filter("email", Operator.NOT_CONTAINS_TOKEN, "*@other.com", null, null).matches(CONTACT)).isTrue();
        assertThat(new Filter("firstname", Operator.IN, null, null, List.of("bob", "ada")).matches(CONTACT)).isTrue();
    }

    @Test
    void operators_missing_their_values_are_rejected() {
        assertThatThrownBy(() -> new Filter("x", Operator.BETWEEN, "1", null, null)).isInstanceOf(HubSpotException.class);
        assertThatThrownBy(() -> new Filter("x", Operator.IN, null, null, List.of())).isInstanceOf(HubSpotException.class);
    }
}
