package dev.lockstep.core;

import dev.lockstep.core.Promise.Completion;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;

/**
 * Combinators over several futures, and the bridge from {@link CompletionStage}. Every combinator
 * returns a new future and completes when its inputs complete, whether they were done before the
 * call or finish later.
 *
 * <table>
 *   <caption>Semantics</caption>
 *   <tr><th>combinator</th><th>succeeds with</th><th>ends otherwise with</th><th>empty input</th><th>cancels inputs</th></tr>
 *   <tr><td>{@link #all}</td><td>every value, in input order</td>
 *       <td>the first failure or cancellation (fail fast)</td><td>an empty list</td><td>never</td></tr>
 *   <tr><td>{@link #any}</td><td colspan="2">the first completion: value, failure or cancellation alike</td>
 *       <td>fails (IAE)</td><td>never</td></tr>
 *   <tr><td>{@link #firstSuccess}</td><td>the first value</td>
 *       <td>{@link AllFailedException} once every input failed or was cancelled</td><td>fails (IAE)</td><td>never</td></tr>
 *   <tr><td>{@link #race}</td><td colspan="2">the first completion, like {@code any}</td>
 *       <td>fails (IAE)</td><td>every other input, once decided</td></tr>
 * </table>
 *
 * <p>"First" is the order in which the inputs' completions reach the combinator; inputs that are
 * already done when the combinator is built are taken in input order, before any later completion.
 * A combination is decided once (by its result's single CAS); later completions of other inputs do
 * nothing. Once it is decided, it stops registering on the remaining inputs. "Empty input" means a
 * combination that cannot produce a value: it returns a future already failed with an {@link
 * IllegalArgumentException} (rather than one that never completes).
 *
 * <h2>Implementation overview</h2>
 *
 * <p>Each combination has a small holder (its state: the result promise, a countdown, the values or
 * causes array, race's inputs) and registers exactly one {@link Completion} node per input that
 * points at the holder: the node is the callback, so {@code all} over n futures allocates n nodes,
 * one {@code Object[n]} and the result list view, nothing else. The countdown is a {@code getAndAdd}
 * on the holder: a node writes its value (plain) into its own slot before decrementing (volatile),
 * so the node that brings the count to zero sees every slot.
 *
 * <p>Holding nothing once done: the result promise holds no input (race's input array is cleared
 * when it cancels the losers), and when the combination is decided the holder drops the result
 * promise and its arrays, so inputs still pending keep only their small node and the emptied
 * holder alive, never the result's value or the other inputs ({@code
 * anyHoldsNothingOnceDecided}). Cancelling the result releases the holder the same way (and for a
 * race cancels every input).
 */
public final class Futures {
    private Futures() {}

    /**
     * Succeeds with the values of {@code futures} in input order (nulls kept) once all succeeded;
     * ends with the first failure or cancellation among them as soon as it happens (the other inputs
     * keep running: cancel them yourself if they are no longer wanted). Empty input: a completed
     * empty list. The list is unmodifiable.
     */
    public static <T> Future<List<T>> all(Collection<? extends Future<? extends T>> futures) {
        return allOf(snapshot(futures, "all"));
    }

    private static <T> Future<List<T>> allOf(Future<?>[] in) {
        int n = in.length;
        if (n == 0) {
            return Promise.completed(List.of());
        }
        AllHolder<T> h = new AllHolder<>(n);
        Promise<List<T>> out = h.target; // the holder drops it once decided
        for (int i = 0; i < n; i++) {
            Promise.listen(in[i], new AllNode(h, i));
            if (out.isDone()) { // decided while registering: failed fast on a done input
                break;
            }
        }
        return out;
    }

    /** {@link #all(Collection)} over an array. */
    @SafeVarargs
    @SuppressWarnings("varargs") // the array is only copied, never written or exposed
    public static <T> Future<List<T>> all(Future<? extends T>... futures) {
        return allOf(copy(futures, "all"));
    }

    /**
     * Ends like the first of {@code futures} to complete, whether it succeeded, failed or was
     * cancelled. Cancels nothing (see {@link #race} for that). Empty input fails.
     */
    public static <T> Future<T> any(Collection<? extends Future<? extends T>> futures) {
        return first(snapshot(futures, "any"), "any", false);
    }

    /** {@link #any(Collection)} over an array. */
    @SafeVarargs
    @SuppressWarnings("varargs") // the array is only copied, never written or exposed
    public static <T> Future<T> any(Future<? extends T>... futures) {
        return first(copy(futures, "any"), "any", false);
    }

    /**
     * Like {@link #any}, and once decided cancels every other input (reason {@code "race decided by
     * input #k"}): the losers are not wanted. Cancelling the race's future cancels every input.
     * Empty input fails.
     */
    public static <T> Future<T> race(Collection<? extends Future<? extends T>> futures) {
        return first(snapshot(futures, "race"), "race", true);
    }

    /** {@link #race(Collection)} over an array. */
    @SafeVarargs
    @SuppressWarnings("varargs") // the array is only copied, never written or exposed
    public static <T> Future<T> race(Future<? extends T>... futures) {
        return first(copy(futures, "race"), "race", true);
    }

    /**
     * Succeeds with the first value among {@code futures}; fails only when every input failed or was
     * cancelled, with an {@link AllFailedException} carrying every cause in input order (a
     * cancellation counts as a failure here, and the result is a failure, not a cancellation).
     * Cancels nothing. Empty input fails.
     */
    public static <T> Future<T> firstSuccess(Collection<? extends Future<? extends T>> futures) {
        return firstSuccessOf(snapshot(futures, "firstSuccess"));
    }

    private static <T> Future<T> firstSuccessOf(Future<?>[] in) {
        int n = in.length;
        if (n == 0) {
            return Promise.failed(empty("firstSuccess"));
        }
        FirstSuccessHolder<T> h = new FirstSuccessHolder<>(n);
        Promise<T> out = h.target; // the holder drops it once decided
        for (int i = 0; i < n; i++) {
            Promise.listen(in[i], new FirstSuccessNode(h, i));
            if (out.isDone()) { // decided while registering: no need to listen to the rest
                break;
            }
        }
        return out;
    }

    /** {@link #firstSuccess(Collection)} over an array. */
    @SafeVarargs
    @SuppressWarnings("varargs") // the array is only copied, never written or exposed
    public static <T> Future<T> firstSuccess(Future<? extends T>... futures) {
        return firstSuccessOf(copy(futures, "firstSuccess"));
    }

    /**
     * A future that ends like {@code stage}: its value, its failure (unwrapped from {@link
     * CompletionException}), or cancellation (a {@link java.util.concurrent.CancellationException}
     * becomes a cancellation here). Cancelling the returned future cancels {@code stage} if it is a
     * {@link java.util.concurrent.Future} such as a {@link java.util.concurrent.CompletableFuture}.
     */
    public static <T> Future<T> from(CompletionStage<? extends T> stage) {
        if (stage == null) {
            throw new NullPointerException("from: stage is null");
        }
        StagePromise<T> p = new StagePromise<>(stage instanceof java.util.concurrent.Future<?> f ? f : null);
        stage.whenComplete((v, e) -> {
            if (e == null) {
                p.complete(v);
            } else {
                Throwable cause = e;
                while (cause instanceof CompletionException && cause.getCause() != null) {
                    cause = cause.getCause();
                }
                p.fail(cause); // a CancellationException cancels
            }
        });
        return p;
    }

    // ---- shared by any and race --------------------------------------------------------------

    private static <T> Future<T> first(Future<?>[] in, String what, boolean race) {
        int n = in.length;
        if (n == 0) {
            return Promise.failed(empty(what));
        }
        FirstHolder<T> h = new FirstHolder<>(race ? in : null);
        Promise<T> out = h.target; // the holder drops it once decided
        for (int i = 0; i < n; i++) {
            Promise.listen(in[i], new FirstNode(h, i));
            if (out.isDone()) { // decided while registering: no need to listen to the rest
                break;
            }
        }
        return out;
    }

    private static Future<?>[] snapshot(Collection<? extends Future<?>> futures, String what) {
        if (futures == null) {
            throw new NullPointerException(what + ": the collection of futures is null");
        }
        return checked(futures.toArray(new Future<?>[0]), what);
    }

    private static Future<?>[] copy(Future<?>[] futures, String what) {
        if (futures == null) {
            throw new NullPointerException(what + ": the array of futures is null");
        }
        return checked(futures.clone(), what);
    }

    private static Future<?>[] checked(Future<?>[] in, String what) {
        for (int i = 0; i < in.length; i++) {
            if (in[i] == null) {
                throw new NullPointerException(what + ": future #" + i + " is null");
            }
        }
        return in;
    }

    private static IllegalArgumentException empty(String what) {
        return new IllegalArgumentException(what + ": no futures given, so no first completion can ever happen");
    }

    // ---- holders and nodes ---------------------------------------------------------------------

    /** A combination's result: releases the holder when cancelled from outside. */
    private static final class Combined<R> extends Promise<R> {
        private final Holder holder;

        Combined(Holder holder) {
            this.holder = holder;
        }

        @Override
        protected void onCancelled() {
            holder.release();
        }
    }

    private abstract static class Holder {
        /** Drops everything once the result is decided (see the overview); a race cancels its inputs. */
        abstract void release();
    }

    /**
     * For all and firstSuccess: one slot per input and a countdown of inputs still to come; the input
     * that counts down to zero sees every slot (each slot is written before its decrement).
     */
    private abstract static class CountdownHolder<R, S> extends Holder {
        private static final VarHandle REMAINING;

        static {
            try {
                REMAINING = MethodHandles.lookup().findVarHandle(CountdownHolder.class, "remaining", int.class);
            } catch (ReflectiveOperationException e) {
                throw new ExceptionInInitializerError(e);
            }
        }

        Promise<R> target = new Combined<>(this);
        S[] slots;

        @SuppressWarnings("unused") // accessed through REMAINING
        private volatile int remaining;

        CountdownHolder(S[] slots) {
            this.slots = slots;
            remaining = slots.length;
        }

        /** Returns the count left after this decrement. */
        final int getAndDecrementRemaining() {
            return (int) REMAINING.getAndAdd(this, -1) - 1;
        }

        @Override
        final void release() {
            target = null;
            slots = null;
        }
    }

    /** all: the slots hold the values. */
    private static final class AllHolder<T> extends CountdownHolder<List<T>, Object> {
        AllHolder(int n) {
            super(new Object[n]);
        }
    }

    private static final class AllNode extends Completion {
        private final AllHolder<?> h;
        private final int index;

        AllNode(AllHolder<?> h, int index) {
            this.h = h;
            this.index = index;
        }

        @Override
        boolean fire(Object value, Throwable cause, int depth) {
            Promise<?> t = h.target;
            Object[] values = h.slots;
            if (t == null || values == null) {
                return false; // decided already
            }
            if (cause != null) { // fail fast; the other inputs are left alone
                boolean deferred = t.settleNested(null, cause, depth + 1);
                h.release();
                return deferred;
            }
            values[index] = value; // plain: published by the decrement below
            if (h.getAndDecrementRemaining() != 0) {
                return false;
            }
            // the last one sees every slot
            boolean deferred = t.settleNested(Collections.unmodifiableList(Arrays.asList(values)), null, depth + 1);
            h.release();
            return deferred;
        }
    }

    /**
     * For any and race; {@code inputs} is non-null for a race until decided. {@code winner} is claimed
     * by CAS before the result is settled, so the node that decides knows it is the winner and the
     * losers' cancellation reason names the right input.
     */
    private static final class FirstHolder<T> extends Holder {
        private static final VarHandle WINNER;

        static {
            try {
                WINNER = MethodHandles.lookup().findVarHandle(FirstHolder.class, "winner", int.class);
            } catch (ReflectiveOperationException e) {
                throw new ExceptionInInitializerError(e);
            }
        }

        Promise<T> target = new Combined<>(this);
        Future<?>[] inputs;

        @SuppressWarnings("unused") // accessed through WINNER
        private volatile int winner = -1;

        FirstHolder(Future<?>[] inputs) {
            this.inputs = inputs;
        }

        boolean casWinner(int expected, int next) {
            return WINNER.compareAndSet(this, expected, next);
        }

        @Override
        void release() {
            target = null;
            Future<?>[] in = inputs;
            inputs = null;
            if (in != null) {
                int w = winner;
                String reason = w >= 0 ? "race decided by input #" + w : "race cancelled";
                for (Future<?> f : in) {
                    f.cancel(reason); // the winner is done already: a no-op for it
                }
            }
        }
    }

    private static final class FirstNode extends Completion {
        private final FirstHolder<?> h;
        private final int index;

        FirstNode(FirstHolder<?> h, int index) {
            this.h = h;
            this.index = index;
        }

        @Override
        boolean fire(Object value, Throwable cause, int depth) {
            Promise<?> t = h.target;
            if (t == null || !h.casWinner(-1, index)) {
                return false; // decided already
            }
            boolean deferred = t.settleNested(value, cause, depth + 1); // loses only to an outside cancel
            h.release();
            return deferred;
        }
    }

    /** firstSuccess: the slots hold the causes. */
    private static final class FirstSuccessHolder<T> extends CountdownHolder<T, Throwable> {
        FirstSuccessHolder(int n) {
            super(new Throwable[n]);
        }
    }

    private static final class FirstSuccessNode extends Completion {
        private final FirstSuccessHolder<?> h;
        private final int index;

        FirstSuccessNode(FirstSuccessHolder<?> h, int index) {
            this.h = h;
            this.index = index;
        }

        @Override
        boolean fire(Object value, Throwable cause, int depth) {
            Promise<?> t = h.target;
            Throwable[] causes = h.slots;
            if (t == null || causes == null) {
                return false;
            }
            if (cause == null) {
                boolean deferred = t.settleNested(value, null, depth + 1);
                h.release();
                return deferred;
            }
            causes[index] = cause; // plain: published by the decrement below
            if (h.getAndDecrementRemaining() != 0) {
                return false;
            }
            // every input failed; the last sees every cause
            AllFailedException all = new AllFailedException("firstSuccess", Arrays.asList(causes));
            boolean deferred = t.settleNested(null, all, depth + 1);
            h.release();
            return deferred;
        }
    }

    /** The bridge's promise: cancelling it cancels the source when the source is a Future. */
    private static final class StagePromise<T> extends Promise<T> {
        private final java.util.concurrent.Future<?> source;

        StagePromise(java.util.concurrent.Future<?> source) {
            this.source = source;
        }

        @Override
        protected void onCancelled() {
            if (source != null) {
                source.cancel(false); // a no-op when the source's own cancellation cancelled us
            }
        }
    }
}
