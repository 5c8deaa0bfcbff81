package dev.lockstep.io.archfixture;

/** Architecture fixture: a public type of module io. */
public final class IoApi {
    public String name() {
        return "io";
    }
}
