package dev.lockstep.cli;

import dev.lockstep.core.Engine;
import dev.lockstep.core.EngineStats;
import dev.lockstep.core.Future;
import dev.lockstep.core.Futures;
import dev.lockstep.core.Promise;
import dev.lockstep.core.TaskGroup;
import dev.lockstep.core.TaskGroupOptions;
import dev.lockstep.core.cache.ResultCache;
import dev.lockstep.core.cancel.CancellationSource;
import dev.lockstep.core.cancel.CancelledException;
import dev.lockstep.core.concurrent.MpmcQueue;
import dev.lockstep.core.memory.Block;
import dev.lockstep.core.memory.ObjectPool;
import dev.lockstep.core.memory.SlabAllocator;
import dev.lockstep.core.trace.Trace;
import dev.lockstep.core.trace.TraceException;
import dev.lockstep.core.trace.TraceFormat;
import dev.lockstep.core.trace.TraceKind;
import dev.lockstep.core.trace.TraceSnapshot;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * The main job: a short tour of the runtime that runs each part for real and prints what it saw.
 * Every step checks its own result and the command exits non-zero if one is wrong, so the tour
 * is also a smoke test of a fresh build. With {@code --trace FILE} it records the tour (each step
 * as a span, the task group's chunks and the cancellation as instants on the threads that saw
 * them, the engine's counters after each step) and writes the trace, for {@code lockstep trace}.
 */
@Command(
        name = "demo",
        mixinStandardHelpOptions = true,
        description = "A short tour of Lockstep: runs each part and prints what it saw.")
final class DemoCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(
            names = {"-w", "--workers"},
            description = "Engine workers (default: available processors).")
    int workers = Runtime.getRuntime().availableProcessors();

    @Option(
            names = "--trace",
            paramLabel = "FILE",
            description = "Record the tour and write the trace to FILE: .jsonl (JSON Lines, for 'lockstep trace"
                    + " summary'), .json (Chrome trace, for Perfetto) or .jfr (JFR).")
    Path trace;

    /** One span kind per step, so that a trace viewer shows each step by name. */
    private static TraceKind step(String name) {
        return TraceKind.register("demo." + name, "demo", TraceKind.Type.SPAN, "step", "passed", "millis");
    }

    static final TraceKind CHUNK =
            TraceKind.register("demo.chunk", "demo", TraceKind.Type.INSTANT, "step", "index", "worker");
    static final TraceKind CANCELLED =
            TraceKind.register("demo.cancelled", "demo", TraceKind.Type.INSTANT, "step", "spins", "b");
    static final TraceKind ENGINE =
            TraceKind.register("demo.engine", "demo", TraceKind.Type.COUNTER, "step", "tasksRun", "steals");

    private PrintWriter out;

    /** One step of the tour: a title and the work, which prints and returns whether it checked out. */
    private record Step(String title, TraceKind kind, Callable<Boolean> body) {}

    @Override
    public Integer call() throws Exception {
        out = spec.commandLine().getOut();
        TraceFormat traceFormat = null;
        if (trace != null) {
            try {
                traceFormat = TraceFormat.forFile(trace);
            } catch (IllegalArgumentException e) {
                throw new ParameterException(spec.commandLine(), "--trace: " + e.getMessage());
            }
            Trace.enable();
        }
        out.println("Lockstep demo: JVM " + Runtime.version() + ", "
                + Runtime.getRuntime().availableProcessors() + " cores, engine with " + workers + " workers");
        int failed = 0;
        try (Engine engine =
                Engine.builder().workers(workers).statistics(true).name("demo").build()) {
            List<Step> steps = List.of(
                    new Step("fork/join on the work-stealing engine", step("fork-join"), () -> forkJoin(engine)),
                    new Step("a structured task group with parallelFor", step("task-group"), () -> taskGroup(engine)),
                    new Step("futures and combinators", step("futures"), () -> futures(engine)),
                    new Step("cancellation reaching running work", step("cancellation"), () -> cancellation(engine)),
                    new Step("a bounded MPMC queue between threads", step("queue"), this::queue),
                    new Step("memory: object pool and off-heap slab allocator", step("memory"), this::memory),
                    new Step("a result cache on Caffeine", step("cache"), () -> cache(engine)),
                    new Step(
                            "coroutines: three resumed round robin, on each backend",
                            step("coroutines"),
                            () -> KernelDemo.coroutines(out)),
                    new Step(
                            "replay: a run recorded (inputs, clock readings) and replayed to the same output",
                            step("replay"),
                            () -> KernelDemo.replay(out)));
            try (Progress progress = Progress.start("demo", steps.size())) {
                int n = 0;
                for (Step s : steps) {
                    progress.message(s.title());
                    out.printf("%n%d. %s%n", ++n, s.title());
                    Trace.begin(s.kind(), n, 0, 0);
                    long t0 = System.nanoTime();
                    boolean passed = s.body().call();
                    Trace.end(s.kind(), n, passed ? 1 : 0, (System.nanoTime() - t0) / 1_000_000);
                    EngineStats st = engine.stats();
                    Trace.counter(ENGINE, n, st.tasksRun(), st.steals());
                    if (!passed) {
                        out.println("   !! this step did not give the expected result");
                        failed++;
                    }
                    out.flush();
                    progress.step();
                }
            }
            EngineStats st = engine.stats();
            out.printf(
                    "%nengine totals: %,d tasks run, %,d steals, %,d failed steals, %,d parks%n",
                    st.tasksRun(), st.steals(), st.failedSteals(), st.parks());
        }
        out.println();
        if (trace != null && !writeTrace(traceFormat)) {
            failed++;
        }
        out.println("next: bin/lockstep bench core --quick   (each result beside its peer)");
        out.flush();
        return failed == 0 ? 0 : 1;
    }

    private boolean writeTrace(TraceFormat format) {
        Trace.disable();
        TraceSnapshot s = Trace.snapshot();
        try {
            s.write(trace, format);
        } catch (TraceException e) {
            out.println("!! could not write the trace: " + e.getMessage());
            return false;
        }
        out.printf(
                "trace: %,d events from %d threads written to %s (%s)%n",
                s.events().size(), s.threads().size(), trace, TraceCommand.describe(format));
        if (format != TraceFormat.CHROME) {
            out.println("       bin/lockstep trace summary " + trace);
        }
        return true;
    }

    private boolean forkJoin(Engine engine) throws Exception {
        long t0 = System.nanoTime();
        long fib = engine.submit(() -> fib(30)).await();
        long ms = (System.nanoTime() - t0) / 1_000_000;
        out.printf("   fib(30) forked all the way down (no threshold) = %,d in %d ms%n", fib, ms);
        return fib == 832_040L;
    }

    private static long fib(int n) {
        if (n < 2) {
            return n;
        }
        Future<Long> left = Engine.current().submit(() -> fib(n - 1)); // a fork: onto this worker's deque
        long right = fib(n - 2);
        return left.join() + right; // join helps: runs or steals work instead of blocking
    }

    private boolean taskGroup(Engine engine) {
        int n = 10_000_000;
        LongAdder sum = new LongAdder();
        java.util.Set<String> threads = java.util.concurrent.ConcurrentHashMap.newKeySet();
        try (TaskGroup g = TaskGroup.open(engine, TaskGroupOptions.defaults().withName("demo-sum"))) {
            g.parallelFor(0, n, 1 << 16, i -> {
                sum.add(i);
                if ((i & 0xFFFF) == 0) {
                    threads.add(Thread.currentThread().getName());
                    Trace.instant(CHUNK, 2, i >>> 16, Thread.currentThread().threadId());
                }
            });
            g.join();
        }
        long expected = (long) n * (n - 1) / 2;
        out.printf("   sum of 0..%,d = %,d on %d worker thread(s)%n", n - 1, sum.sum(), threads.size());
        return sum.sum() == expected;
    }

    private boolean futures(Engine engine) throws Exception {
        List<Promise<Integer>> inputs = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            inputs.add(new Promise<>());
        }
        Future<List<Integer>> all = Futures.all(inputs);
        Future<Integer> any = Futures.any(inputs);
        for (int i = 4; i >= 0; i--) { // complete after combining, in reverse order
            int k = i;
            engine.submit(() -> inputs.get(k).complete(k * 10));
        }
        List<Integer> values = all.await(Duration.ofSeconds(10));
        int first = any.await(Duration.ofSeconds(10));
        out.printf("   all(...) = %s, any(...) = %d (whichever completed first)%n", values, first);
        Future<String> slow = new Promise<String>().orTimeout(Duration.ofMillis(50));
        boolean timedOut;
        try {
            slow.await(Duration.ofSeconds(10));
            timedOut = false;
        } catch (RuntimeException e) {
            timedOut = e.getCause() instanceof TimeoutException;
            out.println("   orTimeout(50 ms) on a promise nobody completes: " + e.getCause());
        }
        Future<Integer> mapped = Promise.completed(20).map(x -> x + 1).flatMap(x -> engine.submit(() -> x * 2));
        out.println("   completed(20).map(+1).flatMap(x2 on the engine) = " + mapped.await());
        return values.equals(List.of(0, 10, 20, 30, 40))
                && inputs.stream().anyMatch(p -> p.resultNow() == first)
                && timedOut
                && mapped.resultNow() == 42;
    }

    private boolean cancellation(Engine engine) throws Exception {
        AtomicLong spins = new AtomicLong();
        try (CancellationSource source = new CancellationSource()) {
            source.cancelAfter(Duration.ofMillis(100));
            TaskGroup g = TaskGroup.open(
                    engine, TaskGroupOptions.defaults().withName("demo-cancel").withParent(source.token()));
            g.fork(() -> {
                while (!Engine.currentTaskCancelled()) { // a running task polls; queued ones never start
                    spins.incrementAndGet();
                    Thread.onSpinWait();
                }
                Trace.instant(CANCELLED, 4, spins.get(), 0);
            });
            try {
                g.join();
                out.println("   the group was not cancelled?");
                return false;
            } catch (CancelledException e) {
                out.println("   cancelAfter(100 ms) stopped a spinning task after " + String.format("%,d", spins.get())
                        + " spins: " + e.getMessage());
            } finally {
                g.close();
            }
        }
        return spins.get() > 0;
    }

    private boolean queue() throws Exception {
        MpmcQueue<Integer> q = new MpmcQueue<>(1024);
        int n = 1_000_000;
        AtomicLong consumed = new AtomicLong();
        AtomicInteger count = new AtomicInteger();
        Thread consumer = Thread.ofPlatform().start(() -> {
            while (count.get() < n) {
                Integer x = q.poll();
                if (x != null) {
                    consumed.addAndGet(x);
                    count.incrementAndGet();
                } else {
                    Thread.onSpinWait();
                }
            }
        });
        long t0 = System.nanoTime();
        for (int i = 0; i < n; i++) {
            while (!q.offer(i & 1023)) {
                Thread.onSpinWait();
            }
        }
        consumer.join();
        long us = (System.nanoTime() - t0) / 1_000;
        long expected = 0;
        for (int i = 0; i < n; i++) {
            expected += i & 1023;
        }
        out.printf(
                "   %,d items through a 1024-slot MpmcQueue in %,d us, checksum %s%n",
                n, us, consumed.get() == expected ? "ok" : "WRONG");
        return consumed.get() == expected;
    }

    private boolean memory() {
        ObjectPool<StringBuilder> pool = ObjectPool.create(StringBuilder::new, 4, ObjectPool.Mode.STATIC);
        StringBuilder sb = pool.acquire();
        pool.release(sb);
        out.println("   pool: " + pool.stats());
        try (SlabAllocator slab = SlabAllocator.create()) {
            List<Block> blocks = new ArrayList<>();
            for (int size : new int[] {24, 100, 1000, 5000, 100_000}) {
                blocks.add(slab.allocate(size));
            }
            blocks.get(2).segment().fill((byte) 7);
            for (Block b : blocks) {
                slab.free(b);
            }
            SlabAllocator.Stats st = slab.stats();
            out.printf(
                    "   slab: %d blocks freed, %,d bytes reserved, %,d in use, fragmentation %.2f%n",
                    blocks.size(), st.reservedBytes(), st.bytesInUse(), st.fragmentation());
            return st.bytesInUse() == 0 && st.liveBlocks() == 0;
        }
    }

    private boolean cache(Engine engine) throws Exception {
        AtomicInteger computations = new AtomicInteger();
        ResultCache<Integer, Long> cache =
                ResultCache.builder().maximumSize(100).recordStats().build();
        long total = 0;
        for (int round = 0; round < 3; round++) {
            for (int k = 25; k < 28; k++) {
                int key = k;
                total += cache.get(key, engine, () -> {
                            computations.incrementAndGet();
                            return fib(key);
                        })
                        .await();
            }
        }
        out.printf("   9 lookups of 3 keys: %d computations, %s%n", computations.get(), cache.stats());
        return computations.get() == 3 && total == 3 * (75_025L + 121_393L + 196_418L);
    }
}
