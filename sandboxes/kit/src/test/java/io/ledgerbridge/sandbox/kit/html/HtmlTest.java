package io.ledgerbridge.sandbox.kit.html;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class HtmlTest {
    @Test
    void values_are_escaped_in_text_attributes_and_titles() {
        assertThat(Html.escape("<a href='x'>\"&\"</a>")).isEqualTo("&lt;a href=&#39;x&#39;&gt;&quot;&amp;&quot;&lt;/a&gt;");
        assertThat(Html.escape(null)).isEmpty();
        assertThat(Html.hidden("state", "a\"b")).isEqualTo("<input type=\"hidden\" name=\"state\" value=\"a&quot;b\">");
        assertThat(Html.page("<T>", "h1{}", "<p>x</p>")).contains("<title>&lt;T&gt;</title>", "<style>h1{}</style>",
                "<body><p>x</p></body>");
    }
}
