package dev.lockstep.core;

import java.util.List;

/**
 * Counters of an {@link Engine}, summed over its workers, with the per-worker rows. All zero when
 * the engine was built with statistics off ({@link #enabled()} false). Each counter is read without
 * stopping the workers, so a snapshot taken while the engine runs is approximate.
 *
 * @param enabled whether the engine counts at all
 * @param tasksRun tasks taken and run by workers (a task cancelled before it started counts too:
 *     the worker took it and skipped its body)
 * @param steals tasks taken from another worker's deque
 * @param failedSteals steal probes that yielded nothing (the victim was empty or another thief won)
 * @param parks times a worker parked for lack of work
 * @param wakeups times a parked worker was woken to look for work
 * @param injected tasks a worker took from the injection lanes (submitted from outside the engine)
 * @param workers the same counters per worker, in worker order
 */
public record EngineStats(
        boolean enabled,
        long tasksRun,
        long steals,
        long failedSteals,
        long parks,
        long wakeups,
        long injected,
        List<Worker> workers) {

    public EngineStats {
        workers = List.copyOf(workers);
    }

    /** Sums {@code perWorker}. */
    public static EngineStats of(boolean enabled, List<Worker> perWorker) {
        long run = 0;
        long st = 0;
        long fs = 0;
        long pk = 0;
        long wk = 0;
        long inj = 0;
        for (Worker w : perWorker) {
            run += w.tasksRun();
            st += w.steals();
            fs += w.failedSteals();
            pk += w.parks();
            wk += w.wakeups();
            inj += w.injected();
        }
        return new EngineStats(enabled, run, st, fs, pk, wk, inj, perWorker);
    }

    /**
     * One worker's counters; see {@link EngineStats} for their meaning.
     *
     * @param index the worker's index
     * @param tasksRun tasks run
     * @param steals successful steals
     * @param failedSteals empty or lost steal probes
     * @param parks parks
     * @param wakeups wake-ups
     * @param injected tasks taken from the injection lanes
     */
    public record Worker(
            int index, long tasksRun, long steals, long failedSteals, long parks, long wakeups, long injected) {}
}
