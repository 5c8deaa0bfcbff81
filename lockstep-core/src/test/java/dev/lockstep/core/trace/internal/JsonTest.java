package dev.lockstep.core.trace.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

/** The hand-written JSON: quoting round-trips, the parser is strict and says where. */
class JsonTest {
    @Property
    void anyStringQuotesAndParsesBack(@ForAll String s) {
        assertThat(Json.parse(Json.quote(new StringBuilder(), s).toString())).isEqualTo(s);
    }

    @Property
    void anyLongParsesBack(@ForAll long v) {
        assertThat(Json.parse(Long.toString(v))).isEqualTo(v);
    }

    @Test
    void valuesOfEveryType() {
        Object v = Json.parse(" {\"a\":[1,-2.5e3,true,false,null,{}],\"b\":\"x\\u0041\\/\"} ");
        assertThat(v)
                .isEqualTo(Map.of("a", java.util.Arrays.asList(1L, -2500.0, true, false, null, Map.of()), "b", "xA/"));
        assertThat(Json.parse("[]")).isEqualTo(List.of());
    }

    @Test
    void errorsSayWhatAndWhichColumn() {
        assertError("{\"a\":1,}", 8, "a field name in double quotes was expected");
        assertError("{\"a\" 1}", 6, "':' was expected");
        assertError("{\"a\":1,\"a\":2}", 8, "field \"a\" appears twice");
        assertError("[1 2]", 4, "',' or ']' was expected");
        assertError("\"abc", 5, "the string is not closed");
        assertError("\"a\\qb\"", 4, "unknown escape \\q");
        assertError("tru", 1, "did you mean true?");
        assertError("99999999999999999999", 1, "is not a 64-bit integer");
        assertError("1 2", 3, "unexpected '2' after the JSON value");
        assertError("", 1, "found the end of the line");
        assertError("\"a\tb\"", 3, "a control character must be escaped");
        assertError("[".repeat(100), 66, "nested more than 64 levels");
    }

    private static void assertError(String text, int column, String message) {
        assertThatThrownBy(() -> Json.parse(text))
                .isInstanceOf(Json.SyntaxException.class)
                .hasMessageContaining(message)
                .satisfies(e ->
                        assertThat(((Json.SyntaxException) e).column).as(text).isEqualTo(column));
    }
}
