package dev.lockstep.io.internal;

import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * The small bounded pool that runs a runtime's blocking operations (files on the NIO backend), so
 * that they never run on the loop thread. Threads are daemons, made on first use and retired after
 * 30 s idle; the queue is unbounded (the tasks waiting for it are suspended, not threads).
 */
public final class BlockingPool implements AutoCloseable {
    private final String name;
    private final int threads;
    private ThreadPoolExecutor pool;

    public BlockingPool(String name, int threads) {
        this.name = name;
        this.threads = threads;
    }

    /** Runs {@code work} on a pool thread. Called on the loop thread. */
    public void execute(Runnable work) {
        if (pool == null) {
            int[] seq = {0};
            pool = new ThreadPoolExecutor(threads, threads, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), r -> {
                Thread t = new Thread(r, name + "-" + seq[0]++);
                t.setDaemon(true);
                return t;
            });
            pool.allowCoreThreadTimeOut(true);
        }
        pool.execute(work);
    }

    @Override
    public void close() {
        if (pool != null) {
            pool.shutdown();
        }
    }
}
