package dev.lockstep.flow;

import java.util.List;
import java.util.function.Function;

/** Small routes shared by the tests. */
final class Routes {
    static final Slot<String> A = Slot.text("a");
    static final Slot<String> B = Slot.text("b");
    static final Slot<String> C = Slot.text("c");

    private Routes() {}

    /** A route: step "ask" returns {@code need} (from its effects on A, B, C), step "answer" reports the slots. */
    static Pipeline asking(Function<List<Effect<String>>, Need> need) {
        List<Effect<String>> effects =
                List.of(Effect.of("a", A, x -> null), Effect.of("b", B, x -> null), Effect.of("c", C, x -> null));
        Step ask = Step.named("ask").writes(A, B, C).run(v -> need.apply(effects));
        Step answer = Step.named("answer")
                .reads(A, B, C)
                .run(v -> Decision.done(FlowResponse.text(
                        200,
                        "a=" + v.optional(A).orElse("-") + " b=" + v.optional(B).orElse("-") + " c="
                                + v.optional(C).orElse("-"))));
        return Pipeline.route("GET /join").step(ask).step(answer).build();
    }
}
