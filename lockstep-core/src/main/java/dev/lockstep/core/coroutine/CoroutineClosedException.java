package dev.lockstep.core.coroutine;

/**
 * Thrown by {@link Coroutine#yield()} inside a coroutine that is being closed: {@link
 * Coroutine#close()} resumes a suspended coroutine once more and its pending yield throws this, so
 * that {@code finally} blocks and try-with-resources run. Every later yield of that coroutine throws
 * it again at once: a closed coroutine never suspends. A body should let it propagate; one that
 * swallows it and returns normally ends {@link CoroutineState#DONE} all the same.
 */
public class CoroutineClosedException extends CoroutineException {
    private final String coroutine;

    public CoroutineClosedException(String coroutine) {
        super("coroutine '" + coroutine + "' was closed while suspended; its yield unwinds the body");
        this.coroutine = coroutine;
    }

    /** The name of the coroutine being closed. */
    public String coroutine() {
        return coroutine;
    }
}
