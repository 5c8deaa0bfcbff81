package dev.lockstep.core;

/** Facts about this build of Lockstep. */
public final class Lockstep {
    private Lockstep() {}

    /** The JVM flags the runtime needs; {@code bin/lockstep} and the test JVMs pass them. */
    public static final String JVM_FLAGS =
            "--add-exports java.base/jdk.internal.vm=ALL-UNNAMED --enable-native-access=ALL-UNNAMED";
}
