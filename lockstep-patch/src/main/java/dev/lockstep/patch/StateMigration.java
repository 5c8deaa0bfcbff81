package dev.lockstep.patch;

/**
 * What a hot swap did with one piece of state (see {@link PatchPlayer#swapAsync}).
 *
 * @param stateId the state's id, "blockId:kind"
 * @param action what happened to it
 * @param diagnostic why, for resets and remaps (empty for a plain copy)
 */
public record StateMigration(String stateId, Action action, String diagnostic) {
    /** Copy: same id and shape; remap: field lanes matched by element id; reset: shape changed. */
    public enum Action {
        COPY,
        REMAP,
        RESET,
        NEW,
        DISCARD
    }
}
