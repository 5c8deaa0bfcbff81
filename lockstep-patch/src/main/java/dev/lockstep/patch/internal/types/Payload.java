package dev.lockstep.patch.internal.types;

/**
 * What one lane of a value holds, and how many floats it takes (its stride). Phase is not a payload
 * here: it is a float with the {@link Unit#PHASE01} unit, so math blocks take it like any float and
 * the unit check catches a phase wired where radians are wanted. A shape and a camera are
 * compile-time descriptors, not numbers; they have stride 0 and never occupy a slot.
 */
public enum Payload {
    FLOAT(1),
    INT(1),
    BOOL(1),
    VEC2(2),
    VEC3(3),
    COLOR(4),
    SHAPE(0),
    CAMERA(0);

    public final int stride;

    Payload(int stride) {
        this.stride = stride;
    }

    public boolean numeric() {
        return stride > 0;
    }

    /** The payload a patch names in a parameter ("float", "vec2", "color", ...). */
    public static Payload parse(String name) {
        return switch (name.toLowerCase(java.util.Locale.ROOT)) {
            case "float", "number", "phase" -> FLOAT;
            case "int" -> INT;
            case "bool", "boolean" -> BOOL;
            case "vec2" -> VEC2;
            case "vec3" -> VEC3;
            case "color" -> COLOR;
            case "shape" -> SHAPE;
            case "camera", "cameraprojection" -> CAMERA;
            default -> null;
        };
    }

    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
