package dev.lockstep.flow.internal;

import dev.lockstep.core.Future;
import dev.lockstep.core.Promise;
import dev.lockstep.core.random.RandomStreams;
import dev.lockstep.core.random.SplitRandom;
import dev.lockstep.core.trace.Trace;
import dev.lockstep.core.trace.TraceKind;
import dev.lockstep.flow.Compensation;
import dev.lockstep.flow.Decision;
import dev.lockstep.flow.FlowError;
import dev.lockstep.flow.FlowEvent;
import dev.lockstep.flow.FlowFailure;
import dev.lockstep.flow.FlowResponse;
import dev.lockstep.flow.Need;
import dev.lockstep.flow.Operation;
import dev.lockstep.flow.Pipeline;
import dev.lockstep.flow.RequestContext;
import dev.lockstep.flow.RetryPolicy;
import dev.lockstep.flow.Slot;
import dev.lockstep.flow.Step;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * One request running through a pipeline: the owner of every transition of that request.
 *
 * <p><b>Serialisation.</b> Everything that can change the request (an effect attempt finishing, a
 * timeout or backoff firing, the caller cancelling the response future) arrives as a task posted
 * to {@link #post}; tasks run one at a time, in posting order, on whichever thread found the
 * request idle (a standard work-in-progress counter: the thread that moves {@code wip} from 0 runs
 * the queue until it is empty again). So the slots, the effect states, the saga stack and the
 * exit callbacks are plain fields touched by one thread at a time; the counter's increments and
 * decrements (volatile) order one drainer's writes before the next drainer's reads. Steps run
 * inside a task too, which is why a future that completes inline in a step's Need cannot re-enter
 * the state machine: its callback only posts.
 *
 * <p><b>Phases.</b> RUNNING (steps and Needs) then ENDING (compensations, then exit callbacks)
 * then ENDED. Each phase change happens once ({@link #failWith}, {@link #finish}); tasks that
 * arrive for a superseded Need or attempt find their attempt number or state stale and do nothing
 * (staleAttemptsAreIgnored).
 *
 * <p><b>Joins.</b> {@link NeedRun#evaluate} decides after every effect that finished for good; once
 * decided, running attempts are cancelled, backoffs called off and pending effects never start
 * (joinCancelsEffectsThatNoLongerMatter).
 *
 * <p><b>Admission.</b> Every effect attempt enters the runtime's {@link Admission} (effect queue,
 * its target's cap, for compute the compute queue) before it starts and leaves it in its future's
 * completion callback, which runs whatever ends the attempt (value, failure, timeout or join
 * cancelling it, the request failing or being cancelled): so a permit is never kept past its
 * attempt (permitsAreReleasedHoweverTheAttemptEnds). A refused attempt fails at once with a final
 * {@code FlowFailure} of status 429. A continuation that will wait (a timer callback handed to the
 * executor, or a completion posted while another thread runs this request: {@link #resume}) is
 * counted in the continuation queue until it runs; when that queue is full the continuation is
 * replaced by a task that fails the request with 429 (the dropped work is harmless: failing cancels
 * whatever it would have continued). Compensations are never refused.
 *
 * <p><b>Tracing cost.</b> Without a sink and a per-request listener no event is built and the
 * outcome strings are not formatted ({@link #tracing}).
 */
final class RequestRun {
    static final TraceKind EVENT =
            TraceKind.register("flow.event", "flow", TraceKind.Type.INSTANT, "request", "type", "attempt");

    private enum Phase {
        RUNNING,
        ENDING,
        ENDED
    }

    private final ReactorConfig cfg;
    private final Admission adm;
    private final RequestContext ctx;
    private Consumer<FlowEvent> listener; // ctx's, until the request ended
    private Thread drainer; // the thread running the inbox now (read only to compare with itself)
    private final Pipeline pipeline;
    private final long id;
    private final Promise<FlowResponse> result;
    private final Map<Slot<?>, Object> slots = new LinkedHashMap<>();
    private final Deque<Compensation> saga = new ArrayDeque<>();
    private final List<Runnable> exits = new ArrayList<>();
    private final ConcurrentLinkedQueue<Runnable> inbox = new ConcurrentLinkedQueue<>();
    private final AtomicInteger wip = new AtomicInteger();
    private Phase phase = Phase.RUNNING;
    private int index;
    private NeedRun need;

    RequestRun(
            ReactorConfig cfg,
            Admission adm,
            RequestContext ctx,
            Pipeline pipeline,
            long id,
            Map<Slot<?>, Object> seeds,
            Promise<FlowResponse> result) {
        this.cfg = cfg;
        this.adm = adm;
        this.ctx = ctx;
        this.listener = ctx.events();
        this.pipeline = pipeline;
        this.id = id;
        this.result = result;
        for (var e : seeds.entrySet()) {
            slots.put(e.getKey(), e.getKey().land(e.getValue()));
        }
        result.onComplete((v, c) -> {
            if (result.isCancelled()) {
                post(this::cancelled);
            }
        });
    }

    /** Starts the first step (posted, so the caller's thread runs it unless the run is busy). */
    void start() {
        post(() -> {
            emit(FlowEvent.Type.REQUEST_START, "", "", 0, "");
            long queued = ctx.queuedNanos();
            if (queued >= 0) { // the server measured the wait from the first bytes to here
                emit(FlowEvent.Type.QUEUE_WAIT, "", "", 0, tracing() ? "arrival " + queued + "ns" : "");
                adm.shedder().queued(queued);
            }
            runStep(pipeline.steps().get(0));
        });
    }

    /** A copy of the slots (for tests, after the request ended). */
    Map<Slot<?>, Object> slots() {
        return new LinkedHashMap<>(slots);
    }

    // ---- serialisation ----

    void post(Runnable task) {
        inbox.offer(task);
        if (wip.getAndIncrement() != 0) { // someone is draining: it will run the task
            return;
        }
        Thread outer = drainer;
        drainer = Thread.currentThread();
        try {
            int missed = 1;
            while (true) {
                Runnable t;
                while ((t = inbox.poll()) != null) {
                    t.run();
                }
                missed = wip.addAndGet(-missed);
                if (missed == 0) {
                    return;
                }
            }
        } finally {
            drainer = outer;
        }
    }

    /**
     * An effect's completion: runs now when the request is idle or this thread runs it already;
     * otherwise it waits for the other thread, counted in the continuation queue (refused when full).
     */
    private void resume(Runnable task) {
        if (wip.get() != 0 && drainer != Thread.currentThread()) {
            task = queued(task, true);
        }
        post(task);
    }

    /** A timer callback, handed to the executor: a continuation counted until it runs. */
    private void later(Duration delay, Runnable task, List<FlowTimerHandle> into, boolean mayRefuse) {
        var handle = cfg.timer().schedule(delay, () -> {
            Runnable r = queued(task, mayRefuse);
            cfg.executor().execute(() -> post(r));
        });
        into.add(handle::cancel);
    }

    /** {@code task} counted in the continuation queue until it runs, or a refusal when the queue is full. */
    private Runnable queued(Runnable task, boolean mayRefuse) {
        if (!adm.enterContinuation(mayRefuse)) {
            return this::continuationRefused;
        }
        return new Waiting(task, cfg.clock().nanoTime());
    }

    private final class Waiting implements Runnable {
        final Runnable task;
        final long since;

        Waiting(Runnable task, long since) {
            this.task = task;
            this.since = since;
        }

        @Override
        public void run() {
            adm.leaveContinuation();
            long waited = cfg.clock().nanoTime() - since;
            if (waited > 0) {
                if (phase != Phase.ENDED) {
                    emit(FlowEvent.Type.QUEUE_WAIT, "", "", 0, tracing() ? "continuation " + waited + "ns" : "");
                }
                adm.shedder().queued(waited);
            }
            task.run();
        }
    }

    private void continuationRefused() {
        if (phase != Phase.RUNNING) {
            return;
        }
        emit(FlowEvent.Type.QUEUE_FULL, "", "", 0, adm.continuationFull());
        failWith(new FlowError(429, adm.continuationFull(), pipeline.route()));
    }

    @FunctionalInterface
    interface FlowTimerHandle {
        void cancel();
    }

    // ---- steps ----

    private void runStep(Step step) {
        emit(FlowEvent.Type.STEP_START, step.name(), "", 0, "");
        View view = new View(slots, step, pipeline.route(), id, exits);
        Decision d;
        try {
            d = step.body().run(view);
            if (d == null) {
                throw new FlowFailure(new FlowError(500, "step returned no decision", step.name()));
            }
        } catch (Throwable t) {
            emit(FlowEvent.Type.STEP_END, step.name(), "", 0, "threw " + Failures.describe(t));
            view.close();
            failWith(Failures.ofStep(step, t));
            return;
        } finally {
            view.close();
        }
        emit(FlowEvent.Type.STEP_END, step.name(), "", 0, d.getClass().getSimpleName());
        decide(step, d);
    }

    private void decide(Step step, Decision d) {
        switch (d) {
            case Decision.Continue c -> next();
            case Decision.Done done -> finish(done.response());
            case Decision.Fail fail -> failWith(fail.error());
            case Need n -> startNeed(step, n);
        }
    }

    private void next() {
        index++;
        if (index >= pipeline.steps().size()) {
            failWith(new FlowError(500, "route ended without a response", pipeline.route()));
            return;
        }
        runStep(pipeline.steps().get(index));
    }

    private void startNeed(Step step, Need n) {
        for (var e : n.effects()) {
            if (e.result() != null && !step.canWrite(e.result())) { // effectsFillOnlyDeclaredSlots
                emit(
                        FlowEvent.Type.NEED,
                        step.name(),
                        e.name(),
                        0,
                        "effect fills slot '" + e.result().name() + "', which the step does not declare as written");
                failWith(new FlowError(500, "step failed", step.name()));
                return;
            }
        }
        emit(
                FlowEvent.Type.NEED,
                step.name(),
                "",
                0,
                tracing() ? n.mode() + " " + n.join() + " " + n.effects().size() : "");
        need = new NeedRun(step, n);
        need.start();
    }

    private void joined(NeedRun run, boolean ok, FlowError error) {
        need = null;
        emit(FlowEvent.Type.JOIN, run.step.name(), "", 0, ok ? "ok" : tracing() ? "failed " + error.status() : "");
        if (!ok) {
            failWith(error);
            return;
        }
        Step then = run.need.continuation();
        if (then == null && index + 1 < pipeline.steps().size()) {
            then = pipeline.steps().get(index + 1);
        }
        emit(FlowEvent.Type.STEP_RESUME, run.step.name(), "", 0, then == null ? "" : then.name());
        if (run.need.continuation() != null) {
            runStep(run.need.continuation());
        } else {
            next();
        }
    }

    // ---- ending ----

    private void failWith(FlowError error) {
        if (phase != Phase.RUNNING) {
            return;
        }
        phase = Phase.ENDING;
        if (need != null) {
            need.cancelAll("request failed");
            need = null;
        }
        compensate(() -> finish(cfg.renderer().render(error)));
    }

    private void cancelled() {
        if (phase != Phase.RUNNING) {
            return;
        }
        phase = Phase.ENDING;
        if (need != null) {
            need.cancelAll("request cancelled");
            need = null;
        }
        compensate(() -> end(null, "cancelled"));
    }

    private void finish(FlowResponse response) {
        if (phase == Phase.ENDED) {
            return;
        }
        end(response, null);
    }

    private void end(FlowResponse response, String outcome) {
        phase = Phase.ENDED;
        for (int i = exits.size() - 1; i >= 0; i--) { // exitCallbacksRunInReverseOrder
            try {
                exits.get(i).run();
            } catch (Throwable t) {
                emit(FlowEvent.Type.EXIT_CALLBACK, "", "", 0, "threw " + Failures.describe(t));
            }
        }
        emit(
                FlowEvent.Type.REQUEST_END,
                "",
                "",
                0,
                outcome != null ? outcome : tracing() ? Integer.toString(response.status()) : "");
        listener = null; // the request's listener sees nothing after its end
        if (response != null) {
            result.complete(response);
        }
    }

    /** Runs the saga stack (last completed first), one compensation at a time, then {@code then}. */
    private void compensate(Runnable then) {
        Compensation c = saga.pollFirst(); // compensationsRunInReverseOrder: pushed at the front on success
        if (c == null) {
            then.run();
            return;
        }
        new CompensationRun(c, then).attempt(1);
    }

    private final class CompensationRun {
        final Compensation c;
        final Runnable then;
        final SplitRandom rnd;
        final List<FlowTimerHandle> timers = new ArrayList<>();

        CompensationRun(Compensation c, Runnable then) {
            this.c = c;
            this.then = then;
            this.rnd = streamFor("compensation/" + c.name());
        }

        void attempt(int n) {
            emit(FlowEvent.Type.COMPENSATION_START, "", c.name(), n, "");
            Future<?> f = startOp(c.operation(), n);
            f.onComplete((v, cause) -> post(() -> done(n, cause))); // compensations are never refused
        }

        void done(int n, Throwable cause) {
            if (cause == null) {
                emit(FlowEvent.Type.COMPENSATION_END, "", c.name(), n, "ok");
                compensate(then);
                return;
            }
            RetryPolicy p = c.retry();
            if (n < p.attempts()) {
                Duration d = p.backoffBefore(n + 1, rnd);
                emit(
                        FlowEvent.Type.COMPENSATION_END,
                        "",
                        c.name(),
                        n,
                        tracing() ? "failed " + Failures.describe(cause) : "");
                emit(FlowEvent.Type.EFFECT_BACKOFF, "", c.name(), n + 1, tracing() ? d.toNanos() + "ns" : "");
                later(d, () -> attempt(n + 1), timers, false);
                return;
            }
            emit(
                    FlowEvent.Type.COMPENSATION_END,
                    "",
                    c.name(),
                    n,
                    tracing() ? "gave up " + Failures.describe(cause) : "");
            compensate(then);
        }
    }

    // ---- effects ----

    private static Future<?> startOp(Operation op, int attempt) {
        try {
            Future<?> f = op.start(attempt);
            return f == null ? Promise.failed(new IllegalStateException("operation returned no future")) : f;
        } catch (Throwable t) {
            return Promise.failed(t);
        }
    }

    private SplitRandom streamFor(String name) {
        return new RandomStreams(cfg.seed()).stream("flow/" + id + "/" + name);
    }

    private enum State {
        PENDING,
        RUNNING,
        BACKOFF,
        SUCCEEDED,
        FAILED,
        CANCELLED
    }

    private final class EffectRun {
        final dev.lockstep.flow.Effect<?> effect;
        final Operation op;
        final String capTarget; // the target its in-flight cap is kept under ("" for none)
        final SplitRandom rnd;
        State state = State.PENDING;
        int attempt;
        Future<?> current;
        final List<FlowTimerHandle> timers = new ArrayList<>();
        Throwable cause;

        EffectRun(dev.lockstep.flow.Effect<?> effect, String step) {
            this.effect = effect;
            this.op = cfg.operations().apply(effect);
            this.capTarget = op instanceof ComputeOp ? "" : effect.target(); // compute: the compute queue bounds it
            this.rnd = streamFor(step + "/" + effect.name());
        }

        void cancelTimers() {
            for (var t : timers) {
                t.cancel();
            }
            timers.clear();
        }
    }

    private final class NeedRun {
        final Step step;
        final Need need;
        final List<EffectRun> effects = new ArrayList<>();
        boolean decided;
        EffectRun firstFinished;

        NeedRun(Step step, Need need) {
            this.step = step;
            this.need = need;
            for (var e : need.effects()) {
                effects.add(new EffectRun(e, step.name()));
            }
        }

        void start() {
            if (evaluate()) { // ALL_REQUIRED with no required effect is decided before anything starts
                return;
            }
            if (need.mode() == dev.lockstep.flow.Mode.PARALLEL) {
                for (var e : effects) {
                    attempt(e);
                }
            } else {
                attempt(effects.get(0));
            }
        }

        void attempt(EffectRun e) {
            if (decided) {
                return;
            }
            int n = ++e.attempt;
            e.state = State.RUNNING;
            emit(FlowEvent.Type.EFFECT_START, step.name(), e.effect.name(), n, "");
            String refused = adm.enterEffect(e.capTarget);
            if (refused != null) {
                refuse(e, n, refused);
                return;
            }
            Future<?> f = e.op instanceof ComputeOp c ? startCompute(c, e, n) : startOp(e.op, n);
            e.current = f;
            if (e.effect.timeout() != null && !f.isDone()) {
                later(e.effect.timeout(), () -> timedOut(e, n), e.timers, true);
            }
            String target = e.capTarget;
            f.onComplete((v, cause) -> {
                adm.leaveEffect(target); // permitsAreReleasedHoweverTheAttemptEnds: every end completes f
                resume(() -> attemptDone(e, n, v, cause));
            });
        }

        private Future<?> startCompute(ComputeOp c, EffectRun e, int n) {
            if (!adm.enterCompute()) {
                emit(FlowEvent.Type.QUEUE_FULL, step.name(), e.effect.name(), n, adm.computeFull());
                return Promise.failed(new FlowFailure(Admission.refusal(e.effect.name(), adm.computeFull())));
            }
            try {
                return c.submit(adm);
            } catch (Throwable t) {
                return Promise.failed(t);
            }
        }

        /** Admission refused attempt {@code n}: it fails at once with a final 429 (never retried). */
        private void refuse(EffectRun e, int n, String why) {
            emit(FlowEvent.Type.QUEUE_FULL, step.name(), e.effect.name(), n, why);
            Future<?> f = Promise.failed(new FlowFailure(Admission.refusal(e.effect.name(), why)));
            e.current = f;
            post(() -> attemptDone(e, n, null, f.exceptionNow()));
        }

        void timedOut(EffectRun e, int n) {
            if (decided || e.attempt != n || e.state != State.RUNNING) { // staleAttemptsAreIgnored
                return;
            }
            e.current.cancel("timeout after " + e.effect.timeout());
            failed(e, new dev.lockstep.flow.EffectTimeoutException(e.effect.name(), n, e.effect.timeout()));
        }

        void attemptDone(EffectRun e, int n, Object value, Throwable cause) {
            if (decided || e.attempt != n || e.state != State.RUNNING) { // staleAttemptsAreIgnored
                return;
            }
            e.cancelTimers();
            if (cause == null && e.effect.result() != null) {
                try {
                    Object landed = e.effect.result().land(value);
                    if (landed == null) {
                        slots.remove(e.effect.result()); // a miss (cache, db get) leaves the slot empty
                    } else {
                        slots.put(e.effect.result(), landed);
                    }
                } catch (Throwable t) {
                    cause = t;
                }
            }
            if (cause != null) {
                failed(e, cause);
                return;
            }
            e.state = State.SUCCEEDED;
            emit(FlowEvent.Type.EFFECT_END, step.name(), e.effect.name(), n, "ok");
            for (var c : need.compensations()) {
                if (c.effect().equals(e.effect.name())) {
                    saga.addFirst(c);
                }
            }
            finished(e);
        }

        void failed(EffectRun e, Throwable cause) {
            e.cancelTimers();
            boolean timeout = cause instanceof dev.lockstep.flow.EffectTimeoutException;
            emit(
                    FlowEvent.Type.EFFECT_END,
                    step.name(),
                    e.effect.name(),
                    e.attempt,
                    timeout ? "timeout" : tracing() ? "failed " + Failures.describe(cause) : "");
            RetryPolicy p = e.effect.retry();
            boolean finalFailure = Failures.unwrap(cause) instanceof FlowFailure; // flowFailureIsNeverRetried
            if (e.attempt < p.attempts() && !finalFailure) {
                Duration d = p.backoffBefore(e.attempt + 1, e.rnd);
                e.state = State.BACKOFF;
                emit(
                        FlowEvent.Type.EFFECT_BACKOFF,
                        step.name(),
                        e.effect.name(),
                        e.attempt + 1,
                        tracing() ? d.toNanos() + "ns" : "");
                int n = e.attempt;
                later(
                        d,
                        () -> {
                            if (!decided && e.state == State.BACKOFF && e.attempt == n) { // staleAttemptsAreIgnored
                                attempt(e);
                            }
                        },
                        e.timers,
                        true);
                return;
            }
            e.state = State.FAILED;
            e.cause = cause;
            finished(e);
        }

        void finished(EffectRun e) {
            if (firstFinished == null) {
                firstFinished = e;
            }
            if (evaluate()) {
                return;
            }
            if (need.mode() == dev.lockstep.flow.Mode.SEQUENTIAL) {
                for (var next : effects) {
                    if (next.state == State.PENDING) {
                        attempt(next);
                        return;
                    }
                }
            }
        }

        /** Decides the join if it can; true when decided (and acted on). */
        boolean evaluate() {
            EffectRun requiredFailure = null;
            boolean anySuccess = false;
            boolean allFinished = true;
            boolean requiredFinished = true;
            for (var e : effects) {
                boolean done = e.state == State.SUCCEEDED || e.state == State.FAILED;
                allFinished &= done;
                if (e.effect.required()) {
                    requiredFinished &= done;
                    if (e.state == State.FAILED && requiredFailure == null) {
                        requiredFailure = e;
                    }
                }
                anySuccess |= e.state == State.SUCCEEDED;
            }
            switch (need.join()) {
                case ALL -> {
                    if (requiredFailure != null) {
                        return settle(false, requiredFailure);
                    }
                    if (allFinished) {
                        return settle(true, null);
                    }
                }
                case ALL_REQUIRED -> {
                    if (requiredFailure != null) {
                        return settle(false, requiredFailure);
                    }
                    if (requiredFinished) {
                        return settle(true, null);
                    }
                }
                case ANY -> {
                    if (firstFinished != null) {
                        boolean bad = firstFinished.state == State.FAILED && firstFinished.effect.required();
                        return settle(!bad, bad ? firstFinished : null);
                    }
                }
                case FIRST_SUCCESS -> {
                    if (anySuccess) {
                        return settle(true, null);
                    }
                    if (requiredFailure != null) {
                        return settle(false, requiredFailure);
                    }
                    if (allFinished) {
                        return decideNoSuccess();
                    }
                }
            }
            return false;
        }

        private boolean decideNoSuccess() {
            cancelAll("join decided");
            joined(this, false, new FlowError(502, "no effect succeeded", step.name()));
            return true;
        }

        private boolean settle(boolean ok, EffectRun failure) {
            cancelAll("join decided");
            joined(this, ok, ok ? null : Failures.ofEffect(failure.effect.name(), failure.cause));
            return true;
        }

        /** Cancels every effect that has not finished: running, backing off or pending. */
        void cancelAll(String reason) {
            decided = true;
            for (var e : effects) {
                if (e.state == State.RUNNING || e.state == State.BACKOFF || e.state == State.PENDING) {
                    boolean started = e.state != State.PENDING;
                    e.cancelTimers();
                    if (e.state == State.RUNNING) {
                        e.current.cancel(reason);
                    }
                    e.state = State.CANCELLED;
                    emit(
                            FlowEvent.Type.EFFECT_CANCELLED,
                            step.name(),
                            e.effect.name(),
                            e.attempt,
                            started ? reason : "never started");
                }
            }
        }
    }

    // ---- tracing ----

    /** Whether anyone receives events: when not, no event is built and outcomes are not formatted. */
    private boolean tracing() {
        return cfg.sink() != null || listener != null;
    }

    private void emit(FlowEvent.Type type, String step, String effect, int attempt, String outcome) {
        Trace.instant(EVENT, id, type.ordinal(), attempt);
        Consumer<FlowEvent> sink = cfg.sink();
        Consumer<FlowEvent> own = listener;
        if (sink == null && own == null) {
            return;
        }
        FlowEvent ev = new FlowEvent(
                cfg.clock().nanoTime(),
                id,
                type,
                pipeline.route(),
                step,
                effect,
                attempt,
                outcome,
                ctx.requestKey(),
                ctx.traceparent());
        if (sink != null) {
            sink.accept(ev);
        }
        if (own != null) {
            own.accept(ev);
        }
    }
}
