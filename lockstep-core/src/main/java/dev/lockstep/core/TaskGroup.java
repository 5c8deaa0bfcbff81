package dev.lockstep.core;

import dev.lockstep.core.cancel.CancellationSource;
import dev.lockstep.core.cancel.CancellationToken;
import dev.lockstep.core.cancel.CancelledException;
import dev.lockstep.core.internal.EngineTask;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.RandomAccess;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.IntConsumer;

/**
 * A structured scope of subtasks on an {@link Engine}: every subtask forked in the scope has ended
 * when the scope is closed.
 *
 * <pre>{@code
 * try (var g = TaskGroup.open(engine, TaskGroupOptions.defaults().withMaxConcurrent(4))) {
 *     Future<A> a = g.fork(() -> loadA());
 *     Future<B> b = g.fork(() -> loadB());
 *     g.parallelFor(0, n, 1024, i -> process(i));
 *     g.join();                       // throws TaskGroupFailedException if any subtask failed
 *     use(a.resultNow(), b.resultNow());
 * }
 * }</pre>
 *
 * <h2>Overview</h2>
 *
 * <p><b>Members.</b> Each {@link #fork} creates one member task (an engine task bound to this
 * group) and appends it to {@code members}, a queue of forked and not yet joined members. A member
 * may fork further members; it appends them before it completes, so {@link #join()}, which polls
 * and waits for members until the queue is empty, also waits for them ({@code
 * joinWaitsForSubtasksForkedBySubtasks}). Waiting uses {@link Future#join()}, so a join on an
 * engine worker helps instead of blocking it.
 *
 * <p><b>Failures</b> are collected by {@code join} from the members it waited for, in fork order
 * (not from completion callbacks: a callback may still be running after {@code isDone()} turns
 * true). The first is the cause of the {@link TaskGroupFailedException}, the rest are suppressed.
 * With {@code cancelOnFailure}, a member's completion callback cancels the group as soon as it fails.
 *
 * <p><b>Cancellation.</b> The group owns a {@link CancellationSource} linked to the options' parent
 * token. A cancelled group's members that have not started skip their work and end cancelled;
 * running members see {@link Engine#currentTaskCancelled()} (and {@link #token()}) turn true. A
 * join on a cancelled group with no failures throws {@link CancelledException}: its results may be
 * partial and are never presented as complete.
 *
 * <p><b>maxConcurrent.</b> With a limit, a member enters the engine only with a permit ({@code
 * admitted} below the limit, taken by CAS); others wait in {@code waiting} in fork order. A member's
 * completion returns its permit and admits waiting members. A member cancelled while still waiting
 * never took a permit: its state moves WAITING to GONE by CAS, racing the admitter's WAITING to
 * ADMITTED, and exactly one wins ({@code maxConcurrentIsNeverExceeded}, {@code
 * cancelledWaitingMemberReturnsNoPermit}). An admitter that adds a member to {@code waiting} after
 * failing to get a permit tries to admit again, so a permit released in between is not lost.
 *
 * <p><b>Closing.</b> {@link #close()} without a {@code join} cancels the group and waits for every
 * member; failures that no {@code join} reported are thrown from {@code close}. Forking after close
 * throws {@link IllegalStateException}. A group is meant to be joined and closed by the thread that
 * opened it; forking is allowed from its members too.
 */
public final class TaskGroup implements AutoCloseable {
    private final Engine engine;
    private final TaskGroupOptions options;
    private final CancellationSource source;
    private final ConcurrentLinkedQueue<Member<?>> members = new ConcurrentLinkedQueue<>();
    private final ConcurrentLinkedQueue<Member<?>> waiting = new ConcurrentLinkedQueue<>();
    private final AtomicInteger admitted = new AtomicInteger();
    private final List<Throwable> unreported = new ArrayList<>(); // owner thread only
    private volatile boolean closed;

    private TaskGroup(Engine engine, TaskGroupOptions options) {
        this.engine = Objects.requireNonNull(engine, "TaskGroup.open: engine is null");
        this.options = Objects.requireNonNull(options, "TaskGroup.open: options are null");
        this.source = CancellationSource.linkedTo(options.parent());
    }

    /** Opens a group with {@link TaskGroupOptions#defaults()}. */
    public static TaskGroup open(Engine engine) {
        return new TaskGroup(engine, TaskGroupOptions.defaults());
    }

    /** Opens a group with the given options. */
    public static TaskGroup open(Engine engine, TaskGroupOptions options) {
        return new TaskGroup(engine, options);
    }

    /** Forks {@code task} as a member of this group. */
    public <T> Future<T> fork(Callable<T> task) {
        Objects.requireNonNull(task, "TaskGroup.fork: task is null");
        if (closed) {
            throw new IllegalStateException("TaskGroup '" + options.name() + "' is closed; fork refused");
        }
        Member<T> m = new Member<>(this, task);
        members.add(m);
        m.onComplete((v, failure) -> memberDone(m, failure));
        if (options.maxConcurrent() == 0) {
            engine.submit(m);
        } else {
            waiting.add(m);
            admitWaiting();
        }
        return m;
    }

    /** Forks {@code task} as a member; the future's value is {@code null}. */
    public Future<Void> fork(Runnable task) {
        Objects.requireNonNull(task, "TaskGroup.fork: task is null");
        return fork(() -> {
            task.run();
            return null;
        });
    }

    /**
     * Forks one member that runs {@code body} for every index in {@code [from, to)}, split in halves
     * down to ranges of at most {@code grain} indices, each half a task other workers can steal. The
     * returned future (and {@link #join()}) completes when every index ran; a failure of the body
     * fails it. Cancellation stops ranges that have not started.
     */
    public Future<Void> parallelFor(int from, int to, int grain, IntConsumer body) {
        Objects.requireNonNull(body, "TaskGroup.parallelFor: body is null");
        if (from > to) {
            throw new IllegalArgumentException("TaskGroup.parallelFor: from " + from + " is after to " + to);
        }
        if (grain < 1) {
            throw new IllegalArgumentException("TaskGroup.parallelFor: grain " + grain + " is less than 1");
        }
        return fork(() -> {
            RangeTask root = new RangeTask(this, from, to, grain, body);
            root.exec(); // inline on this member's worker; its halves are forked from here
            if (root.isFailed()) {
                throw rethrowable(root.exceptionNow()); // the body's own exception, unwrapped
            }
            return null;
        });
    }

    /** {@link #parallelFor} over the items, with a grain of about 8 ranges per worker. */
    public <T> Future<Void> parallelForEach(Collection<? extends T> items, Consumer<? super T> body) {
        int n = items.size();
        return parallelForEach(items, Math.max(1, n / (8 * engine.parallelism())), body);
    }

    /** {@link #parallelFor} over the items, at most {@code grain} items per range. */
    public <T> Future<Void> parallelForEach(Collection<? extends T> items, int grain, Consumer<? super T> body) {
        Objects.requireNonNull(items, "TaskGroup.parallelForEach: items are null");
        Objects.requireNonNull(body, "TaskGroup.parallelForEach: body is null");
        List<? extends T> list = items instanceof List<? extends T> l && l instanceof RandomAccess
                ? l
                : new ArrayList<>(items); // a stable, indexable snapshot
        return parallelFor(0, list.size(), grain, i -> body.accept(list.get(i)));
    }

    /** The group's cancellation token: cancelled by {@link #cancel}, a failure (see options), the parent or close. */
    public CancellationToken token() {
        return source.token();
    }

    /** Cancels the group (see the overview); returns whether this call did it. */
    public boolean cancel(String reason) {
        return source.cancel("TaskGroup '" + options.name() + "': " + reason);
    }

    /** Whether the group was cancelled. */
    public boolean isCancelled() {
        return source.isCancellationRequested();
    }

    /** The options this group was opened with. */
    public TaskGroupOptions options() {
        return options;
    }

    /**
     * Waits until every member forked so far (and every member they forked) has ended.
     *
     * @throws TaskGroupFailedException if members failed (first as cause, the rest suppressed)
     * @throws CancelledException if the group was cancelled and no member failed
     */
    public void join() {
        awaitMembers();
        throwUnreportedFailures();
        if (isCancelled()) {
            throw new CancelledException(token().reason());
        }
    }

    /**
     * Ends the scope: if members are still pending (no {@code join}), cancels the group and waits for
     * them. Throws failures no {@code join} reported. Idempotent.
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (!members.isEmpty()) {
            source.cancel("TaskGroup '" + options.name() + "' closed before join");
        }
        awaitMembers();
        source.close();
        throwUnreportedFailures();
    }

    @Override
    public String toString() {
        return "TaskGroup[" + options.name() + (closed ? ", closed" : "") + (isCancelled() ? ", cancelled" : "") + "]";
    }

    private static Exception rethrowable(Throwable t) {
        if (t instanceof Error e) {
            throw e;
        }
        return t instanceof Exception e ? e : new TaskFailedException(t);
    }

    /** Throws the failures no join has reported yet (once), first as cause, the rest suppressed. */
    private void throwUnreportedFailures() {
        if (!unreported.isEmpty()) {
            List<Throwable> failures = List.copyOf(unreported);
            unreported.clear();
            throw new TaskGroupFailedException(options.name(), failures);
        }
    }

    private void awaitMembers() {
        for (Member<?> m; (m = members.poll()) != null; ) {
            if (!m.isDone()) {
                try {
                    m.join(); // helps on a worker
                } catch (RuntimeException expected) {
                    // its outcome is read below
                }
            }
            if (m.isFailed()) {
                unreported.add(m.exceptionNow());
            }
        }
    }

    private void memberDone(Member<?> m, Throwable failure) {
        if (failure != null && options.cancelOnFailure() && !(failure instanceof CancellationException)) {
            source.cancel("TaskGroup '" + options.name() + "': cancelled because a subtask failed: " + failure);
        }
        if (options.maxConcurrent() > 0 && m.leave()) {
            admitted.decrementAndGet();
            admitWaiting();
        }
    }

    /** Admits waiting members while permits are free (see the overview). */
    private void admitWaiting() {
        int max = options.maxConcurrent();
        while (!waiting.isEmpty()) {
            int a = admitted.get();
            if (a >= max) {
                return; // every permit is held: a completing member will admit
            }
            if (!admitted.compareAndSet(a, a + 1)) {
                continue;
            }
            Member<?> m = waiting.poll();
            if (m == null || !m.admit()) { // none left, or cancelled while waiting: give the permit back
                admitted.decrementAndGet();
                continue;
            }
            engine.submit(m);
        }
    }

    /** A member of a group; see the overview. */
    private static final class Member<T> extends EngineTask<T> {
        private static final VarHandle STATE;
        private static final int WAITING = 0;
        private static final int ADMITTED = 1;
        private static final int GONE = 2;

        static {
            try {
                STATE = MethodHandles.lookup().findVarHandle(Member.class, "state", int.class);
            } catch (ReflectiveOperationException e) {
                throw new ExceptionInInitializerError(e);
            }
        }

        private final TaskGroup group;
        private final Callable<T> body;

        @SuppressWarnings("unused") // through STATE
        private volatile int state;

        Member(TaskGroup group, Callable<T> body) {
            this.group = group;
            this.body = body;
        }

        @Override
        protected T compute() throws Exception {
            if (group.isCancelled()) { // not started before the group was cancelled: skip
                throw new CancelledException(group.token().reason());
            }
            return body.call();
        }

        @Override
        public boolean cancellationRequested() {
            return isCancelled() || group.isCancelled();
        }

        /** WAITING to ADMITTED; false if the member already left (cancelled while waiting). */
        boolean admit() {
            return STATE.compareAndSet(this, WAITING, ADMITTED);
        }

        /** On completion: true if this member held a permit to return. */
        boolean leave() {
            return !STATE.compareAndSet(this, WAITING, GONE); // lost to admit(): it was admitted
        }

        @Override
        public String toString() {
            return "member of " + group + ": " + body;
        }
    }

    /** One range of a parallelFor; splits itself and joins its halves (see parallelFor). */
    private static final class RangeTask extends EngineTask<Void> {
        private final TaskGroup group;
        private final long lo;
        private final long hi;
        private final int grain;
        private final IntConsumer body;
        private RangeTask nextForked; // this task's owner keeps its forked halves in a list

        RangeTask(TaskGroup group, long lo, long hi, int grain, IntConsumer body) {
            this.group = group;
            this.lo = lo;
            this.hi = hi;
            this.grain = grain;
            this.body = body;
        }

        @Override
        protected Void compute() throws Exception {
            long l = lo;
            long h = hi;
            RangeTask forked = null;
            while (h - l > grain) { // split: keep the left half, fork the right one
                long mid = l + (h - l) / 2;
                RangeTask right = new RangeTask(group, mid, h, grain, body);
                right.nextForked = forked;
                forked = right;
                right.fork();
                h = mid;
            }
            Throwable failure = null;
            try {
                if (!group.isCancelled()) {
                    for (long i = l; i < h; i++) {
                        body.accept((int) i);
                    }
                }
            } catch (Throwable e) {
                failure = e;
            }
            for (RangeTask t = forked; t != null; t = t.nextForked) { // join every half: none outlives us
                if (!t.isDone()) {
                    try {
                        t.join();
                    } catch (RuntimeException e) {
                        // read below
                    }
                }
                if (t.isFailed()) {
                    Throwable cause = t.exceptionNow();
                    if (failure == null) {
                        failure = cause;
                    } else if (failure != cause) {
                        failure.addSuppressed(cause);
                    }
                }
            }
            if (failure != null) {
                throw rethrowable(failure);
            }
            return null;
        }

        @Override
        public boolean cancellationRequested() {
            return isCancelled() || group.isCancelled();
        }
    }
}
