package dev.lockstep.io;

import dev.lockstep.core.concurrent.BoundedQueue;
import dev.lockstep.core.concurrent.MpmcQueue;
import dev.lockstep.core.concurrent.SpscQueue;
import java.lang.invoke.VarHandle;
import java.util.Objects;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * A bounded channel between tasks, usually of different runtimes: {@link #spsc} (one sending task,
 * one receiving task) or {@link #mpsc} (many senders). A full channel parks the sending task, an
 * empty one the receiving task (the task, not the thread: its runtime runs others), and the other
 * side wakes it with {@link IoRuntime#trigger}. After {@link #close()}, sends fail with CLOSED;
 * the receiver still gets everything sent before, then CLOSED.
 *
 * <h2>Implementation overview</h2>
 *
 * <p>Elements go through a lock-free bounded queue of lockstep-core (SPSC or MPMC). A side that
 * must wait publishes itself (volatile write of {@link #receiver}, or an entry in {@link
 * #senders}), then checks the queue again, then parks; the other side changes the queue, then reads
 * the waiter and triggers it. A full fence sits between the write and the read on each side
 * (Dekker), so either the waiter sees the change on its re-check or the
 * changer sees the waiter and triggers it: no lost wake-up ({@code aChannelNeverLosesAWakeUp}).
 * Triggers are permits, so a spurious wake-up only costs another loop.
 */
public final class Channel<T> implements AutoCloseable {
    private record Waiter(IoRuntime runtime, TaskHandle task) {}

    private final BoundedQueue<T> queue;
    private final String kind;
    private volatile Waiter receiver;
    private final ConcurrentLinkedQueue<Waiter> senders = new ConcurrentLinkedQueue<>();
    private volatile boolean closed;

    private Channel(BoundedQueue<T> queue, String kind) {
        this.queue = queue;
        this.kind = kind;
    }

    /** One sender, one receiver, at least {@code capacity} elements buffered. */
    public static <T> Channel<T> spsc(int capacity) {
        return new Channel<>(new SpscQueue<>(capacity), "spsc");
    }

    /** Many senders, one receiver, at least {@code capacity} elements buffered. */
    public static <T> Channel<T> mpsc(int capacity) {
        return new Channel<>(new MpmcQueue<>(capacity), "mpsc");
    }

    /** Sends {@code value}, parking the calling task while the channel is full. */
    public void send(T value) {
        Objects.requireNonNull(value, "value");
        while (true) {
            if (closed) {
                throw new IoException(IoError.CLOSED, kind + " channel is closed: send refused");
            }
            if (queue.offer(value)) {
                VarHandle.fullFence(); // the offer before the read of the waiter (Dekker)
                wake(receiver);
                return;
            }
            IoRuntime rt = IoRuntime.current();
            Waiter me = new Waiter(rt, rt.currentHandle());
            senders.add(me);
            VarHandle.fullFence(); // publishing before the re-check (Dekker)
            if (queue.size() < queue.capacity() || closed) { // re-check after publishing (no lost wake-up)
                senders.remove(me);
                continue;
            }
            rt.park();
            senders.remove(me);
        }
    }

    /**
     * Receives the next element, parking the calling task while the channel is empty.
     *
     * @throws IoException CLOSED once the channel is closed and everything sent before was received
     */
    public T receive() {
        while (true) {
            T v = queue.poll();
            if (v != null) {
                VarHandle.fullFence(); // the poll before the read of the waiters (Dekker)
                wake(senders.peek());
                return v;
            }
            if (closed) {
                v = queue.poll(); // a send that raced the close
                if (v != null) {
                    return v;
                }
                throw new IoException(IoError.CLOSED, kind + " channel is closed and drained");
            }
            IoRuntime rt = IoRuntime.current();
            receiver = new Waiter(rt, rt.currentHandle());
            VarHandle.fullFence(); // publishing before the re-check (Dekker)
            if (!queue.isEmpty() || closed) { // re-check after publishing (no lost wake-up)
                receiver = null;
                continue;
            }
            rt.park();
            receiver = null;
        }
    }

    /** Closes it: senders fail, the receiver drains then sees CLOSED. Any thread. */
    @Override
    public void close() {
        closed = true;
        wake(receiver);
        for (Waiter w : senders) {
            wake(w);
        }
    }

    private static void wake(Waiter w) {
        if (w != null) {
            w.runtime.trigger(w.task);
        }
    }
}
