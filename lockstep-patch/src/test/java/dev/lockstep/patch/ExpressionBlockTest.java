package dev.lockstep.patch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The Expression block: grammar, precedence, functions, comparisons, and syntax errors. */
class ExpressionBlockTest {
    private static double eval(String expression) {
        BlockHarness h = new BlockHarness()
                .constant("a", 0.25)
                .block("x", "Expression", Map.of("expression", expression))
                .wire("a.out", "x.in0")
                .probe("x.out");
        return h.probeValues(1, 16)[0];
    }

    @ParameterizedTest(name = "{0} = {1}")
    @CsvSource(
            delimiter = ';',
            value = {
                "in0 * 360.0; 90",
                "1 + 2 * 3; 7",
                "(1 + 2) * 3; 9",
                "10 - 4 - 3; 3",
                "-7 % 3; -1",
                "2 * -in0; -0.5",
                "in1 + 1; 1",
                "min(2, 5) + max(1, 4); 6",
                "clamp(5, 0, 1); 1",
                "lerp(2, 4, 0.25); 2.5",
                "mix(2, 4, 0.5); 3",
                "smoothstep(0, 1, 0.5); 0.5",
                "wrap(0 - 0.25); 0.75",
                "fract(2.5); 0.5",
                "floor(2.7) + round(2.5) + ceil(0.2); 6",
                "abs(0 - 3) + sqrt(16); 7",
                "in0 > 0.5 ? 10 : 20; 20",
                "in0 < 0.5 ? 10 : 20; 10",
                "in0 <= 0.25; 1",
                "in0 >= 0.5; 0",
                "in0 == 0.25; 1",
                "in0 != 0.25; 0",
                "!0 + (1 && 0) + (0 || 3); 2",
                "'   '; 0"
            })
    void evaluates(String expression, double expected) {
        String e = expression.equals("'   '") ? "   " : expression;
        assertThat(eval(e)).isEqualTo((double) (float) expected);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = ';',
            value = {
                "in0 +; position 5",
                "*** invalid ***; position 0",
                "this is not valid +++; position 0",
                "foo(1); unknown function 'foo'",
                "min(1); min takes 2 arguments",
                "(1 + 2; expected ')'",
                "1 2; unexpected '2' at position 2"
            })
    void syntaxErrorsNameTheBlockThePortAndThePosition(String expression, String detail) {
        BlockHarness h = new BlockHarness()
                .block("bad", "Expression", Map.of("expression", expression))
                .probe("bad.out");
        assertThatThrownBy(h::compile).isInstanceOfSatisfying(PatchException.class, e -> {
            assertThat(e.blockId()).isEqualTo("bad");
            assertThat(e.port()).isEqualTo("expression");
            assertThat(e.getMessage()).contains("block bad (Expression)", "'expression'", detail);
        });
    }
}
