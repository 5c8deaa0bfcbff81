package dev.lockstep.flow;

import dev.lockstep.core.replay.Codec;
import dev.lockstep.core.replay.CodecRegistry;
import dev.lockstep.core.replay.PayloadReader;
import dev.lockstep.core.replay.PayloadWriter;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The replay-log records of a recorded request and their codecs (shared by {@link FlowRecorder}
 * and {@link FlowReplay}). One request is written as one group of records at one logical time: a
 * {@link Request}, its {@link Seed}s, its {@link Attempt}s and its {@link Response}. Each record
 * carries the request id, so groups of many requests can share a log. The codecs' names end in a
 * layout version ({@code "flow.attempt/1"}); a change of layout changes the name.
 */
final class FlowRecording {
    private FlowRecording() {}

    static final String REQUEST = "flow.request";
    static final String SEED = "flow.seed";
    static final String ATTEMPT = "flow.attempt";
    static final String RESPONSE = "flow.response";

    /** What an attempt came to, as the runtime saw it. */
    enum Outcome {
        /** Succeeded; the value, encoded by the result slot's codec, or empty. */
        VALUE,
        /** Failed with an exception (its class and message, and its FlowError for a FlowFailure). */
        FAILURE,
        /** Timed out (the runtime cancelled it at the effect's timeout). */
        TIMEOUT,
        /** Cancelled by the runtime, or finished after its join was decided: it never counted. */
        CANCELLED
    }

    /**
     * Identifies one attempt within a request. Deterministic: the step that asked, the ordinal of
     * its Need within the request (0-based, in the order the steps returned them), whether it is a
     * compensation, the effect's (or compensation's) name, and the 1-based attempt.
     */
    record Key(String step, int need, boolean compensation, String name, int attempt) {
        @Override
        public String toString() {
            return "step '" + step + "' need #" + need + (compensation ? " compensation '" : " effect '") + name
                    + "' attempt " + attempt;
        }
    }

    record Request(long request, String route, long seed) {}

    record Seed(long request, String slot, byte[] bytes) {}

    /**
     * One attempt.
     *
     * @param order the position (0-based) of this attempt's end among the request's effect ends, as
     *     the runtime processed them; -1 for cancelled attempts and compensations
     * @param value VALUE: the encoded value, or null for an empty slot
     * @param failureClass FAILURE: the exception's class name
     * @param failureMessage FAILURE: its message, or null
     * @param error FAILURE of a FlowFailure: its error, otherwise null
     * @param timeoutNanos TIMEOUT: the effect's timeout
     */
    record Attempt(
            long request,
            Key key,
            int order,
            Outcome outcome,
            byte[] value,
            String failureClass,
            String failureMessage,
            FlowError error,
            long timeoutNanos) {}

    record Response(long request, FlowResponse response) {}

    static final Codec<Request> REQUEST_CODEC = Codec.of(
            "flow.request/1",
            Request.class,
            (r, out) -> {
                out.writeVarLong(r.request());
                str(out, r.route());
                out.writeLong(r.seed());
            },
            in -> new Request(in.readVarLong(), str(in), in.readLong()));

    static final Codec<Seed> SEED_CODEC = Codec.of(
            "flow.seed/1",
            Seed.class,
            (s, out) -> {
                out.writeVarLong(s.request());
                str(out, s.slot());
                bytes(out, s.bytes());
            },
            in -> new Seed(in.readVarLong(), str(in), bytes(in)));

    static final Codec<Attempt> ATTEMPT_CODEC =
            Codec.of("flow.attempt/1", Attempt.class, FlowRecording::writeAttempt, FlowRecording::readAttempt);

    static final Codec<Response> RESPONSE_CODEC = Codec.of(
            "flow.response/1",
            Response.class,
            (r, out) -> {
                out.writeVarLong(r.request());
                out.writeInt(r.response().status());
                out.writeVarLong(r.response().headers().size());
                for (var h : r.response().headers().entrySet()) {
                    str(out, h.getKey());
                    str(out, h.getValue());
                }
                bytes(out, r.response().body());
            },
            in -> {
                long id = in.readVarLong();
                int status = in.readInt();
                int n = Math.toIntExact(in.readVarLong());
                Map<String, String> headers = new LinkedHashMap<>();
                for (int i = 0; i < n; i++) {
                    headers.put(str(in), str(in));
                }
                return new Response(id, new FlowResponse(status, headers, bytes(in)));
            });

    /** The default codecs plus the flow records' codecs: what a reader of a flow recording needs. */
    static final CodecRegistry CODECS =
            CodecRegistry.defaults().with(REQUEST_CODEC, SEED_CODEC, ATTEMPT_CODEC, RESPONSE_CODEC);

    private static void writeAttempt(Attempt a, PayloadWriter out) {
        out.writeVarLong(a.request());
        Key k = a.key();
        str(out, k.step());
        out.writeVarLong(k.need());
        out.writeBoolean(k.compensation());
        str(out, k.name());
        out.writeVarLong(k.attempt());
        out.writeInt(a.order());
        out.writeByte(a.outcome().ordinal());
        switch (a.outcome()) {
            case VALUE -> {
                out.writeBoolean(a.value() != null);
                if (a.value() != null) {
                    bytes(out, a.value());
                }
            }
            case FAILURE -> {
                str(out, a.failureClass());
                nullableStr(out, a.failureMessage());
                out.writeBoolean(a.error() != null);
                if (a.error() != null) {
                    out.writeInt(a.error().status());
                    str(out, a.error().what());
                    nullableStr(out, a.error().key());
                }
            }
            case TIMEOUT -> out.writeLong(a.timeoutNanos());
            case CANCELLED -> {}
        }
    }

    private static Attempt readAttempt(PayloadReader in) {
        long id = in.readVarLong();
        Key key = new Key(
                str(in),
                Math.toIntExact(in.readVarLong()),
                in.readBoolean(),
                str(in),
                Math.toIntExact(in.readVarLong()));
        int order = in.readInt();
        int o = in.readByte();
        if (o < 0 || o >= Outcome.values().length) {
            throw new IllegalArgumentException("attempt outcome " + o + " is not one of " + Outcome.values().length);
        }
        Outcome outcome = Outcome.values()[o];
        return switch (outcome) {
            case VALUE ->
                new Attempt(id, key, order, outcome, in.readBoolean() ? bytes(in) : null, null, null, null, 0);
            case FAILURE -> {
                String cls = str(in);
                String msg = nullableStr(in);
                FlowError error = in.readBoolean() ? new FlowError(in.readInt(), str(in), nullableStr(in)) : null;
                yield new Attempt(id, key, order, outcome, null, cls, msg, error, 0);
            }
            case TIMEOUT -> new Attempt(id, key, order, outcome, null, null, null, null, in.readLong());
            case CANCELLED -> new Attempt(id, key, order, outcome, null, null, null, null, 0);
        };
    }

    private static void str(PayloadWriter out, String s) {
        bytes(out, s.getBytes(StandardCharsets.UTF_8));
    }

    private static String str(PayloadReader in) {
        return new String(bytes(in), StandardCharsets.UTF_8);
    }

    private static void nullableStr(PayloadWriter out, String s) {
        out.writeBoolean(s != null);
        if (s != null) {
            str(out, s);
        }
    }

    private static String nullableStr(PayloadReader in) {
        return in.readBoolean() ? str(in) : null;
    }

    private static void bytes(PayloadWriter out, byte[] b) {
        out.writeVarLong(b.length);
        out.writeBytes(b);
    }

    private static byte[] bytes(PayloadReader in) {
        return in.readBytes(Math.toIntExact(in.readVarLong()));
    }
}
