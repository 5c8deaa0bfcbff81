package dev.lockstep.patch.internal.exec;

/**
 * The trace hook of a runner. {@link #on()} is read once per tick, so tracing switches on or off at
 * a tick boundary without recompiling; while off, the tick runs the untraced loop.
 */
public interface Tracer {
    boolean on();

    void beginTick(long tick);

    /** Called after each step while tracing. */
    void after(Runner r, int step, dev.lockstep.patch.internal.ir.Node node);

    Tracer OFF = new Tracer() {
        @Override
        public boolean on() {
            return false;
        }

        @Override
        public void beginTick(long tick) {}

        @Override
        public void after(Runner r, int step, dev.lockstep.patch.internal.ir.Node node) {}
    };
}
