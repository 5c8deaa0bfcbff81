package dev.lockstep.sync;

import dev.lockstep.core.Engine;
import dev.lockstep.core.coroutine.CoroutineBackend;
import dev.lockstep.core.replay.Codec;
import dev.lockstep.core.replay.CodecRegistry;
import dev.lockstep.core.replay.Codecs;
import dev.lockstep.core.replay.Durability;
import dev.lockstep.core.replay.ReplayCursor;
import dev.lockstep.core.replay.ReplayLog;
import dev.lockstep.core.replay.ReplayRecord;
import dev.lockstep.core.replay.ReplayRecorder;
import dev.lockstep.sync.internal.Kernel;
import dev.lockstep.sync.internal.SignalCore;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * A synchronous reactive machine: it runs a {@link Program} in logical instants. The host drives it
 * one instant at a time ({@link #step}) or over an input sequence ({@link #run}); {@link #record}
 * and {@link #replay} put the inputs in a lockstep-core replay log and replay them to the same
 * {@link Timeline}.
 *
 * <pre>{@code
 * Machine<Integer, Integer> m = Machine.<Integer, Integer>builder((s, in, out) -> {
 *     int sum = 0;
 *     while (true) {
 *         sum += s.awaitImmediate(in);
 *         s.emit(out, sum);
 *         s.pause();
 *     }
 * }).build();
 * m.run(Arrays.asList(1, null, 2, 3)).outputs();   // [1, null, 3, 6]: one instant per input
 * m.run().outputs();                                 // [null]: the pause of instant 3 ends in 4
 * }</pre>
 *
 * <p>One instant ({@link #step}): the input, if any, is emitted on the input signal; every runnable
 * process runs until all are blocked or ended; aggregate signals are delivered; the output callback
 * is called once if the output signal was emitted; {@code onInstant} gets the {@link
 * InstantSnapshot}; then the rollover resets presence, moves guard-blocked processes to the next
 * instant and drops killed ones. Details: docs/sync.md.
 *
 * <p>A machine is driven by one thread at a time and is not thread-safe. If a process throws, the
 * exception comes out of {@link #step} and the machine runs no more instants. {@link #close()} ends
 * the processes still suspended (needed on the virtual-thread backend, harmless otherwise).
 */
public final class Machine<I, O> implements AutoCloseable {
    /** The replay log source of the inputs. */
    public static final String INPUT_SOURCE = "input";
    /** The replay log source of the record that closes a recording: the number of instants run. */
    public static final String INSTANTS_SOURCE = "instants";

    private final Sync sync;
    private final Kernel kernel;
    private final EventSignal<I> input;
    private final EventSignal<O> output;
    private final SignalCore outputCore;
    private final long maxInstants;
    private final Consumer<? super InstantSnapshot> onInstant;
    private final Consumer<? super O> onOutput;
    private boolean closed;

    private Machine(Builder<I, O> b) {
        this.sync = b.engine != null
                ? new Sync(b.backend, b.engine, false)
                : b.workers > 0
                        ? new Sync(
                                b.backend,
                                Engine.builder()
                                        .name("sync-machine")
                                        .workers(b.workers)
                                        .build(),
                                true)
                        : new Sync(b.backend, null, false);
        this.kernel = sync.kernel();
        this.input = sync.eventSignal("input");
        this.output = sync.eventSignal("output");
        this.outputCore = output.core;
        this.maxInstants = b.maxInstants;
        this.onInstant = b.onInstant;
        this.onOutput = b.onOutput;
        Program<I, O> program = b.program;
        EventSignal<I> in = input;
        EventSignal<O> out = output;
        kernel.start(s -> program.run(s, in, out));
    }

    /** A builder for a machine running {@code program}. */
    public static <I, O> Builder<I, O> builder(Program<I, O> program) {
        return new Builder<>(program);
    }

    /** A machine with the default settings. */
    public static <I, O> Machine<I, O> of(Program<I, O> program) {
        return builder(program).build();
    }

    /**
     * Runs one instant with {@code inputOrNull} as the input (null: no input).
     *
     * @throws SyncException if the instant limit was reached, the machine failed or was closed
     * @throws RuntimeException what a process threw (its checked exceptions come wrapped in a
     *     {@link dev.lockstep.core.coroutine.CoroutineException} naming the process)
     */
    @SuppressWarnings("unchecked")
    public InstantResult<O> step(I inputOrNull) {
        if (closed) {
            throw new SyncException("the machine is closed (instant " + kernel.instant() + ")");
        }
        kernel.checkUsable();
        long n = kernel.instant();
        if (n >= maxInstants) {
            throw new SyncException("the machine reached its limit of " + maxInstants + " instants");
        }
        kernel.beginInstant();
        if (inputOrNull != null) {
            kernel.emitFromHost(input.core, inputOrNull);
        }
        kernel.drain();
        kernel.finalizeSignals();
        O out = outputCore.isPresent() ? (O) outputValue() : null;
        if (out != null && onOutput != null) {
            onOutput.accept(out);
        }
        InstantSnapshot snap = kernel.snapshot();
        if (onInstant != null) {
            onInstant.accept(snap);
        }
        kernel.rollover();
        return new InstantResult<>(n, out, snap, kernel.isFinished());
    }

    private Object outputValue() {
        return kernel.valueOf(outputCore);
    }

    /**
     * Runs exactly one instant per element of {@code inputs} (null: no input in that instant),
     * whether or not something is scheduled (an input may wake a process that only awaits it), and
     * returns their timeline; stops early only at the instant limit. The running-sum program of the
     * class comment gives outputs [1, null, 3, 6] over [1, null, 2, 3]. To go on until the run ends,
     * call {@link #run()} after it.
     */
    public Timeline<I, O> run(List<I> inputs) {
        List<InstantRecord<I, O>> records = new ArrayList<>();
        for (int i = 0; i < inputs.size() && kernel.instant() < maxInstants; i++) {
            I in = inputs.get(i);
            InstantResult<O> r = step(in);
            records.add(new InstantRecord<>(r.instant(), in, r.output()));
        }
        return new Timeline<>(records);
    }

    /**
     * Runs instants without input until the run ends (nothing is scheduled for the next instant:
     * processes that only await a signal do not keep it going) or the instant limit is reached, and
     * returns their timeline. A machine that has ended runs no instant here.
     */
    public Timeline<I, O> run() {
        List<InstantRecord<I, O>> records = new ArrayList<>();
        while (!kernel.isFinished() && kernel.instant() < maxInstants) {
            InstantResult<O> r = step(null);
            records.add(new InstantRecord<>(r.instant(), null, r.output()));
        }
        return new Timeline<>(records);
    }

    /** Whether the run has ended: nothing is scheduled for the next instant. An input may still wake processes awaiting it. */
    public boolean isFinished() {
        return kernel.isFinished();
    }

    /** The number of the next instant to run (= instants run so far). */
    public long instant() {
        return kernel.instant();
    }

    /** Processes that have neither returned nor been killed (running, scheduled or waiting). */
    public int liveProcesses() {
        return kernel.liveProcesses();
    }

    /** The signals created so far, input and output included. */
    public int signalCount() {
        return kernel.signalCount();
    }

    /** The engine workers that run this machine's processes ahead of it; 0 for a sequential machine. */
    public int workers() {
        return kernel.workers();
    }

    /**
     * Ends the suspended processes (their coroutines are closed on the virtual-thread backend); a
     * parallel machine first waits for the processes running ahead on workers, then closes its
     * engine if it made it ({@link Builder#workers}).
     */
    @Override
    public void close() {
        if (!closed) {
            closed = true;
            kernel.closeAll();
        }
    }

    // ---- record and replay -------------------------------------------------------------------

    /** {@link Builder#record} with the default settings. */
    public static <I, O> Timeline<I, O> record(Program<I, O> program, List<I> inputs, Path log, Codec<I> codec) {
        return builder(program).record(inputs, log, codec);
    }

    /** {@link Builder#replay} with the default settings. */
    public static <I, O> Timeline<I, O> replay(Program<I, O> program, Path log, Codec<I> codec) {
        return builder(program).replay(log, codec);
    }

    private Timeline<I, O> recordRun(List<I> inputs, Path log, Codec<I> codec) {
        try (ReplayRecorder r = ReplayLog.recorder(log)
                .durability(Durability.onClose())
                .backgroundFlush(false)
                .codecs(registry(codec))
                .open()) {
            List<InstantRecord<I, O>> records = new ArrayList<>();
            int i = 0;
            while (kernel.instant() < maxInstants && (i < inputs.size() || !kernel.isFinished())) {
                I in = i < inputs.size() ? inputs.get(i) : null;
                i++;
                long t = kernel.instant();
                if (in != null) {
                    r.append(t, INPUT_SOURCE, in, codec);
                }
                InstantResult<O> res = step(in);
                records.add(new InstantRecord<>(res.instant(), in, res.output()));
            }
            r.append(Math.max(0, kernel.instant() - 1), INSTANTS_SOURCE, kernel.instant(), Codecs.LONG);
            return new Timeline<>(records);
        }
    }

    private Timeline<I, O> replayRun(Path log, Codec<I> codec) {
        try (ReplayCursor cursor = ReplayLog.cursor(log, registry(codec))) {
            List<InstantRecord<I, O>> records = new ArrayList<>();
            long total = -1;
            while (total < 0 || kernel.instant() < total) {
                long t = kernel.instant();
                I in = null;
                for (ReplayRecord rec : cursor.recordsAt(t)) {
                    if (rec.source().equals(INPUT_SOURCE)) {
                        in = rec.value(codec.type());
                    } else if (rec.source().equals(INSTANTS_SOURCE)) {
                        total = rec.value(Long.class);
                    } else {
                        throw new SyncException("replay log " + log + " holds a record from source '" + rec.source()
                                + "' at instant " + t + "; a machine recording has only '" + INPUT_SOURCE + "' and '"
                                + INSTANTS_SOURCE + "'");
                    }
                }
                if (total >= 0 && t >= total) {
                    break; // an empty recording: no instant was run
                }
                InstantResult<O> res = step(in);
                records.add(new InstantRecord<>(res.instant(), in, res.output()));
            }
            cursor.finish();
            return new Timeline<>(records);
        }
    }

    private static CodecRegistry registry(Codec<?> codec) {
        CodecRegistry d = CodecRegistry.defaults();
        return d.byName(codec.name()) == codec ? d : d.with(codec);
    }

    /** Settings of a machine. */
    public static final class Builder<I, O> {
        private final Program<I, O> program;
        private long maxInstants = Long.MAX_VALUE;
        private Consumer<? super InstantSnapshot> onInstant;
        private Consumer<? super O> onOutput;
        private CoroutineBackend backend = CoroutineBackend.defaultBackend();
        private Engine engine;
        private int workers;

        private Builder(Program<I, O> program) {
            this.program = Objects.requireNonNull(program, "program");
        }

        /** The most instants the machine runs (default: no limit). */
        public Builder<I, O> maxInstants(long n) {
            if (n < 0) {
                throw new IllegalArgumentException("maxInstants must be >= 0, got " + n);
            }
            this.maxInstants = n;
            return this;
        }

        /** Called once per instant with its snapshot, after the signals are finalized, before the rollover. */
        public Builder<I, O> onInstant(Consumer<? super InstantSnapshot> callback) {
            this.onInstant = callback;
            return this;
        }

        /** Called once per instant in which the output signal was emitted, with its value. */
        public Builder<I, O> onOutput(Consumer<? super O> callback) {
            this.onOutput = callback;
            return this;
        }

        /** The coroutine backend of the processes (default: {@link CoroutineBackend#defaultBackend()}). */
        public Builder<I, O> backend(CoroutineBackend b) {
            this.backend = Objects.requireNonNull(b, "backend");
            return this;
        }

        /**
         * Parallel instants on a new engine of {@code n} workers, closed with the machine; 0 (the
         * default): sequential. The outputs are identical to the sequential run's: processes run
         * their code between primitives on the workers, ahead of the machine, while the machine
         * applies every primitive in the sequential order (docs/sync.md, "Parallel instants").
         * Effects on state shared between processes belong in {@link Sync#effect}.
         */
        public Builder<I, O> workers(int n) {
            if (n < 0) {
                throw new IllegalArgumentException("workers must be >= 0, got " + n);
            }
            this.workers = n;
            return this;
        }

        /**
         * Parallel instants on {@code engine}, which the caller owns (the machine does not close it;
         * close the machine first). Null: as set by {@link #workers}.
         */
        public Builder<I, O> engine(Engine engine) {
            this.engine = engine;
            return this;
        }

        public Machine<I, O> build() {
            return new Machine<>(this);
        }

        /**
         * Runs a new machine over {@code inputs} as {@link Machine#run(List)} followed by {@link
         * Machine#run()} do (one instant per input, then on until the run ends), recording each input
         * to a new replay log at {@code log} (logical time = instant, source {@value #INPUT_SOURCE}),
         * closed by a record of the number of instants run; the machine is closed after.
         */
        public Timeline<I, O> record(List<I> inputs, Path log, Codec<I> codec) {
            try (Machine<I, O> m = build()) {
                return m.recordRun(inputs, log, codec);
            }
        }

        /**
         * Runs a new machine over the inputs recorded in {@code log}, for as many instants as were
         * recorded; the result equals the recorded run's timeline if the program is the same.
         *
         * @throws dev.lockstep.core.replay.ReplayDivergenceException if the run did not take the
         *     recorded inputs as recorded
         */
        public Timeline<I, O> replay(Path log, Codec<I> codec) {
            try (Machine<I, O> m = build()) {
                return m.replayRun(log, codec);
            }
        }
    }
}
