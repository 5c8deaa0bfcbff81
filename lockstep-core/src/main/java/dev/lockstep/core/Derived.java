package dev.lockstep.core;

import dev.lockstep.core.Promise.Completion;
import dev.lockstep.core.cancel.CancellationToken;
import dev.lockstep.core.internal.SharedTimer;
import java.time.Duration;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeoutException;
import java.util.function.BiConsumer;
import java.util.function.Function;

/**
 * The implementations behind {@link Future}'s default methods. Each derived future is a plain
 * {@link Promise} plus one {@link Completion} node registered on its source, so a derivation costs
 * two allocations (three with a timeout: the timer's entry).
 *
 * <p>Rules shared by every derivation (see {@link Future}'s overview): the function runs once, on
 * the completing thread; what it throws fails the derived future; a source cancellation passes
 * through as the same {@link CancellationException} instance ({@link Promise#settle}); the derived
 * future holds no reference to its source, so cancelling it cannot reach back.
 *
 * <p>Timeout race: the source's completion and the timer race for the derived promise's single CAS;
 * whichever loses is a no-op. The timer handle is written (volatile) before the scheduling thread
 * re-reads the outcome (volatile), and the relay settles the outcome before reading the handle, so
 * at least one of them sees the other and cancels the timer: a timeout never outlives its source
 * ({@code timerIsDroppedWhenSourceCompletesFirst}).
 */
final class Derived {
    private Derived() {}

    static <T> void onCompleteOn(
            Future<T> source, BiConsumer<? super T, ? super Throwable> callback, Executor executor) {
        if (callback == null || executor == null) {
            throw new NullPointerException("onComplete: callback or executor is null");
        }
        Promise.listen(source, new OnExecutor(callback, executor));
    }

    static <T, U> Future<U> map(Future<T> source, Function<? super T, ? extends U> fn) {
        requireFn(fn, "map");
        Promise<U> out = new Promise<>();
        Promise.listen(source, new MapNode(out, fn));
        return out;
    }

    static <T, U> Future<U> flatMap(Future<T> source, Function<? super T, ? extends Future<? extends U>> fn) {
        requireFn(fn, "flatMap");
        Promise<U> out = new Promise<>();
        Promise.listen(source, new FlatMapNode(out, fn));
        return out;
    }

    static <T> Future<T> recover(Future<T> source, Function<? super Throwable, ? extends T> fn) {
        requireFn(fn, "recover");
        Promise<T> out = new Promise<>();
        Promise.listen(source, new RecoverNode(out, fn, false));
        return out;
    }

    static <T> Future<T> recoverWith(Future<T> source, Function<? super Throwable, ? extends Future<? extends T>> fn) {
        requireFn(fn, "recoverWith");
        Promise<T> out = new Promise<>();
        Promise.listen(source, new RecoverNode(out, fn, true));
        return out;
    }

    static <T> Future<T> orTimeout(Future<T> source, Duration timeout) {
        SharedTimer.checkDelay(timeout, "orTimeout");
        TimeoutPromise<T> out = new TimeoutPromise<>(timeout);
        Promise.listen(source, new Relay(out));
        if (out.isDone()) {
            return out; // the source was done already: no timer at all
        }
        if (timeout.isZero()) {
            out.run();
            return out;
        }
        ScheduledFuture<?> timer = SharedTimer.schedule(out, timeout);
        out.setVolatileTimer(timer);
        if (out.isDone()) { // the source completed meanwhile: see the overview's timeout race
            timer.cancel(false);
        }
        return out;
    }

    static void cancelOn(Future<?> future, CancellationToken token) {
        if (token == null) {
            throw new NullPointerException("cancelOn: token is null");
        }
        if (!token.canBeCancelled() || future.isDone()) {
            return;
        }
        CancelOnNode node = new CancelOnNode(future, token);
        node.registration = token.onCancel(node); // may cancel the future at once
        Promise.listen(future, node); // after the registration is set: completion unregisters it
    }

    static <T> CompletableFuture<T> toCompletableFuture(Future<T> source) {
        CompletableFuture<T> cf = new CompletableFuture<>();
        source.onComplete((v, e) -> {
            if (e == null) {
                cf.complete(v);
            } else {
                cf.completeExceptionally(e); // a CancellationException makes cf.isCancelled() true
            }
        });
        if (!source.isDone()) {
            cf.whenComplete((v, e) -> {
                if (cf.isCancelled()) {
                    source.cancel("cancelled through CompletableFuture");
                }
            });
        }
        return cf;
    }

    private static void requireFn(Object fn, String what) {
        if (fn == null) {
            throw new NullPointerException(what + ": function is null");
        }
    }

    /** Passes the source's outcome to {@code out}. */
    private static final class Relay extends Completion {
        private final Promise<?> out;

        Relay(Promise<?> out) {
            this.out = out;
        }

        @Override
        boolean fire(Object value, Throwable cause, int depth) {
            boolean deferred = out.settleNested(value, cause, depth + 1);
            if (out instanceof TimeoutPromise<?> t) {
                t.dropTimer();
            }
            return deferred;
        }
    }

    private static final class OnExecutor extends Completion {
        private final BiConsumer<Object, Throwable> callback;
        private final Executor executor;

        @SuppressWarnings("unchecked")
        OnExecutor(BiConsumer<?, ?> callback, Executor executor) {
            this.callback = (BiConsumer<Object, Throwable>) callback;
            this.executor = executor;
        }

        @Override
        boolean fire(Object value, Throwable cause, int depth) {
            executor.execute(() -> callback.accept(value, cause)); // a rejection reaches the uncaught handler
            return false;
        }
    }

    private static final class MapNode extends Completion {
        private final Promise<Object> out;
        private final Function<Object, Object> fn;

        @SuppressWarnings("unchecked")
        MapNode(Promise<?> out, Function<?, ?> fn) {
            this.out = (Promise<Object>) out;
            this.fn = (Function<Object, Object>) fn;
        }

        @Override
        boolean fire(Object value, Throwable cause, int depth) {
            if (cause != null) {
                return out.settleNested(null, cause, depth + 1);
            }
            Object mapped;
            try {
                mapped = fn.apply(value);
            } catch (Throwable t) {
                return out.settleNested(null, t, depth + 1);
            }
            return out.settleNested(mapped, null, depth + 1);
        }
    }

    private static final class FlatMapNode extends Completion {
        private final Promise<Object> out;
        private final Function<Object, Future<?>> fn;

        @SuppressWarnings("unchecked")
        FlatMapNode(Promise<?> out, Function<?, ?> fn) {
            this.out = (Promise<Object>) out;
            this.fn = (Function<Object, Future<?>>) fn;
        }

        @Override
        boolean fire(Object value, Throwable cause, int depth) {
            if (cause != null) {
                return out.settleNested(null, cause, depth + 1);
            }
            return follow(out, () -> fn.apply(value), "flatMap", depth);
        }
    }

    /** {@code recover} (value function) or {@code recoverWith} (future function); failures only. */
    private static final class RecoverNode extends Completion {
        private final Promise<Object> out;
        private final Function<Throwable, Object> fn;
        private final boolean returnsFuture;

        @SuppressWarnings("unchecked")
        RecoverNode(Promise<?> out, Function<?, ?> fn, boolean returnsFuture) {
            this.out = (Promise<Object>) out;
            this.fn = (Function<Throwable, Object>) fn;
            this.returnsFuture = returnsFuture;
        }

        @Override
        boolean fire(Object value, Throwable cause, int depth) {
            if (cause == null || cause instanceof CancellationException) { // cancellation is never recovered
                return out.settleNested(value, cause, depth + 1);
            }
            if (returnsFuture) {
                return follow(out, () -> (Future<?>) fn.apply(cause), "recoverWith", depth);
            }
            Object recovered;
            try {
                recovered = fn.apply(cause);
            } catch (Throwable t) {
                if (t != cause) {
                    t.addSuppressed(cause); // keep the original failure visible
                }
                return out.settleNested(null, t, depth + 1);
            }
            return out.settleNested(recovered, null, depth + 1);
        }
    }

    /** Makes {@code out} follow the future {@code inner} returns, or fail with what it throws. */
    private static boolean follow(Promise<?> out, InnerSupplier inner, String what, int depth) {
        Future<?> next;
        try {
            next = inner.get();
        } catch (Throwable t) {
            return out.settleNested(null, t, depth + 1);
        }
        if (next == null) {
            NullPointerException npe =
                    new NullPointerException(what + ": the function returned null instead of a future");
            return out.settleNested(null, npe, depth + 1);
        }
        return Promise.listenNested(next, new Relay(out), depth);
    }

    @FunctionalInterface
    private interface InnerSupplier {
        Future<?> get();
    }

    /** The future {@code orTimeout} returns; it is also the timer task. */
    private static final class TimeoutPromise<T> extends Promise<T> implements Runnable {
        private final Duration timeout;
        private volatile ScheduledFuture<?> timer;

        TimeoutPromise(Duration timeout) {
            this.timeout = timeout;
        }

        void setVolatileTimer(ScheduledFuture<?> t) {
            timer = t;
        }

        /** The timer fired. */
        @Override
        public void run() {
            fail(new TimeoutException("not done within " + timeout));
        }

        /** Done by the source or cancelled: the timer entry leaves the shared queue. */
        void dropTimer() {
            ScheduledFuture<?> t = timer;
            if (t != null) {
                t.cancel(false);
            }
        }

        @Override
        protected void onCancelled() {
            dropTimer();
        }
    }

    /** Cancels the future when the token is cancelled; unregisters when the future completes. */
    private static final class CancelOnNode extends Completion implements Runnable {
        private final Future<?> future;
        private final CancellationToken token;
        volatile CancellationToken.Registration registration;

        CancelOnNode(Future<?> future, CancellationToken token) {
            this.future = future;
            this.token = token;
        }

        @Override
        public void run() {
            future.cancel(token.reason());
        }

        @Override
        boolean fire(Object value, Throwable cause, int depth) {
            CancellationToken.Registration r = registration;
            if (r != null) {
                r.unregister();
            }
            return false;
        }
    }
}
