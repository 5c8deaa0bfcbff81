package dev.lockstep.sync;

import dev.lockstep.core.Engine;
import dev.lockstep.core.coroutine.CoroutineBackend;
import dev.lockstep.sync.internal.Kernel;
import java.util.Objects;
import java.util.function.BiFunction;

/**
 * The primitives of a machine, called by its processes. One {@code Sync} per {@link Machine}; every
 * process receives it, and a primitive finds the calling process and the machine with field reads
 * (the machine resumes one process at a time). Calling a blocking primitive outside the machine's
 * processes throws {@link SyncException}. Semantics, with examples: docs/sync.md.
 *
 * <p>Blocking primitives ({@link #pause()}, the awaits, {@link #join}, {@link #parallel}) suspend
 * the calling process's coroutine; the machine resumes it when the instant semantics say so.
 * Constructs that take a body ({@link #when}, {@link #watch}, {@link #withKill}, {@link
 * #presentThenElse}) run it in the calling process (no new coroutine; beyond 32 nested {@code
 * when}/{@code watch}/{@code withKill} levels in one process, a deeper body runs in a child process
 * the caller waits on, with the same semantics: docs/sync.md). Process code must not catch
 * {@link Throwable} around them: preemption unwinds the body with an {@link Error}.
 */
public final class Sync {
    private final Kernel k;

    Sync(CoroutineBackend backend, Engine engine, boolean ownsEngine) {
        this.k = new Kernel(backend, this, engine, ownsEngine);
    }

    Kernel kernel() {
        return k;
    }

    /** The number of the current instant, from 0. */
    public long instant() {
        return k.currentInstant();
    }

    // ---- signals -----------------------------------------------------------------------------

    /** A new event signal, absent until emitted. */
    public <T> EventSignal<T> eventSignal(String name) {
        return new EventSignal<>(k.newEventSignal(name));
    }

    /**
     * A new aggregate signal: the emissions of an instant are folded into {@code initial} with
     * {@code combine}, in emission order. {@code initial} is reused every instant: a combine that
     * mutates it must not be used (return a new value instead).
     */
    @SuppressWarnings("unchecked")
    public <E, A> AggregateSignal<E, A> aggregateSignal(String name, A initial, BiFunction<A, ? super E, A> combine) {
        Objects.requireNonNull(combine, "combine");
        return new AggregateSignal<>(k.newAggregateSignal(
                name, initial, (BiFunction<Object, Object, Object>) (BiFunction<?, ?, ?>) combine));
    }

    /**
     * Emits {@code value} on {@code s} in the current instant: waiters of {@link #awaitImmediate}
     * continue in this instant, waiters of {@link #await} in the next.
     *
     * @throws SyncException if {@code s} was already emitted in this instant
     * @throws NullPointerException if {@code value} is null
     */
    public <T> void emit(EventSignal<T> s, T value) {
        k.emitEvent(s.core, value);
    }

    /** Adds {@code value} to the aggregate of {@code s} for this instant; any number per instant. */
    public <E> void emit(AggregateSignal<E, ?> s, E value) {
        k.emitAggregate(s.core, value);
    }

    /**
     * Waits for {@code s} and continues in the instant after its emission with its value (for an
     * aggregate, the instant's combined value). If an event signal is already present, continues in
     * the next instant; an aggregate's waiter always gets the value of the instant it registered in,
     * or a later one, at the end of that instant.
     */
    @SuppressWarnings("unchecked")
    public <A> A await(Signal<A> s) {
        return (A) k.await(core(s));
    }

    /** Waits for {@code s} and continues in the same instant it is emitted in (now, if present). */
    @SuppressWarnings("unchecked")
    public <T> T awaitImmediate(EventSignal<T> s) {
        return (T) k.awaitImmediate(s.core);
    }

    /**
     * Runs {@code effect} now, at this process's place in the machine's sequential order. In a
     * sequential machine that is just {@code effect.run()}. With parallel instants ({@link
     * Machine.Builder#workers}) the code of a process between two primitives may run on an engine
     * worker at the same time as other processes' code; an effect on state shared with other
     * processes or with the host (a log, a collection, a counter) put in {@code effect} happens on
     * the machine's thread in exactly the order of the sequential run. It is a primitive: inside
     * it, call no other primitive.
     */
    public void effect(Runnable effect) {
        k.effect(Objects.requireNonNull(effect, "effect"));
    }

    /** Continues in the next instant. */
    public void pause() {
        k.pause();
    }

    // ---- processes ---------------------------------------------------------------------------

    /**
     * Starts {@code body} as a new process in the current instant (after the processes already
     * queued); it inherits the caller's {@code when} guards and kill scopes.
     */
    public ProcessHandle fork(Process body) {
        Objects.requireNonNull(body, "body");
        return new ProcessHandle(k, k.fork(body));
    }

    /**
     * Waits until {@code p} has ended (returned or been killed); returns at once if it has. The
     * caller continues in the instant {@code p} ends in.
     *
     * @throws SyncException if {@code p} is the calling process (the message names it)
     */
    public void join(ProcessHandle p) {
        k.join(p.task);
    }

    /** Runs the bodies as processes (forked in order) and returns when all have ended. */
    public void parallel(Process... bodies) {
        k.parallel(bodies);
    }

    // ---- control -----------------------------------------------------------------------------

    /**
     * Suspension: runs {@code body} only in instants where {@code guard} is present, across its own
     * pauses and awaits (and in its forked processes). Nested {@code when}s are a conjunction. Once
     * the body returns, the code after it continues in the same instant.
     */
    public void when(Signal<?> guard, Process body) throws Exception {
        k.when(core(guard), Objects.requireNonNull(body, "body"));
    }

    /**
     * Weak preemption: runs {@code body}; at the end of an instant in which {@code s} is present,
     * the body is killed (it still ran in that instant) and the code after {@code watch} continues
     * in the next instant. If the body returns first, the code after it continues in the same
     * instant. A watch inside an absent {@code when} does not trigger.
     */
    public void watch(Signal<?> s, Process body) throws Exception {
        k.withKill(k.newKill(), core(s), Objects.requireNonNull(body, "body"));
    }

    /**
     * Runs {@code then} in this instant if {@code s} is present now or is emitted later in this
     * instant; otherwise runs {@code otherwise} at the start of the next instant.
     */
    public void presentThenElse(Signal<?> s, Process then, Process otherwise) throws Exception {
        k.presentThenElse(core(s), Objects.requireNonNull(then, "then"), Objects.requireNonNull(otherwise, "else"));
    }

    /** A new kill scope for {@link #withKill} and {@link #abort}. */
    public Kill newKill() {
        return new Kill(k.newKill());
    }

    /**
     * Runs {@code body} under {@code kill}. If the kill is aborted while the body runs, the body and
     * every process forked inside it stop at once (those that already ran in the instant keep what
     * they did), and the code after {@code withKill} continues in the next instant. If the kill was
     * aborted already, the body does not run and the code after continues in the next instant.
     */
    public void withKill(Kill kill, Process body) throws Exception {
        k.withKill(kill.core, null, Objects.requireNonNull(body, "body"));
    }

    /** Aborts {@code kill} (see {@link #withKill}); a caller inside it stops at once. */
    public void abort(Kill kill) {
        k.abort(kill.core);
    }

    // ---- derived constructs ------------------------------------------------------------------

    /** Pauses {@code n} times, then runs {@code body} (in instant now + n). */
    public void afterN(int n, Process body) throws Exception {
        if (n < 0) {
            throw new IllegalArgumentException("afterN expects n >= 0, got " + n);
        }
        for (int i = 0; i < n; i++) {
            k.pause();
        }
        body.run(this);
    }

    /** For ever: pauses {@code n} times, then runs {@code body}. Stop it with a watch or a kill. */
    public void everyN(int n, Process body) throws Exception {
        if (n <= 0) {
            throw new IllegalArgumentException("everyN expects n > 0, got " + n);
        }
        while (true) {
            for (int i = 0; i < n; i++) {
                k.pause();
            }
            body.run(this);
        }
    }

    /**
     * Runs {@code body} for at most {@code n} instants: if it has not returned by the end of instant
     * now + n, it is killed and {@code onTimeout} runs in the next instant.
     *
     * @return true if the body returned in time, false if it timed out
     */
    public boolean timeout(int n, Process body, Process onTimeout) throws Exception {
        if (n < 0) {
            throw new IllegalArgumentException("timeout expects n >= 0, got " + n);
        }
        EventSignal<Boolean> expired = eventSignal("timeout");
        Kill timer = newKill();
        withKill(
                timer,
                s -> fork(t -> {
                    for (int i = 0; i < n; i++) {
                        t.pause();
                    }
                    t.emit(expired, Boolean.TRUE);
                }));
        boolean[] completed = {false};
        watch(expired, s -> {
            body.run(s);
            completed[0] = true;
        });
        if (completed[0]) {
            abort(timer); // the timer process was forked inside the kill: it is dropped
            return true;
        }
        onTimeout.run(this);
        return false;
    }

    /**
     * For ever: waits for {@code s}, runs {@code body} in the next instant, then ignores {@code s}
     * for {@code n} instants.
     */
    public void cooldown(int n, Signal<?> s, Process body) throws Exception {
        if (n < 0) {
            throw new IllegalArgumentException("cooldown expects n >= 0, got " + n);
        }
        while (true) {
            await(s);
            body.run(this);
            for (int i = 0; i < n; i++) {
                k.pause();
            }
        }
    }

    /** For ever: runs {@code body}, then pauses. Stop it with a watch or a kill. */
    public void loop(Process body) throws Exception {
        while (true) {
            body.run(this);
            k.pause();
        }
    }

    private static dev.lockstep.sync.internal.SignalCore core(Signal<?> s) {
        // an instanceof chain, not a pattern switch: a type switch's first run bootstraps a call
        // site (6 to 20 ms in a fresh JVM, measured), paid by every cold run (docs/sync.md)
        if (Objects.requireNonNull(s, "signal") instanceof EventSignal<?> e) {
            return e.core;
        }
        return ((AggregateSignal<?, ?>) s).core;
    }
}
