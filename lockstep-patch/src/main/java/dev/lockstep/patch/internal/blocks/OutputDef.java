package dev.lockstep.patch.internal.blocks;

import dev.lockstep.patch.internal.types.PortType;

/** One output of a block type; generic parts (extent ANY, payload null, unit ANY) follow the inputs. */
public record OutputDef(String name, PortType type, String doc) {}
