package dev.lockstep.core.cancel;

import java.time.Duration;

/**
 * A cancellation scope for try-with-resources: everything started inside the scope with {@link
 * #token()} is cancelled when the scope closes, however it closes (normal end, exception, early
 * return). The scope is linked to an optional parent token, so cancelling the parent cancels the
 * scope; closing the scope cancels its token with reason {@value #CLOSED_REASON} and unlinks it
 * from the parent (the parent is never cancelled by the scope).
 *
 * <pre>{@code
 * try (var scope = ScopedCancellation.open(requestToken)) {
 *     Future<A> a = fetchA(scope.token());
 *     Future<B> b = fetchB(scope.token());
 *     return combine(a.await(), b.await());
 * } // a failure above leaves nothing running: closing cancelled the scope's token
 * }</pre>
 *
 * <p>Work that finished before the close is unaffected (its registrations were removed when it
 * completed, see {@link dev.lockstep.core.Future#cancelOn}). A thin wrapper over a linked {@link
 * CancellationSource}; all of its guarantees hold.
 */
public final class ScopedCancellation implements AutoCloseable {
    /** The reason the token carries when the scope closed before anything else cancelled it. */
    public static final String CLOSED_REASON = "scope closed";

    private final CancellationSource source;

    private ScopedCancellation(CancellationSource source) {
        this.source = source;
    }

    /** A scope with no parent. */
    public static ScopedCancellation open() {
        return new ScopedCancellation(new CancellationSource());
    }

    /** A scope cancelled when {@code parent} is (and when it closes). */
    public static ScopedCancellation open(CancellationToken parent) {
        return new ScopedCancellation(CancellationSource.linkedTo(parent));
    }

    /** The token to hand to work started in this scope. */
    public CancellationToken token() {
        return source.token();
    }

    /** Cancels the scope's work now, before it closes; returns whether this call decided it. */
    public boolean cancel(String reason) {
        return source.cancel(reason);
    }

    /** Cancels the scope's work after {@code delay} unless it closed first (see {@link CancellationSource#cancelAfter}). */
    public ScopedCancellation cancelAfter(Duration delay) {
        source.cancelAfter(delay);
        return this;
    }

    /** Whether the scope's token was cancelled (by the parent, a deadline, {@link #cancel} or closing). */
    public boolean isCancellationRequested() {
        return source.isCancellationRequested();
    }

    /** Cancels the scope's token with {@value #CLOSED_REASON} (unless cancelled already) and unlinks it. */
    @Override
    public void close() {
        source.cancel(CLOSED_REASON);
        source.close();
    }

    @Override
    public String toString() {
        return "ScopedCancellation[" + source.token() + "]";
    }
}
