package dev.lockstep.cli.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class PagesTest {
    @Test
    void everyValueFromARequestIsEscaped() {
        var p = new Pages.Post(1, "<script>alert(1)</script>", "a & b\nnext", "o'brien \"x\"", 0);
        String html = Pages.post(p, List.of(new Pages.Comment(1, 1, "<b>", "</ul>", 0)));
        assertThat(html).doesNotContain("<script>alert").contains("&lt;script&gt;alert(1)&lt;/script&gt;");
        assertThat(html).contains("a &amp; b<br>next").contains("o&#39;brien &quot;x&quot;");
        assertThat(html).contains("<b>&lt;b&gt;</b>: &lt;/ul&gt;");
        assertThat(Pages.index(List.of(p))).contains("<a href=\"/blog/posts/1\">&lt;script&gt;");
    }

    @Test
    void theIndexSaysWhenThereAreNoPostsAndOffersTheForm() {
        String html = Pages.index(List.of());
        assertThat(html)
                .contains("<p id=\"empty\">No posts yet.</p>")
                .contains("<form id=\"new-post\" method=\"post\" action=\"/blog/posts\">");
    }
}
