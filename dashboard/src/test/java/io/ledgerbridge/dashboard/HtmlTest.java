package io.ledgerbridge.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class HtmlTest {

    @Test
    void values_are_escaped_and_html_arguments_are_kept() {
        var html = Html.of("<a href=\"{}\">{}</a>{}", "/x?a=1&b=\"2\"", "<script>alert('x')</script>", Html.of("<b>{}</b>", "ok"));
        assertThat(html.value()).isEqualTo(
                "<a href=\"/x?a=1&amp;b=&quot;2&quot;\">&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;</a><b>ok</b>");
    }

    @Test
    void null_is_nothing_and_numbers_are_text() {
        assertThat(Html.of("[{}][{}]", null, 42).value()).isEqualTo("[][42]");
    }

    @Test
    void a_template_with_too_few_or_too_many_arguments_is_a_bug() {
        assertThatThrownBy(() -> Html.of("{} {}", "one")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Html.of("{}", "one", "two")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void join_concatenates_in_order() {
        assertThat(Html.join(List.of(Html.of("a"), Html.of("{}", "<"), Html.EMPTY)).value()).isEqualTo("a&lt;");
    }
}
