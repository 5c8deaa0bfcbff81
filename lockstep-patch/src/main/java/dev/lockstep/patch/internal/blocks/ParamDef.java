package dev.lockstep.patch.internal.blocks;

import java.util.List;

/**
 * A configuration parameter that is not a port (Broadcast's payloadType, ExternalInput's channel,
 * Array's count). Parameters named like an input are that input's constant default instead and are
 * typed by the input. {@code choices} lists the allowed strings of a STRING parameter (empty: any).
 */
public record ParamDef(String name, Kind kind, Object defaultValue, List<String> choices, String doc) {
    public enum Kind {
        NUMBER,
        INT,
        BOOL,
        STRING,
        ANY
    }
}
