package dev.lockstep.flow;

import dev.lockstep.core.Future;
import dev.lockstep.core.Promise;
import dev.lockstep.core.replay.CodecRegistry;
import dev.lockstep.core.replay.ReplayLog;
import dev.lockstep.core.replay.ReplayRecord;
import dev.lockstep.flow.FlowRecording.Attempt;
import dev.lockstep.flow.FlowRecording.Key;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * Replays requests recorded by a {@link FlowRecorder}: runs the same pipeline offline, with no real
 * effect, to the byte-identical response.
 *
 * <pre>{@code
 * FlowReplay replay = FlowReplay.open(Path.of("flow.replay"));
 * for (long id : replay.requests()) {
 *     FlowResponse r = replay.replay(route, id);   // throws FlowReplayDivergenceException on a divergence
 * }
 * }</pre>
 *
 * <p><b>How.</b> The request runs on a fresh runtime with the recorded seed (so retry jitter is the
 * same) on a {@link ManualTimer}, on the calling thread. Its seeds are decoded from the log by the
 * pipeline's seed slots. Every effect and compensation attempt gets an operation that answers
 * from the log and never calls the real one: a value lands through the slot's codec; a failure is
 * a {@link FlowFailure} with the recorded error, or an exception naming the recorded class and
 * message; a timeout is the same {@link EffectTimeoutException} at once (effect timeouts are not
 * scheduled during replay, so nothing waits); an attempt recorded as cancelled never completes,
 * until the runtime cancels it again. Effect outcomes are delivered in the order the recording's
 * runtime processed them (parallel effects complete in any order, so the log keeps their order
 * explicitly), and backoffs fire on the manual timer only when the next outcome's attempt has not
 * started yet. Compensation outcomes answer at once (compensations run one at a time).
 *
 * <p><b>Divergence</b> ({@link FlowReplayDivergenceException}, naming request, step and effect): a
 * replayed step asks for an effect its recorded Need did not have (or a Need the recording does
 * not have); the request cannot go on while a recorded outcome waits for an attempt that never
 * starts; a recorded outcome is left unused; the route or a seed slot is unknown; or the response
 * differs from the recorded one (status, a header, or the body's first differing byte). An attempt
 * of a recorded effect beyond what the recording started (a backoff the real run never reached)
 * waits like a cancelled attempt: harmless if the join no longer needs it, a divergence if it does.
 *
 * <p>Not thread-safe: configure, then replay from one thread at a time.
 */
public final class FlowReplay {
    /** One recorded request. */
    private record Recorded(
            FlowRecording.Request request,
            List<FlowRecording.Seed> seeds,
            Map<Key, Attempt> attempts,
            FlowResponse response,
            long offset) {}

    private final Map<Long, Recorded> recorded;
    private ErrorRenderer renderer = ErrorRenderer.JSON;
    private Consumer<FlowEvent> sink;

    private FlowReplay(Map<Long, Recorded> recorded) {
        this.recorded = recorded;
    }

    /** Reads (and verifies) the replay log at {@code path}. */
    public static FlowReplay open(Path path) {
        return of(ReplayLog.readAll(path, FlowRecording.CODECS));
    }

    /** The flow requests among {@code records} (records of other sources are ignored). */
    public static FlowReplay of(List<ReplayRecord> records) {
        Map<Long, FlowRecording.Request> requests = new LinkedHashMap<>();
        Map<Long, Long> offsets = new HashMap<>();
        Map<Long, List<FlowRecording.Seed>> seeds = new HashMap<>();
        Map<Long, Map<Key, Attempt>> attempts = new HashMap<>();
        Map<Long, FlowResponse> responses = new HashMap<>();
        for (ReplayRecord r : records) {
            switch (r.value()) {
                case FlowRecording.Request q -> {
                    if (requests.putIfAbsent(q.request(), q) != null) {
                        throw new FlowException("flow recording holds request " + q.request()
                                + " twice (again at offset " + r.offset() + ")");
                    }
                    offsets.put(q.request(), r.offset());
                }
                case FlowRecording.Seed s ->
                    seeds.computeIfAbsent(s.request(), k -> new ArrayList<>()).add(s);
                case Attempt a ->
                    attempts.computeIfAbsent(a.request(), k -> new LinkedHashMap<>())
                            .put(a.key(), a);
                case FlowRecording.Response p -> responses.put(p.request(), p.response());
                default -> {}
            }
        }
        Map<Long, Recorded> out = new LinkedHashMap<>();
        for (var q : requests.values()) {
            long id = q.request();
            FlowResponse resp = responses.get(id);
            if (resp == null) {
                throw new FlowException("flow recording holds request " + id + " (offset " + offsets.get(id)
                        + ") without its response");
            }
            out.put(
                    id,
                    new Recorded(
                            q,
                            seeds.getOrDefault(id, List.of()),
                            attempts.getOrDefault(id, Map.of()),
                            resp,
                            offsets.get(id)));
        }
        return new FlowReplay(out);
    }

    /** The codecs a reader of a flow recording needs (the defaults plus the flow records'). */
    public static CodecRegistry codecs() {
        return FlowRecording.CODECS;
    }

    /** The ids of the recorded requests, in recording order. */
    public List<Long> requests() {
        return List.copyOf(recorded.keySet());
    }

    /** The recorded route of request {@code id}. */
    public String route(long id) {
        return get(id).request().route();
    }

    /** The recorded response of request {@code id}. */
    public FlowResponse recordedResponse(long id) {
        return get(id).response();
    }

    /** The error renderer the recording runtime used (default {@link ErrorRenderer#JSON}). */
    public FlowReplay errors(ErrorRenderer renderer) {
        this.renderer = renderer;
        return this;
    }

    /** Receives the replayed requests' events (default none). */
    public FlowReplay events(Consumer<FlowEvent> sink) {
        this.sink = sink;
        return this;
    }

    private Recorded get(long id) {
        Recorded r = recorded.get(id);
        if (r == null) {
            throw new FlowException("flow recording holds no request " + id + "; it holds " + recorded.keySet());
        }
        return r;
    }

    /**
     * Replays request {@code id} through {@code pipeline} and returns its response, which equals
     * the recorded one.
     *
     * @throws FlowReplayDivergenceException when the replay does not follow the recording
     */
    public FlowResponse replay(Pipeline pipeline, long id) {
        Recorded rec = get(id);
        if (!pipeline.route().equals(rec.request().route())) {
            throw new FlowReplayDivergenceException(
                    id,
                    "",
                    "",
                    "request " + id + " was recorded on route '" + rec.request().route() + "', not '" + pipeline.route()
                            + "'");
        }
        Map<Slot<?>, Object> seeds = seeds(pipeline, rec, id);
        ManualTimer timer = new ManualTimer();
        FlowRuntime runtime = FlowRuntime.builder()
                .manualTime(timer)
                .seed(rec.request().seed())
                .errors(renderer)
                .events(sink)
                .build();
        Session s = new Session(id, pipeline.route(), rec.attempts());
        Future<FlowResponse> f = runtime.run(FlowTap.wrap(pipeline, s), id, seeds);
        while (!f.isDone() && s.divergence == null) {
            if (s.deliverNext()) {
                continue;
            }
            if (timer.fireNext()) {
                continue;
            }
            s.stuck();
        }
        if (s.divergence != null) {
            f.cancel("replay diverged");
            throw s.divergence;
        }
        FlowResponse response = f.resultNow();
        s.checkAllUsed();
        compare(id, pipeline.route(), rec.response(), response);
        return response;
    }

    private static Map<Slot<?>, Object> seeds(Pipeline pipeline, Recorded rec, long id) {
        Map<String, Slot<?>> byName = new HashMap<>();
        for (Slot<?> s : pipeline.seeds()) {
            byName.put(s.name(), s);
        }
        Map<Slot<?>, Object> seeds = new LinkedHashMap<>();
        for (var seed : rec.seeds()) {
            Slot<?> slot = byName.get(seed.slot());
            if (slot == null) {
                throw new FlowReplayDivergenceException(
                        id,
                        "",
                        "",
                        "request " + id + " was recorded with seed slot '" + seed.slot() + "', which route '"
                                + pipeline.route() + "' does not seed (its seeds: " + byName.keySet() + ")");
            }
            seeds.put(slot, slot.land(seed.bytes()));
        }
        return seeds;
    }

    private static void compare(long id, String route, FlowResponse expected, FlowResponse actual) {
        String where = "request " + id + " of route '" + route + "' replayed to another response: ";
        if (expected.status() != actual.status()) {
            throw new FlowReplayDivergenceException(
                    id, "", "", where + "status " + actual.status() + ", recorded " + expected.status());
        }
        if (!expected.headers().equals(actual.headers())) {
            throw new FlowReplayDivergenceException(
                    id, "", "", where + "headers " + actual.headers() + ", recorded " + expected.headers());
        }
        if (!Arrays.equals(expected.body(), actual.body())) {
            int i = Arrays.mismatch(expected.body(), actual.body());
            throw new FlowReplayDivergenceException(
                    id,
                    "",
                    "",
                    where + "the body differs at byte " + i + " (" + actual.body().length + " bytes, recorded "
                            + expected.body().length + "): " + actual.bodyText() + " vs recorded "
                            + expected.bodyText());
        }
    }

    /** One replayed request: answers attempts from the log, in the recorded order. */
    private static final class Session implements FlowTap.Source {
        private record Waiting(Promise<Object> promise, Attempt attempt) {}

        final long id;
        final String route;
        final Map<Key, Attempt> attempts;
        final TreeMap<Integer, Attempt> byOrder = new TreeMap<>();
        final Set<List<Object>> effects = new HashSet<>(); // (step, need, compensation, name) recorded
        final Map<Integer, Waiting> waiting = new HashMap<>();
        final Set<Key> used = new HashSet<>();
        final List<Key> unrecorded = new ArrayList<>();
        int needs;
        int next;
        FlowReplayDivergenceException divergence;

        Session(long id, String route, Map<Key, Attempt> attempts) {
            this.id = id;
            this.route = route;
            this.attempts = attempts;
            for (Attempt a : attempts.values()) {
                if (a.order() >= 0 && !a.key().compensation()) {
                    byOrder.put(a.order(), a);
                }
                effects.add(effectOf(a.key()));
            }
        }

        private static List<Object> effectOf(Key k) {
            return List.of(k.step(), k.need(), k.compensation(), k.name());
        }

        @Override
        public int nextNeed(long request) {
            return needs++;
        }

        @Override
        public <T> Effect<T> effect(long request, String step, int need, Effect<T> e) {
            // no timeout is scheduled: a recorded timeout answers at once
            return FlowTap.with(e, null, attempt -> start(new Key(step, need, false, e.name(), attempt)));
        }

        @Override
        public Compensation compensation(long request, String step, int need, Compensation c) {
            return FlowTap.with(c, attempt -> start(new Key(step, need, true, c.name(), attempt)));
        }

        private Future<?> start(Key k) {
            Attempt a = attempts.get(k);
            Promise<Object> p = new Promise<>();
            if (a == null) {
                if (k.compensation() || !effects.contains(effectOf(k))) { // unknownEffectDivergesAtOnce
                    diverge(k);
                } else {
                    unrecorded.add(k); // waits, like an attempt the recording saw cancelled
                }
                return p;
            }
            used.add(k);
            if (a.outcome() == FlowRecording.Outcome.CANCELLED) {
                return p; // never completes by itself; the runtime cancels it again
            }
            if (k.compensation() || a.order() < 0) {
                answer(p, a);
                return p;
            }
            waiting.put(a.order(), new Waiting(p, a));
            return p;
        }

        /** An attempt of an effect (or a compensation) the recording never started there. */
        private void diverge(Key k) {
            if (divergence != null) {
                return;
            }
            divergence = new FlowReplayDivergenceException(
                    id,
                    k.step(),
                    k.name(),
                    "request " + id + " of route '" + route + "' diverged: step '" + k.step() + "' Need #"
                            + k.need() + " starts " + (k.compensation() ? "compensation '" : "effect '") + k.name()
                            + "' attempt " + k.attempt() + ", which the recording does not hold (recorded there: "
                            + recordedAt(k) + ")");
        }

        private String recordedAt(Key k) {
            List<String> names = new ArrayList<>();
            for (Key r : attempts.keySet()) {
                if (r.step().equals(k.step()) && r.need() == k.need() && !names.contains(r.name())) {
                    names.add(r.name() + (r.compensation() ? " (compensation)" : ""));
                }
            }
            return names.isEmpty()
                    ? "nothing for Need #" + k.need() + " of step '" + k.step() + "'"
                    : String.join(", ", names);
        }

        /** Delivers the next recorded outcome if its attempt has started; false if it has not. */
        boolean deliverNext() {
            Waiting w = waiting.remove(next);
            if (w == null) {
                return false;
            }
            next++;
            answer(w.promise(), w.attempt());
            return true;
        }

        private void answer(Promise<Object> p, Attempt a) {
            switch (a.outcome()) {
                case VALUE -> p.complete(a.value()); // bytes land through the slot's codec
                case FAILURE ->
                    p.fail(
                            a.error() != null
                                    ? new FlowFailure(a.error())
                                    : ReplayedFailure.of(a.failureClass(), a.failureMessage()));
                case TIMEOUT ->
                    p.fail(new EffectTimeoutException(
                            a.key().name(), a.key().attempt(), Duration.ofNanos(a.timeoutNanos())));
                case CANCELLED -> {}
            }
        }

        /** Nothing to deliver and no timer: the request cannot go on. */
        void stuck() {
            Attempt a = byOrder.get(next);
            String msg;
            Key at;
            if (a != null) {
                at = a.key();
                msg = "the recording's next outcome is " + at + " (" + a.outcome()
                        + "), but the replay never started it";
            } else {
                at = unrecorded.isEmpty() ? null : unrecorded.get(0);
                msg = "every recorded outcome was delivered, but the request waits"
                        + (unrecorded.isEmpty() ? "" : " on attempts the recording never started: " + unrecorded);
            }
            if (!unrecorded.isEmpty() && a != null) {
                msg += "; it started attempts the recording never started: " + unrecorded;
            }
            divergence = new FlowReplayDivergenceException(
                    id,
                    at == null ? "" : at.step(),
                    at == null ? "" : at.name(),
                    "request " + id + " of route '" + route + "' diverged: " + msg);
        }

        void checkAllUsed() {
            for (var e : attempts.entrySet()) {
                Key k = e.getKey();
                if (!used.contains(k)) {
                    throw new FlowReplayDivergenceException(
                            id,
                            k.step(),
                            k.name(),
                            "request " + id + " of route '" + route + "' diverged: the recording holds " + k + " ("
                                    + e.getValue().outcome() + "), which the replay never asked for");
                }
            }
        }
    }

    /** A recorded failure that was not a {@link FlowFailure}: its class and message, replayed. */
    static final class ReplayedFailure extends FlowException {
        private final String recordedClass;

        /**
         * The recorded exception again when it is a platform class with a message constructor (so
         * traces read the same), otherwise a ReplayedFailure naming it. Application classes are
         * never loaded from a log.
         */
        static Throwable of(String recordedClass, String message) {
            try {
                Class<?> c = Class.forName(recordedClass, false, ClassLoader.getPlatformClassLoader());
                if (Exception.class.isAssignableFrom(c)) {
                    Object t = c.getConstructor(String.class).newInstance(message);
                    return (Throwable) t;
                }
            } catch (ReflectiveOperationException | LinkageError | RuntimeException e) {
                // not a platform exception with a message constructor: replayed by name below
            }
            return new ReplayedFailure(recordedClass, message);
        }

        ReplayedFailure(String recordedClass, String message) {
            super(recordedClass + (message == null ? "" : ": " + message));
            this.recordedClass = recordedClass;
        }

        /** The class name of the recorded exception. */
        String recordedClass() {
            return recordedClass;
        }
    }
}
