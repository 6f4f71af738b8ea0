package io.ledgerbridge.sandbox.xero.item;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ProductNameSymbolsTest {
    @Test
    void angle_brackets_semicolons_control_characters_and_emoji_are_refused() {
        assertThat(ProductNameSymbols.refused("Widget <Pro>")).isTrue();
        assertThat(ProductNameSymbols.refused("Widget; Pro")).isTrue();
        assertThat(ProductNameSymbols.refused("Widget\tPro")).isTrue();
        assertThat(ProductNameSymbols.refused("Widget \u0085")).isTrue();
        assertThat(ProductNameSymbols.refused("Widget \uD83D\uDE80")).isTrue();
        assertThat(ProductNameSymbols.refused("Sunny \u2600")).isTrue();
    }

    @Test
    void ordinary_names_pass() {
        assertThat(ProductNameSymbols.refused("Café Crème & Co. - 50% (2/pk) #7 'A' \"B\"")).isFalse();
        assertThat(ProductNameSymbols.refused("Ünïcödé Привет 你好")).isFalse();
        assertThat(ProductNameSymbols.refused(null)).isFalse();
    }
}
