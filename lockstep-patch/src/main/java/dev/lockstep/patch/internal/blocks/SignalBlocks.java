package dev.lockstep.patch.internal.blocks;

import java.util.List;

/** Oscillators, stateful signal blocks, events and external inputs. Semantics in docs/patch.md. */
final class SignalBlocks {
    private SignalBlocks() {}

    static void register(List<BlockDef> out) {}
}
