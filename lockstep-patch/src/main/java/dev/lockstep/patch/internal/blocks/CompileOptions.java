package dev.lockstep.patch.internal.blocks;

/**
 * Switches that reproduce Oscilla's own output where it differs from the blocks' intended
 * semantics (the patches README's quirks), for conformance runs. Off by default.
 *
 * @param ignorePortParams a parameter named like an input port does not set that input's default;
 *     the block type's registry default does (compile-time inputs, e.g. Array's count, still read it)
 * @param fixedPeriods the time root's phase A and B periods are 4000 and 8000 ms whatever it says
 */
public record CompileOptions(boolean ignorePortParams, boolean fixedPeriods) {
    public static final CompileOptions DEFAULT = new CompileOptions(false, false);
    public static final CompileOptions OSCILLA = new CompileOptions(true, true);
}
