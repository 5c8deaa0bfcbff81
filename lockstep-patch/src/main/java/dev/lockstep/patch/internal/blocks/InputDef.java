package dev.lockstep.patch.internal.blocks;

import dev.lockstep.patch.internal.types.PortType;

/**
 * One input of a block type: its type (extent ANY and payload null for generic inputs), its default
 * source when nothing is wired (see {@link DefaultSource}), whether it may stay unconnected with no
 * default at all ({@code optional}: the block then lowers without it), and whether it must be known
 * at compile time ({@code compileTime}: a domain's count or size, which loop bounds are made of; its
 * parameter is always honoured).
 */
public record InputDef(
        String name, PortType type, DefaultSource defaultSource, boolean optional, boolean compileTime, String doc) {
    public InputDef(String name, PortType type, DefaultSource defaultSource, boolean optional, String doc) {
        this(name, type, defaultSource, optional, false, doc);
    }
}
