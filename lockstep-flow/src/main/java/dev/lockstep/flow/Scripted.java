package dev.lockstep.flow;

import dev.lockstep.core.Future;
import dev.lockstep.core.Promise;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A scripted result of one effect attempt in {@link ReqTest}: a value (bytes land through the
 * slot's codec), a failure, or an attempt that never completes (it times out under the effect's
 * timeout, or is cancelled when the join no longer needs it; {@link #cancellations()} counts how
 * often that happened).
 */
public final class Scripted {
    private enum Kind {
        VALUE,
        FAILURE,
        HANG
    }

    private final Kind kind;
    private final Object value;
    private final Throwable failure;
    private final AtomicInteger cancellations = new AtomicInteger();

    private Scripted(Kind kind, Object value, Throwable failure) {
        this.kind = kind;
        this.value = value;
        this.failure = failure;
    }

    /** The attempt succeeds with {@code value} (null: an empty slot). */
    public static Scripted value(Object value) {
        return new Scripted(Kind.VALUE, value, null);
    }

    /** The attempt fails with {@code failure}. */
    public static Scripted failure(Throwable failure) {
        return new Scripted(Kind.FAILURE, null, failure);
    }

    /** The attempt fails with a {@link FlowException} saying {@code message}. */
    public static Scripted failure(String message) {
        return failure(new FlowException(message));
    }

    /** The attempt never completes by itself. */
    public static Scripted hang() {
        return new Scripted(Kind.HANG, null, null);
    }

    /** How many attempts using this script were cancelled (timeouts and joins that no longer needed them). */
    public int cancellations() {
        return cancellations.get();
    }

    Future<?> start() {
        return switch (kind) {
            case VALUE -> Promise.completed(value);
            case FAILURE -> Promise.failed(failure);
            case HANG -> {
                Promise<Object> p = new Promise<>();
                p.onComplete((v, e) -> {
                    if (p.isCancelled()) {
                        cancellations.incrementAndGet();
                    }
                });
                yield p;
            }
        };
    }
}
