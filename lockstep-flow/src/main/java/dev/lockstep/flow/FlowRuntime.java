package dev.lockstep.flow;

import dev.lockstep.core.Future;
import dev.lockstep.core.time.Clock;
import dev.lockstep.flow.internal.Admission;
import dev.lockstep.flow.internal.Reactor;
import dev.lockstep.flow.internal.ReactorConfig;
import dev.lockstep.flow.limit.LoadShedder;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Runs pipelines: one call to {@link #run} is one request. A request runs its steps in order; a
 * {@link Need} starts its effects (each attempt under its timeout, retried with its policy), joins
 * them, and resumes with the continuation or the next step. When a request fails (a {@link
 * Decision.Fail}, a failed join, a throwing step, falling off the end of the route) or its response
 * future is cancelled, the compensations of the effects that completed run in reverse order, then
 * the onExit callbacks in reverse order, then the response (the rendered error) is published.
 *
 * <p>Default errors: a throwing step is {@code 500 "step failed"} with the step as key; a failed
 * required effect {@code 502 "effect failed"} (or {@code 504 "effect timed out"}) with the effect as
 * key; FIRST_SUCCESS with no success {@code 502 "no effect succeeded"} with the step as key; a
 * route that ends without Done {@code 500 "route ended without a response"} with the route as key.
 * A {@link FlowFailure} thrown by a step or an operation sets the error instead.
 *
 * <p>Threads: a request is driven by whichever thread delivers its next event (the caller of
 * {@code run} for the first step, an effect's completing thread, the timer via the executor); one
 * thread at a time, never two, so steps need no locking. Determinism: retry jitter is drawn from
 * streams split from the runtime's seed per request id, step and effect, so a backoff schedule does
 * not depend on thread timing; with a {@link ManualTimer} a test controls time entirely.
 *
 * <p>Backpressure (docs/flow-pipeline.md, "Backpressure"): the runtime bounds its effect attempts
 * in flight ({@link Builder#effectQueue}), those per target ({@link Builder#perTargetInFlight}),
 * compute tasks waiting for their engine ({@link Builder#computeQueue}) and continuations waiting
 * to run ({@link Builder#continuationQueue}); an effect refused admission fails with 429 (and the
 * join decides as for any failure), a refused continuation fails its request with 429. Measured
 * queue waits feed {@link #shedder()}, which the server asks before it runs a request.
 */
public final class FlowRuntime {
    private final Reactor reactor;
    private final AtomicLong ids = new AtomicLong();
    private final FlowRecorder.Binding recording; // null unless built with record(...)

    private FlowRuntime(ReactorConfig config, Admission admission, FlowRecorder.Binding recording) {
        this.reactor = new Reactor(config, admission);
        this.recording = recording;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Runs {@code pipeline} as the next request (ids count from 1). */
    public Future<FlowResponse> run(Pipeline pipeline, Map<Slot<?>, ?> seeds) {
        return run(pipeline, ids.incrementAndGet(), seeds);
    }

    /** Runs {@code pipeline} as request {@code requestId} (its id in traces and random streams). */
    @SuppressWarnings("unchecked")
    public Future<FlowResponse> run(Pipeline pipeline, long requestId, Map<Slot<?>, ?> seeds) {
        return run(pipeline, requestId, seeds, RequestContext.NONE);
    }

    /**
     * Runs {@code pipeline} as request {@code requestId} with what the caller knows of it: its
     * correlation ids (on every event), how long it already waited, a listener for its events.
     */
    @SuppressWarnings("unchecked")
    public Future<FlowResponse> run(Pipeline pipeline, long requestId, Map<Slot<?>, ?> seeds, RequestContext context) {
        if (recording != null) {
            return recording.run(reactor, pipeline, requestId, (Map<Slot<?>, Object>) seeds, context);
        }
        return reactor.start(pipeline, requestId, (Map<Slot<?>, Object>) seeds, context)
                .response();
    }

    /** The load shedder fed by this runtime's measured queue waits (threshold {@link Builder#shedAfter}). */
    public LoadShedder shedder() {
        return reactor.admission().shedder();
    }

    /** How full the runtime's queues are now. */
    public Queues queues() {
        Admission a = reactor.admission();
        return new Queues(a.effectsInFlight(), a.continuationsWaiting(), a.computeWaiting(), a.targetsInFlight());
    }

    /** Effect attempts in flight on {@code target} now (held against its cap). */
    public int inFlight(String target) {
        return reactor.admission().inFlight(target);
    }

    /**
     * A snapshot of the queues.
     *
     * @param effectsInFlight effect attempts started and not yet finished
     * @param continuationsWaiting continuations handed off and not yet run
     * @param computeWaiting compute tasks submitted to their engine and not yet started
     * @param targetsInFlight targets with at least one attempt in flight
     */
    public record Queues(int effectsInFlight, int continuationsWaiting, int computeWaiting, int targetsInFlight) {}

    /** Like {@link #run}, also handing back the request's final slots. */
    @SuppressWarnings("unchecked")
    RunWithSlots runWithSlots(Pipeline pipeline, long requestId, Map<Slot<?>, ?> seeds) {
        var s = reactor.start(pipeline, requestId, (Map<Slot<?>, Object>) seeds);
        return new RunWithSlots(s.response(), s.slots());
    }

    record RunWithSlots(Future<FlowResponse> response, java.util.function.Supplier<Map<Slot<?>, Object>> slots) {}

    /** Configures a {@link FlowRuntime}; every setting has a default. */
    public static final class Builder {
        private FlowTimer timer = FlowTimer.system();
        private Clock clock = Clock.system();
        private long seed;
        private Consumer<FlowEvent> sink;
        private ErrorRenderer renderer = ErrorRenderer.JSON;
        private Executor executor;
        private Function<Effect<?>, Operation> operations = Effect::operation;
        private int effectQueue = 4096;
        private int continuationQueue = 4096;
        private int computeQueue = 4096;
        private int perTargetInFlight = 64;
        private Duration shedAfter = Duration.ofMillis(500);
        private FlowRecorder recorder;

        private Builder() {}

        /** Where timeouts and backoffs are scheduled (default {@link FlowTimer#system()}). */
        public Builder timer(FlowTimer timer) {
            this.timer = timer;
            return this;
        }

        /** The clock events are stamped with (default the system clock). */
        public Builder clock(Clock clock) {
            this.clock = clock;
            return this;
        }

        /** The root seed of retry jitter (default 0). */
        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        /** Receives every {@link FlowEvent} (default none; lockstep-core trace gets them when enabled). */
        public Builder events(Consumer<FlowEvent> sink) {
            this.sink = sink;
            return this;
        }

        /** Renders errors (default {@link ErrorRenderer#JSON}). */
        public Builder errors(ErrorRenderer renderer) {
            this.renderer = renderer;
            return this;
        }

        /**
         * Where timer callbacks continue the request (a timeout or backoff that decides a join runs
         * the next steps there). Default: a new virtual thread per callback with a real timer, the
         * firing thread with a {@link ManualTimer}.
         */
        public Builder executor(Executor executor) {
            this.executor = executor;
            return this;
        }

        /** Effect attempts in flight across the runtime before one is refused with 429 (default 4096). */
        public Builder effectQueue(int bound) {
            this.effectQueue = bound;
            return this;
        }

        /** Continuations waiting to run before one fails its request with 429 (default 4096). */
        public Builder continuationQueue(int bound) {
            this.continuationQueue = bound;
            return this;
        }

        /** Compute tasks waiting for their engine before one is refused with 429 (default 4096). */
        public Builder computeQueue(int bound) {
            this.computeQueue = bound;
            return this;
        }

        /** Effect attempts in flight per target before one is refused with 429 (default 64). */
        public Builder perTargetInFlight(int cap) {
            this.perTargetInFlight = cap;
            return this;
        }

        /** The queueing delay after which {@link FlowRuntime#shedder()} sheds new requests (default 500 ms). */
        public Builder shedAfter(Duration threshold) {
            this.shedAfter = threshold;
            return this;
        }

        /** Replaces effects' operations (ReqTest's scripted results). */
        Builder operations(Function<Effect<?>, Operation> operations) {
            this.operations = operations;
            return this;
        }

        /** Records every request this runtime runs in {@code recorder}'s replay log ({@link FlowReplay} replays them). */
        public Builder record(FlowRecorder recorder) {
            this.recorder = recorder;
            return this;
        }

        /** A manual timer and its virtual clock, together. */
        public Builder manualTime(ManualTimer timer) {
            this.timer = timer;
            this.clock = timer.clock();
            return this;
        }

        public FlowRuntime build() {
            Executor ex = executor;
            if (ex == null) {
                ex = timer instanceof ManualTimer
                        ? Runnable::run
                        : r -> Thread.ofVirtual().name("flow-timer-callback").start(r);
            }
            Clock c = clock;
            var admission = new Admission(
                    effectQueue,
                    continuationQueue,
                    computeQueue,
                    perTargetInFlight,
                    new LoadShedder(shedAfter, c::nanoTime));
            FlowRecorder.Binding recording = recorder == null ? null : recorder.bind(seed, sink);
            Consumer<FlowEvent> events = recording == null ? sink : recording.sink();
            return new FlowRuntime(
                    new ReactorConfig(timer, clock, seed, events, renderer, ex, operations), admission, recording);
        }
    }
}
