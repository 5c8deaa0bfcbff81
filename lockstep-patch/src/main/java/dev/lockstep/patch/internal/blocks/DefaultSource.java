package dev.lockstep.patch.internal.blocks;

import java.util.Map;

/**
 * What an unconnected input reads. {@link Const}: a constant (the block's parameter of the same name
 * overrides it); {@link Time}: an output of the patch's time root; {@link Block}: an output of a
 * derived block of the given type (e.g. Array's element defaults to an Ellipse's shape). Normalization
 * turns each into a real block and edge, so the rest of the compiler sees only wired inputs.
 */
public sealed interface DefaultSource {
    record Const(Object value) implements DefaultSource {}

    record Time(String output) implements DefaultSource {}

    record Block(String type, String output, Map<String, Object> params) implements DefaultSource {}

    static DefaultSource constant(Object v) {
        return new Const(v);
    }

    static DefaultSource time(String output) {
        return new Time(output);
    }
}
