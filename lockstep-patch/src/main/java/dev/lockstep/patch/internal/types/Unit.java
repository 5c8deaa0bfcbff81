package dev.lockstep.patch.internal.types;

/**
 * The unit of a float lane. {@link #ANY} on an input accepts every unit; on an output it means "the
 * unit of the inputs" and is resolved during type checking. {@link #SCALAR} is a plain number. An
 * edge between two different concrete units goes through an adapter ({@code Adapters}) or is an
 * error naming both ends.
 */
public enum Unit {
    ANY,
    SCALAR,
    PHASE01,
    NORM01,
    RADIANS,
    DEGREES,
    MS,
    SECONDS;

    public String label() {
        return switch (this) {
            case ANY -> "any";
            case SCALAR -> "scalar";
            case PHASE01 -> "phase01";
            case NORM01 -> "norm01";
            case RADIANS -> "radians";
            case DEGREES -> "degrees";
            case MS -> "ms";
            case SECONDS -> "seconds";
        };
    }
}
