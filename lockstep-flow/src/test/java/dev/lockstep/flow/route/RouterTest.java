package dev.lockstep.flow.route;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RouterTest {
    private final Router<String> r = new Router<String>()
            .add("GET", "/", "home")
            .add("GET", "/posts", "list")
            .add("POST", "/posts", "create")
            .add("GET", "/posts/:id", "show")
            .add("GET", "/posts/new", "form")
            .add("PUT", "/posts/:id", "update")
            .add("GET", "/posts/:id/comments/:cid", "comment")
            .add("POST", "/flow/v1/:slug", "flow")
            .add("GET", "/static/*path", "file");

    private Router.Match.Found<String> found(String method, String path) {
        Router.Match<String> m = r.match(method, path);
        assertThat(m).isInstanceOf(Router.Match.Found.class);
        return (Router.Match.Found<String>) m;
    }

    @Test
    void literalSegmentsBeatParametersWhateverTheOrderOfAdding() {
        assertThat(found("GET", "/posts/new").value()).isEqualTo("form");
        assertThat(found("GET", "/posts/42").value()).isEqualTo("show");
        assertThat(found("GET", "/posts/42").params()).containsExactly(Map.entry("id", "42"));
    }

    @Test
    void parametersAreCapturedInPatternOrderAndPercentDecoded() {
        var m = found("GET", "/posts/a%20b/comments/7");
        assertThat(m.value()).isEqualTo("comment");
        assertThat(m.params()).containsExactly(Map.entry("id", "a b"), Map.entry("cid", "7"));
        assertThat(found("POST", "/flow/v1/checkout").params()).containsEntry("slug", "checkout");
    }

    @Test
    void restParametersTakeTheRemainingSegments() {
        assertThat(found("GET", "/static/css/site.css").params()).containsEntry("path", "css/site.css");
        assertThat(found("GET", "/static").params()).containsEntry("path", "");
    }

    @Test
    void aKnownPathWithAnotherMethodIsMethodNotAllowedWithTheAllowedMethods() {
        Router.Match<String> m = r.match("DELETE", "/posts/1");
        assertThat(m).isEqualTo(new Router.Match.MethodNotAllowed<String>(java.util.Set.of("GET", "PUT", "HEAD")));
        assertThat(((Router.Match.MethodNotAllowed<String>) m).allowed()).containsExactly("GET", "PUT", "HEAD");
    }

    @Test
    void headFallsBackToGet() {
        assertThat(found("HEAD", "/posts").value()).isEqualTo("list");
    }

    @Test
    void unknownPathsAndTrailingSlashesAreNotFound() {
        assertThat(r.match("GET", "/nope")).isInstanceOf(Router.Match.NotFound.class);
        assertThat(r.match("GET", "/posts/")).isInstanceOf(Router.Match.NotFound.class);
        assertThat(r.match("GET", "/posts/%zz")).isInstanceOf(Router.Match.NotFound.class);
        assertThat(found("GET", "/").value()).isEqualTo("home");
    }

    @Test
    void duplicateAndMalformedPatternsAreRejectedNamingThem() {
        assertThatThrownBy(() -> r.add("get", "/posts/:other", "x"))
                .hasMessageContaining("GET /posts/:other is defined twice");
        assertThatThrownBy(() -> new Router<String>().add("GET", "/a/*rest/b", "x"))
                .hasMessageContaining("route /a/*rest/b: a rest parameter (*rest) must be last");
        assertThatThrownBy(() -> new Router<String>().add("GET", "/a/:", "x"))
                .hasMessageContaining("parameter without a name");
        assertThatThrownBy(() -> new Router<String>().add("GET", "a", "x"))
                .hasMessageContaining("a path starts with '/'");
    }

    @Test
    void queriesKeepRepeatedNamesInOrderAndDecodePlusAsSpace() {
        Query q = Query.parse("a=1&b=x+y%21&a=2&flag&&c=%E2%82%AC");
        assertThat(q.all("a")).containsExactly("1", "2");
        assertThat(q.first("b")).isEqualTo("x y!");
        assertThat(q.first("flag")).isEmpty();
        assertThat(q.first("c")).isEqualTo("€");
        assertThat(q.first("missing")).isNull();
        assertThat(q.all("missing")).isEqualTo(List.of());
        assertThatThrownBy(() -> Query.parse("a=%4")).hasMessageContaining("truncated percent-escape");
        assertThatThrownBy(() -> Query.parse("a=%g1")).hasMessageContaining("bad percent-escape '%g1'");
        assertThat(Query.decode("😀+", false)).isEqualTo("😀+");
    }
}
