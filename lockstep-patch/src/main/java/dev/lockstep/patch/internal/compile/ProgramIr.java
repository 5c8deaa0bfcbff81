package dev.lockstep.patch.internal.compile;

import dev.lockstep.patch.internal.blocks.CompileOptions;
import dev.lockstep.patch.internal.ir.IrBuilder;
import java.util.List;

/**
 * A compiled program revision: the IR (nodes, instances, state, sinks, camera), its schedule and slot
 * layout, and what the compiler noticed. Immutable once made; any number of runners may bind it.
 *
 * @param revision a number that differs between compilations (for cache keys and diagnostics)
 * @param source the patch's source name
 * @param order the block ids in lowering order (derived blocks included)
 * @param blockTypes block id to type, in the same order
 */
public record ProgramIr(
        long revision,
        String source,
        IrBuilder ir,
        Schedule schedule,
        CompileOptions options,
        List<String> order,
        java.util.Map<String, String> blockTypes,
        List<String> diagnostics) {}
