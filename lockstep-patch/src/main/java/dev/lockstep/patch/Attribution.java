package dev.lockstep.patch;

import java.util.List;

/**
 * Where a value comes from and where it goes: for one block output, the IR node that holds it, the
 * block and step that produce it, the adapters and combines it passed through, and the render sinks
 * that consume it (directly or through other steps).
 *
 * @param blockId the block asked about
 * @param port its output port
 * @param node the IR node id
 * @param kind signal, field or event
 * @param producer the block whose lowering made the node first (with hash-consing, others may share it)
 * @param sharedWith every "blockId.port" the node stands for, the producer first
 * @param step the node's index in the tick schedule, or -1 if it is stable (computed once) or a source
 * @param slot "s[offset]" (signal bank), "f[index]" (field buffer), "e[index]" (event buffer)
 * @param via the adapters and combines on the way (e.g. "b3.x:adapter(int->float)", "b4.in:combine(sum)")
 * @param consumers the render sink block ids whose draw pass reads the value
 */
public record Attribution(
        String blockId,
        String port,
        int node,
        String kind,
        String producer,
        List<String> sharedWith,
        int step,
        String slot,
        List<String> via,
        List<String> consumers) {
    public Attribution {
        sharedWith = List.copyOf(sharedWith);
        via = List.copyOf(via);
        consumers = List.copyOf(consumers);
    }
}
