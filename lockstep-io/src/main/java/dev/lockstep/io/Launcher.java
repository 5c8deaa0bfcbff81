package dev.lockstep.io;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Runs 1..N runtimes, one per thread, calling an entry function on each before its loop starts
 * (the entry typically spawns the runtime's first tasks). {@link #run} returns when every runtime's
 * loop has ended; if an entry function threw, the first such exception is rethrown after all ended.
 *
 * <pre>{@code
 * Launcher.run(Threading.auto(), IoRuntime::builder, rt -> rt.spawn(r -> serve(r)));
 * }</pre>
 */
public final class Launcher {
    private Launcher() {}

    /** Runs {@code threading}'s number of runtimes with default settings. */
    public static List<IoRuntime> run(Threading threading, Consumer<IoRuntime> entry) {
        return run(threading, IoRuntime::builder, entry);
    }

    /**
     * Runs the runtimes, each built from a fresh builder of {@code settings} and named
     * {@code io-runtime-<i>}; returns them (all ended) in index order.
     */
    public static List<IoRuntime> run(
            Threading threading, Supplier<IoRuntime.Builder> settings, Consumer<IoRuntime> entry) {
        Objects.requireNonNull(entry, "entry");
        int n = threading.runtimes(Runtime.getRuntime().availableProcessors());
        List<IoRuntime> runtimes = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            runtimes.add(settings.get().name("io-runtime-" + i).build());
        }
        AtomicReference<Throwable> failure = new AtomicReference<>();
        List<Thread> threads = new ArrayList<>();
        for (IoRuntime rt : runtimes) {
            threads.add(Thread.ofPlatform().name(rt.name()).start(() -> {
                try {
                    entry.accept(rt);
                } catch (RuntimeException | Error e) {
                    failure.compareAndSet(null, e);
                    rt.stop();
                }
                rt.run();
            }));
        }
        for (Thread t : threads) {
            try {
                t.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                runtimes.forEach(IoRuntime::stop);
                throw new IllegalStateException("interrupted while waiting for the runtimes", e);
            }
        }
        Throwable f = failure.get();
        if (f instanceof RuntimeException re) {
            throw re;
        } else if (f instanceof Error err) {
            throw err;
        }
        return runtimes;
    }
}
