package dev.lockstep.core.coroutine;

/**
 * Where a {@link Coroutine} is in its life:
 *
 * <pre>
 *            resume()               yield()
 *   NEW ───────────────► RUNNING ◄─────────► SUSPENDED
 *    │                    │   │    resume()      │
 *    │ close()            │   │ body threw       │ close(): pending yield throws
 *    ▼          body ended│   ▼                  │ CoroutineClosedException
 *   DONE ◄────────────────┘  FAILED              ▼
 *                                         RUNNING (unwinding) ─► DONE or FAILED
 * </pre>
 *
 * DONE and FAILED are final. Only NEW and SUSPENDED coroutines can be resumed.
 */
public enum CoroutineState {
    /** Created, never resumed: its body has not started. */
    NEW,
    /** Stopped at a {@link Coroutine#yield()}; {@link Coroutine#resume()} continues it. */
    SUSPENDED,
    /** Its body is running, on the thread that called {@link Coroutine#resume()}. */
    RUNNING,
    /** Its body returned (or was closed). Final. */
    DONE,
    /** Its body threw; {@link Coroutine#failure()} has the exception. Final. */
    FAILED;

    private static final CoroutineState[] BY_ORDINAL = values();

    static CoroutineState of(int ordinal) {
        return BY_ORDINAL[ordinal];
    }
}
