package io.ledgerbridge.sandbox.xero.item;

/**
 * The characters this sandbox refuses in an item's Code and Name, with the message Xero integrators report:
 * "Please remove the incorrect symbols from the product name." (PEERS.md, Cin7 Core sync errors article, seed article
 * 004 of the shared seeds). Xero does not publish the exact set; the rule chosen here (design choice) refuses:
 * <ul>
 *   <li>control characters, U+0000–U+001F and U+007F–U+009F (outside the printable range);</li>
 *   <li>{@code <}, {@code >} and {@code ;};</li>
 *   <li>emoji and pictographs: every code point outside the Basic Multilingual Plane (U+10000 and above, where emoji
 *       live), the Miscellaneous Symbols and Dingbats blocks U+2600–U+27BF, and the emoji variation selector U+FE0F.</li>
 * </ul>
 * Accented letters, other scripts, and ordinary punctuation ({@code & - _ / . , ( ) ' " # %}) are accepted.
 */
public final class ProductNameSymbols {
    public static final String MESSAGE = "Please remove the incorrect symbols from the product name.";

    private ProductNameSymbols() {}

    public static boolean refused(String text) {
        return text != null && text.codePoints().anyMatch(ProductNameSymbols::refusedCodePoint);
    }

    static boolean refusedCodePoint(int cp) {
        return cp <= 0x1F || (cp >= 0x7F && cp <= 0x9F) || cp == '<' || cp == '>' || cp == ';'
                || cp >= 0x10000 || (cp >= 0x2600 && cp <= 0x27BF) || cp == 0xFE0F;
    }
}
