package dev.lockstep.flow;

/**
 * What a step returns: go on to the next step ({@link Continue}), ask for effects ({@link Need}),
 * answer ({@link Done}) or fail ({@link Fail}). Decisions are plain values: a test can inspect them
 * without running anything.
 */
public sealed interface Decision permits Decision.Continue, Decision.Done, Decision.Fail, Need {
    /** Go on with the next step of the route. */
    record Continue() implements Decision {}

    /** Answer the request with {@code response}; the remaining steps do not run. */
    record Done(FlowResponse response) implements Decision {
        public Done {
            if (response == null) {
                throw new IllegalArgumentException("Done needs a response");
            }
        }
    }

    /** Fail the request with {@code error}: compensations run, then the error is rendered. */
    record Fail(FlowError error) implements Decision {
        public Fail {
            if (error == null) {
                throw new IllegalArgumentException("Fail needs an error");
            }
        }
    }

    /** The one Continue. */
    Continue CONTINUE = new Continue();

    static Decision proceed() {
        return CONTINUE;
    }

    static Decision done(FlowResponse response) {
        return new Done(response);
    }

    static Decision fail(FlowError error) {
        return new Fail(error);
    }

    static Decision fail(int status, String what, String key) {
        return new Fail(new FlowError(status, what, key));
    }
}
