package dev.lockstep.core.random;

import java.nio.charset.StandardCharsets;

/**
 * Seeded random streams split per component, from one root seed.
 *
 * <p>A component asks for its stream by name ({@link #stream(String)}); the stream's seed is a
 * function of the root seed and the name only. So the numbers one component draws do not depend
 * on which other components exist, in what order they asked for their streams, or how many
 * numbers the others drew: adding a component never shifts another's sequence
 * ({@code addingAComponentDoesNotShiftAnother}). Asking twice for the same name gives two
 * streams with the same sequence ({@code sameNameSameSequence}); a component that needs several
 * independent streams names them ({@code "mixer/noise"}) or {@link SplitRandom#split(String)}s
 * its own.
 *
 * <p>Derivation: {@code seed(name) = mix64(rootSeed + GOLDEN * (1 + fnv1a64(utf8(name))))}, with
 * SplitMix64's finaliser {@code mix64} and FNV-1a over the name's UTF-8 bytes. Both are fixed
 * here, so a seed and a name give the same numbers on every JVM and every version of Lockstep
 * that keeps this format (a change would be a breaking change of recorded runs, and is pinned by
 * {@code RandomStreamsTest.knownSequenceIsStable}).
 *
 * <p>Instances are immutable and safe to share; the streams they hand out are not thread-safe
 * (one component, one thread at a time, as a deterministic component is anyway).
 */
public final class RandomStreams {
    static final long GOLDEN = 0x9E3779B97F4A7C15L;

    private final long rootSeed;

    /** @param rootSeed the run's seed, usually recorded with the run */
    public RandomStreams(long rootSeed) {
        this.rootSeed = rootSeed;
    }

    /** The root seed. */
    public long rootSeed() {
        return rootSeed;
    }

    /**
     * The stream of component {@code name}: a new {@link SplitRandom} positioned at the start of
     * that component's sequence.
     *
     * @throws IllegalArgumentException if the name is null or empty
     */
    public SplitRandom stream(String name) {
        return new SplitRandom(seedOf(rootSeed, name));
    }

    /** The seed {@link #stream(String)} starts from. */
    public long seedOf(String name) {
        return seedOf(rootSeed, name);
    }

    static long seedOf(long parent, String name) {
        if (name == null || name.isEmpty()) {
            throw new IllegalArgumentException("a random stream needs a non-empty component name");
        }
        return mix64(parent + GOLDEN * (1 + fnv1a64(name)));
    }

    static long fnv1a64(String s) {
        long h = 0xcbf29ce484222325L;
        for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
            h ^= b & 0xff;
            h *= 0x100000001b3L;
        }
        return h;
    }

    /** SplitMix64's finaliser (Stafford's variant 13). */
    static long mix64(long z) {
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }

    @Override
    public String toString() {
        return "RandomStreams[rootSeed=" + rootSeed + "]";
    }
}
