package dev.lockstep.patch;

import dev.lockstep.patch.internal.blocks.CompileOptions;
import dev.lockstep.patch.internal.compile.Compiler;

/**
 * Compiles a {@link Patch} into a {@link PatchProgram}: normalize (defaults for unconnected inputs),
 * time-root check, dependency graph and cycle check, type check and lowering to hash-consed IR,
 * schedule and dense slot layout. Errors are {@link PatchException}s naming the block and port. Safe to
 * call from any thread; each call is independent.
 */
public final class PatchCompiler {
    private PatchCompiler() {}

    public static PatchProgram compile(Patch patch) {
        return compile(patch, Compatibility.INTENDED);
    }

    public static PatchProgram compile(Patch patch, Compatibility compatibility) {
        CompileOptions o = compatibility == Compatibility.OSCILLA ? CompileOptions.OSCILLA : CompileOptions.DEFAULT;
        return new PatchProgram(Compiler.compile(patch, o), patch, compatibility);
    }
}
