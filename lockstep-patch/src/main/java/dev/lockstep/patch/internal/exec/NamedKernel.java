package dev.lockstep.patch.internal.exec;

import dev.lockstep.patch.internal.ir.FieldOp;

/** A field kernel with a name (for traces, attribution and errors); the kernel files' common base. */
abstract class NamedKernel implements FieldOp {
    private final String name;

    NamedKernel(String name) {
        this.name = name;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String toString() {
        return name;
    }
}
