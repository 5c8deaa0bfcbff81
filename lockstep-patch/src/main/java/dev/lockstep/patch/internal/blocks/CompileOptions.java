package dev.lockstep.patch.internal.blocks;

/**
 * Switches that reproduce Oscilla's own output where it differs from the blocks' intended
 * semantics (the patches README's quirks), for conformance runs. Off by default.
 *
 * @param ignorePortParams a parameter named like an input port does not set that input's default;
 *     the block type's registry default does (compile-time inputs, e.g. Array's count, still read it)
 * @param fixedPeriods the time root's phase A and B periods are 4000 and 8000 ms whatever it says
 * @param cameraSlotAliasing reproduces an Oscilla bug, for conformance runs only: Oscilla hash-conses
 *     equal constants into one expression but writes its value into one block's slot only (the
 *     lexicographically smallest block id among the equal constants); every other slot stays 0, and
 *     the Camera reads slots. So a camera input fed by a constant (a default or a Const block) reads 0
 *     when an equal constant has a smaller block id (perspective-camera's centerY, equal to centerX).
 */
public record CompileOptions(boolean ignorePortParams, boolean fixedPeriods, boolean cameraSlotAliasing) {
    public static final CompileOptions DEFAULT = new CompileOptions(false, false, false);
    public static final CompileOptions OSCILLA = new CompileOptions(true, true, true);
}
