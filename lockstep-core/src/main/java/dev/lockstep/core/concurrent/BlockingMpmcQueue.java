package dev.lockstep.core.concurrent;

import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A bounded multi-producer multi-consumer FIFO queue whose producers can wait for room and whose
 * consumers can wait for elements, and which can be closed. It is an {@link MpmcQueue} (lock-free
 * offer and poll) with a waiting room beside it: the lock below is taken only by threads that wait
 * and by threads that wake them, never on the non-blocking path.
 *
 * <h2>Operations</h2>
 *
 * <ul>
 *   <li>{@link #offer(Object)} / {@link #poll()}: never wait; {@code false} when full, {@code null}
 *       when empty.
 *   <li>{@link #put} / {@link #take}: wait as long as needed.
 *   <li>{@link #offer(Object, long, TimeUnit)} / {@link #poll(long, TimeUnit)}: wait up to a
 *       timeout, then return {@code false} / {@code null}.
 * </ul>
 *
 * <p>Waiting methods try a few times with {@link Thread#onSpinWait()} ({@value #SPINS} attempts),
 * then park on a condition. They throw {@link InterruptedException} if the thread is interrupted
 * before or while it parks; a call that succeeds without parking does not look at the interrupt
 * status.
 *
 * <h2>Closing</h2>
 *
 * <p>{@link #close()} stops producers and lets consumers drain: afterwards every {@code offer} and
 * {@code put}, including those blocked at the moment of the close, throws {@link
 * QueueClosedException}. Consumers still receive every element that was offered successfully; once
 * the queue is closed <em>and</em> empty, {@link #poll()} and {@link #poll(long, TimeUnit)} return
 * {@code null} at once and {@link #take()} throws {@link QueueClosedException}. Nothing offered
 * successfully is ever lost: the close is the sign bit of the producer index, set atomically, so
 * every successful offer is ordered before it and every later claim fails (see {@link MpmcQueue}).
 * {@code close} is idempotent.
 *
 * <h2>Implementation overview: no lost wake-ups</h2>
 *
 * <p>A waiting consumer, holding {@code lock}, increments {@code consumersWaiting} (a volatile
 * write) and then polls; only if that poll finds the queue empty does it await {@code notEmpty},
 * which releases the lock atomically. A producer, after its successful offer (whose claim is a
 * volatile CAS of the producer index), reads {@code consumersWaiting} (volatile) and, if it is not
 * zero, takes the lock and signals {@code notEmpty} once. Volatile accesses are totally ordered, so
 * for any such consumer and producer either the producer's read comes after the consumer's
 * increment (and the producer signals) or the consumer's poll, which reads the producer index
 * volatile before answering "empty", comes after the producer's claim (and the consumer sees the
 * element, waiting inside poll for it to be published if need be). The signal cannot fall between
 * the consumer's poll and its await because the consumer holds the lock there and the signaller
 * must take it. Each successful offer with a waiter present signals once, and a signalled consumer
 * always polls again before it looks at its timeout, so a wake-up is never spent without a poll.
 * Producers waiting for room mirror this with {@code producersWaiting}, {@code notFull} and the
 * consumer index. {@link Condition} cancels an interrupted or timed-out waiter before passing a
 * signal on, so a signal is not absorbed by a thread that leaves.
 *
 * <p>{@code close} sets the closed bit first and then signals every waiter under the lock; a waiter
 * re-checks the bit under the lock before it awaits, so it either sees the close or is already in
 * the condition queue when {@code signalAll} runs. A consumer reads the closed bit before its poll:
 * closed-then-empty means no element can arrive any more.
 *
 * <p>The cost on the non-blocking path is one volatile read of the other side's waiter count.
 *
 * <p>Compared with the JDK: {@link java.util.concurrent.ArrayBlockingQueue} takes one lock for
 * every operation; this queue's offer and poll are lock-free and only waiting takes a lock. There
 * is no {@code java.util.concurrent} queue with a close that lets consumers drain.
 *
 * @param <E> element type
 */
public final class BlockingMpmcQueue<E> implements BoundedQueue<E>, AutoCloseable {
    /** Attempts with {@link Thread#onSpinWait()} before a waiting method parks. */
    public static final int SPINS = 64;

    private final String name;
    private final MpmcQueue<E> queue;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition notEmpty = lock.newCondition();
    private final Condition notFull = lock.newCondition();

    /** Consumers between their increment and their return; written under {@code lock}. */
    private volatile int consumersWaiting;

    /** Producers between their increment and their return; written under {@code lock}. */
    private volatile int producersWaiting;

    /**
     * A queue called {@code name} (used in exception messages) holding at least {@code capacity}
     * elements, rounded up to a power of two as {@link MpmcQueue} does.
     */
    public BlockingMpmcQueue(String name, int capacity) {
        this.name = Objects.requireNonNull(name, "name");
        this.queue = new MpmcQueue<>(capacity);
    }

    /** A queue named {@code "blocking-mpmc"}. */
    public BlockingMpmcQueue(int capacity) {
        this("blocking-mpmc", capacity);
    }

    /** The name given at construction. */
    public String name() {
        return name;
    }

    // ---- non-blocking ----

    /**
     * Appends without waiting.
     *
     * @return {@code false} if the queue was full
     * @throws QueueClosedException if the queue is closed
     */
    @Override
    public boolean offer(E element) {
        return offer(element, "offer");
    }

    /** {@link #offer(Object)}, naming {@code operation} in the closed exception. */
    private boolean offer(E element, String operation) {
        int r = queue.offerOrClosed(element);
        if (r == MpmcQueue.OFFERED) {
            if (consumersWaiting != 0) { // volatile read after the claim's CAS: see overview
                signalConsumerSlowPath();
            }
            return true;
        }
        if (r == MpmcQueue.FULL) {
            return false;
        }
        throw closedException(operation);
    }

    /** Removes the oldest element without waiting; {@code null} when empty (closed or not). */
    @Override
    public E poll() {
        E e = queue.poll();
        if (e != null && producersWaiting != 0) { // volatile read after the claim's CAS
            signalProducerSlowPath();
        }
        return e;
    }

    // ---- producers that wait ----

    /**
     * Appends, waiting for room as long as needed.
     *
     * @throws QueueClosedException if the queue is or becomes closed before the element goes in
     * @throws InterruptedException if interrupted before or while parked
     */
    public void put(E element) throws InterruptedException {
        if (!offer(element, "put")) {
            awaitSpace(element, "put", false, 0L);
        }
    }

    /**
     * Appends, waiting up to {@code timeout} for room.
     *
     * @return {@code false} if the timeout elapsed with the queue still full
     * @throws QueueClosedException if the queue is or becomes closed before the element goes in
     * @throws InterruptedException if interrupted before or while parked
     */
    public boolean offer(E element, long timeout, TimeUnit unit) throws InterruptedException {
        if (offer(element, "offer")) {
            return true;
        }
        long nanos = unit.toNanos(timeout);
        return nanos > 0 && awaitSpace(element, "offer", true, nanos);
    }

    /** Spins, then parks on {@code notFull}; true once offered, false on timeout. */
    private boolean awaitSpace(E element, String operation, boolean timed, long nanos) throws InterruptedException {
        for (int i = 0; i < SPINS; i++) {
            Thread.onSpinWait();
            if (offer(element, operation)) {
                return true;
            }
        }
        lock.lockInterruptibly();
        try {
            producersWaiting = producersWaiting + 1; // volatile write before the offer below
            try {
                while (true) {
                    if (offer(element, operation)) { // throws once closed
                        return true;
                    }
                    if (timed) {
                        if (nanos <= 0) {
                            return false;
                        }
                        nanos = notFull.awaitNanos(nanos);
                    } else {
                        notFull.await();
                    }
                }
            } finally {
                producersWaiting = producersWaiting - 1;
            }
        } finally {
            lock.unlock();
        }
    }

    // ---- consumers that wait ----

    /**
     * Removes the oldest element, waiting for one as long as needed.
     *
     * @throws QueueClosedException once the queue is closed and empty
     * @throws InterruptedException if interrupted before or while parked
     */
    public E take() throws InterruptedException {
        E e = poll();
        if (e != null) {
            return e;
        }
        e = awaitElement(false, 0L);
        if (e == null) {
            throw new QueueClosedException(
                    name, "BlockingMpmcQueue '" + name + "' is closed and drained: take has nothing to return");
        }
        return e;
    }

    /**
     * Removes the oldest element, waiting up to {@code timeout} for one.
     *
     * @return {@code null} if the timeout elapsed, or at once if the queue is closed and empty
     * @throws InterruptedException if interrupted before or while parked
     */
    public E poll(long timeout, TimeUnit unit) throws InterruptedException {
        E e = poll();
        if (e != null) {
            return e;
        }
        long nanos = unit.toNanos(timeout);
        return nanos > 0 ? awaitElement(true, nanos) : null;
    }

    /** Spins, then parks on {@code notEmpty}; the element, or null when closed and empty or timed out. */
    private E awaitElement(boolean timed, long nanos) throws InterruptedException {
        for (int i = 0; i < SPINS; i++) {
            Thread.onSpinWait();
            boolean closed = queue.isClosed(); // before the poll: closed, then empty, means drained
            E e = poll();
            if (e != null || closed) {
                return e;
            }
        }
        lock.lockInterruptibly();
        try {
            consumersWaiting = consumersWaiting + 1; // volatile write before the poll below
            try {
                while (true) {
                    boolean closed = queue.isClosed();
                    E e = poll();
                    if (e != null || closed) {
                        return e;
                    }
                    if (timed) {
                        if (nanos <= 0) {
                            return null;
                        }
                        nanos = notEmpty.awaitNanos(nanos);
                    } else {
                        notEmpty.await();
                    }
                }
            } finally {
                consumersWaiting = consumersWaiting - 1;
            }
        } finally {
            lock.unlock();
        }
    }

    // ---- closing ----

    /**
     * Closes the queue and wakes every waiting thread: producers get {@link QueueClosedException},
     * consumers drain what remains. Idempotent. See the class overview.
     */
    @Override
    public void close() {
        if (queue.close()) {
            lock.lock();
            try {
                notEmpty.signalAll();
                notFull.signalAll();
            } finally {
                lock.unlock();
            }
        }
    }

    /** Whether {@link #close()} has been called. Closed and {@link #isEmpty()} means drained for good. */
    public boolean isClosed() {
        return queue.isClosed();
    }

    // ---- the rest of BoundedQueue ----

    @Override
    public int size() {
        return queue.size();
    }

    @Override
    public boolean isEmpty() {
        return queue.isEmpty();
    }

    @Override
    public int capacity() {
        return queue.capacity();
    }

    private void signalConsumerSlowPath() {
        lock.lock();
        try {
            notEmpty.signal();
        } finally {
            lock.unlock();
        }
    }

    private void signalProducerSlowPath() {
        lock.lock();
        try {
            notFull.signal();
        } finally {
            lock.unlock();
        }
    }

    private QueueClosedException closedException(String operation) {
        return new QueueClosedException(name, "BlockingMpmcQueue '" + name + "' is closed: " + operation + " rejected");
    }

    @Override
    public String toString() {
        return "BlockingMpmcQueue['" + name + "', capacity=" + capacity() + ", size=" + size()
                + (isClosed() ? ", closed" : "") + "]";
    }
}
