package dev.lockstep.flow;

import dev.lockstep.core.Future;
import dev.lockstep.core.Promise;
import dev.lockstep.core.replay.ReplayLog;
import dev.lockstep.core.replay.ReplayRecorder;
import dev.lockstep.flow.FlowRecording.Attempt;
import dev.lockstep.flow.FlowRecording.Key;
import dev.lockstep.flow.FlowRecording.Outcome;
import dev.lockstep.flow.internal.Failures;
import dev.lockstep.flow.internal.Reactor;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * Records the effect results of requests in a lockstep-core replay log, so that {@link FlowReplay}
 * can run the same pipeline offline to the identical response. Install it on a runtime with
 * {@link FlowRuntime.Builder#record}; every request that runtime runs is then recorded.
 *
 * <pre>{@code
 * try (FlowRecorder recorder = FlowRecorder.open(Path.of("flow.replay"))) {
 *     FlowRuntime runtime = FlowRuntime.builder().seed(42).record(recorder).build();
 *     FlowResponse r = runtime.run(route, 7, Map.of(ORDER_ID, "o-7")).join();
 * }
 * FlowResponse again = FlowReplay.open(Path.of("flow.replay")).replay(route, 7);   // equal to r
 * }</pre>
 *
 * <p><b>What is recorded</b>, per request, when its response is published: the route and the
 * runtime's seed; every seed slot, encoded by its codec; every attempt of every effect and
 * compensation, keyed by {@link FlowRecording.Key} (step, Need ordinal, effect, attempt) with its
 * outcome (value encoded by the result slot's codec, failure with class, message and FlowError,
 * timeout, or cancelled) and, for attempts that counted, their position among the request's effect
 * ends; and the response (status, headers, body). All of it is written as one group of records at
 * one logical time (the count of requests recorded before it), so concurrent requests never
 * interleave in the log. A request whose response future was cancelled is not recorded.
 *
 * <p><b>How.</b> The pipeline is rewritten ({@link FlowTap}) so each effect's operation is wrapped:
 * the wrapper starts the real operation and observes its outcome. Which outcomes counted, in which
 * order, and which were timeouts, comes from the runtime's own events (EFFECT_END, in the order the
 * request processed them), so the order is exact even when parallel effects complete at once.
 *
 * <p>Thread-safety: requests may run concurrently; each has its own session (events of one request
 * arrive one at a time; outcomes from any thread under the session's lock); writing a group holds
 * the recorder's lock. Request ids must be unique among the requests in flight on one recorder.
 */
public final class FlowRecorder implements AutoCloseable {
    private final ReplayRecorder log;
    private final ConcurrentHashMap<Long, Session> sessions = new ConcurrentHashMap<>();
    private long time; // logical time of the next group; guarded by this
    private long recorded; // guarded by this

    private FlowRecorder(ReplayRecorder log) {
        this.log = log;
    }

    /** A recorder writing to {@code log} (closed by {@link #close}). */
    public static FlowRecorder to(ReplayRecorder log) {
        if (log == null) {
            throw new IllegalArgumentException("a flow recorder needs a replay log");
        }
        return new FlowRecorder(log);
    }

    /** A recorder writing a new replay log at {@code path} (fails if the file exists). */
    public static FlowRecorder open(Path path) {
        return to(ReplayLog.recorder(path).codecs(FlowRecording.CODECS).open());
    }

    /** How many requests were written so far. */
    public synchronized long recordedRequests() {
        return recorded;
    }

    /** The replay log written to. */
    public ReplayRecorder log() {
        return log;
    }

    /** Flushes and closes the replay log. */
    @Override
    public void close() {
        log.close();
    }

    /** Binds this recorder to a runtime being built with {@code seed}, in front of its event sink {@code next}. */
    Binding bind(long seed, Consumer<FlowEvent> next) {
        return new Binding(seed, next);
    }

    /** A recording runtime's side of the recorder: its event sink and its runs. */
    final class Binding {
        private final long seed;
        private final Consumer<FlowEvent> sink;

        private Binding(long seed, Consumer<FlowEvent> next) {
            this.seed = seed;
            this.sink = ev -> {
                Session s = sessions.get(ev.requestId());
                if (s != null) {
                    s.event(ev);
                }
                if (next != null) {
                    next.accept(ev);
                }
            };
        }

        Consumer<FlowEvent> sink() {
            return sink;
        }

        /** Runs {@code pipeline} as request {@code id} on {@code reactor}, recording it. */
        Future<FlowResponse> run(
                Reactor reactor, Pipeline pipeline, long id, Map<Slot<?>, Object> seeds, RequestContext context) {
            Session session = new Session(id, pipeline.route(), seed, seeds);
            if (sessions.putIfAbsent(id, session) != null) {
                throw new IllegalStateException("flow recorder: request " + id
                        + " is already being recorded; request ids must be unique among requests in flight");
            }
            Future<FlowResponse> inner;
            try {
                inner = reactor.start(FlowTap.wrap(pipeline, session), id, seeds, context)
                        .response();
            } catch (RuntimeException | Error e) {
                sessions.remove(id);
                throw e;
            }
            Promise<FlowResponse> out = new Promise<>();
            out.onComplete((v, c) -> {
                if (out.isCancelled()) {
                    inner.cancel("response cancelled");
                }
            });
            inner.onComplete((response, cause) -> {
                sessions.remove(id);
                if (cause != null) {
                    out.fail(cause); // cancelled: nothing is recorded
                    return;
                }
                try {
                    write(session, response);
                    out.complete(response);
                } catch (RuntimeException e) {
                    out.fail(new FlowException(
                            "request " + id + " of route '" + pipeline.route() + "' could not be recorded: "
                                    + e.getMessage(),
                            e));
                }
            });
            return out;
        }
    }

    private void write(Session s, FlowResponse response) {
        List<FlowRecording.Seed> seeds = s.seedRecords();
        List<Attempt> attempts = s.attemptRecords();
        synchronized (this) {
            long t = time++;
            log.append(
                    t,
                    FlowRecording.REQUEST,
                    new FlowRecording.Request(s.id, s.route, s.seed),
                    FlowRecording.REQUEST_CODEC);
            for (var seed : seeds) {
                log.append(t, FlowRecording.SEED, seed, FlowRecording.SEED_CODEC);
            }
            for (var a : attempts) {
                log.append(t, FlowRecording.ATTEMPT, a, FlowRecording.ATTEMPT_CODEC);
            }
            log.append(
                    t,
                    FlowRecording.RESPONSE,
                    new FlowRecording.Response(s.id, response),
                    FlowRecording.RESPONSE_CODEC);
            recorded++;
        }
    }

    static <T> byte[] encode(Slot<T> slot, Object landed) {
        return slot.codec().encode(slot.type().cast(landed));
    }

    /** What the wrapper saw of one attempt: a landed value's bytes, or a failure. */
    private record Seen(boolean ok, byte[] value, Throwable cause) {}

    /** One request being recorded. */
    private static final class Session implements FlowTap.Source {
        final long id;
        final String route;
        final long seed;
        final Map<Slot<?>, Object> seeds;
        int needs; // Needs returned by steps; one step at a time per request
        // guarded by this:
        int eventNeed = -1;
        int ends;
        final Map<Key, Integer> endOrder = new HashMap<>();
        final Set<Key> timeouts = new HashSet<>();
        final Map<Key, Duration> timeoutOf = new HashMap<>();
        final Map<Key, Seen> seen = new HashMap<>();
        final List<Key> started = new ArrayList<>();
        RuntimeException error;

        Session(long id, String route, long seed, Map<Slot<?>, Object> seeds) {
            this.id = id;
            this.route = route;
            this.seed = seed;
            this.seeds = seeds;
        }

        @Override
        public int nextNeed(long request) {
            return needs++;
        }

        @Override
        public <T> Effect<T> effect(long request, String step, int need, Effect<T> e) {
            Operation real = e.operation();
            return FlowTap.with(e, e.timeout(), attempt -> {
                Key k = new Key(step, need, false, e.name(), attempt);
                started(k, e.timeout());
                return observed(k, e.result(), real, attempt);
            });
        }

        @Override
        public Compensation compensation(long request, String step, int need, Compensation c) {
            Operation real = c.operation();
            return FlowTap.with(c, attempt -> {
                Key k = new Key(step, need, true, c.name(), attempt);
                started(k, null);
                return observed(k, null, real, attempt);
            });
        }

        private Future<?> observed(Key k, Slot<?> slot, Operation real, int attempt) {
            Future<?> f;
            try {
                f = real.start(attempt);
            } catch (RuntimeException | Error t) {
                saw(k, new Seen(false, null, t));
                throw t;
            }
            if (f == null) {
                saw(k, new Seen(false, null, new IllegalStateException("operation returned no future")));
                return null;
            }
            f.onComplete((v, cause) -> saw(k, cause != null ? new Seen(false, null, cause) : landed(k, slot, v)));
            return f;
        }

        /** The value as the runtime will land it, encoded; a value the slot refuses is the failure the runtime sees. */
        private Seen landed(Key k, Slot<?> slot, Object v) {
            if (slot == null) {
                return new Seen(true, null, null);
            }
            Object landed;
            try {
                landed = slot.land(v);
            } catch (Throwable t) {
                return new Seen(false, null, t);
            }
            if (landed == null) {
                return new Seen(true, null, null);
            }
            try {
                return new Seen(true, encode(slot, landed), null);
            } catch (RuntimeException e) {
                synchronized (this) {
                    if (error == null) {
                        error = new FlowException(
                                k + ": slot '" + slot.name() + "' codec "
                                        + slot.codec().name() + " cannot encode the value: " + e.getMessage(),
                                e);
                    }
                }
                return new Seen(true, null, null);
            }
        }

        private synchronized void started(Key k, Duration timeout) {
            started.add(k);
            if (timeout != null) {
                timeoutOf.put(k, timeout);
            }
        }

        private synchronized void saw(Key k, Seen s) {
            seen.putIfAbsent(k, s);
        }

        synchronized void event(FlowEvent ev) {
            switch (ev.type()) {
                case NEED -> eventNeed++;
                case EFFECT_END -> {
                    Key k = new Key(ev.step(), eventNeed, false, ev.effect(), ev.attempt());
                    endOrder.put(k, ends++);
                    if (ev.outcome().equals("timeout")) {
                        timeouts.add(k);
                    }
                }
                default -> {}
            }
        }

        List<FlowRecording.Seed> seedRecords() {
            List<FlowRecording.Seed> out = new ArrayList<>();
            for (var e : seeds.entrySet()) {
                Slot<?> slot = e.getKey();
                Object landed = slot.land(e.getValue());
                if (landed != null) {
                    out.add(new FlowRecording.Seed(id, slot.name(), encode(slot, landed)));
                }
            }
            out.sort(Comparator.comparing(FlowRecording.Seed::slot));
            return out;
        }

        synchronized List<Attempt> attemptRecords() {
            if (error != null) {
                throw error;
            }
            Map<Key, Attempt> out = new LinkedHashMap<>();
            for (Key k : started) {
                Integer order = endOrder.get(k);
                Seen s = seen.get(k);
                Attempt a;
                if (!k.compensation() && order == null) {
                    a = new Attempt(id, k, -1, Outcome.CANCELLED, null, null, null, null, 0);
                } else if (timeouts.contains(k)) {
                    Duration d = timeoutOf.get(k);
                    a = new Attempt(id, k, order, Outcome.TIMEOUT, null, null, null, null, d == null ? 0 : d.toNanos());
                } else if (s == null) {
                    throw new FlowException(k + " ended without an outcome the recorder saw");
                } else if (s.ok()) {
                    a = new Attempt(id, k, order == null ? -1 : order, Outcome.VALUE, s.value(), null, null, null, 0);
                } else {
                    Throwable t = Failures.unwrap(s.cause());
                    FlowError fe = t instanceof FlowFailure ff ? ff.error() : null;
                    a = new Attempt(
                            id,
                            k,
                            order == null ? -1 : order,
                            Outcome.FAILURE,
                            null,
                            t.getClass().getName(),
                            t.getMessage(),
                            fe,
                            0);
                }
                out.put(k, a);
            }
            return new ArrayList<>(out.values());
        }
    }
}
