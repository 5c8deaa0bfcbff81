package dev.lockstep.bench.flow;

/**
 * What every flow-suite server shares: the answers of the routes and how {@code /need3} calls the
 * backend. Ours ({@link FlowSuite#OURS_MAIN}) is held to the same.
 */
public final class FlowPeers {
    private FlowPeers() {}

    /** The body of {@code GET /hello}. */
    public static final String HELLO = "Hello, World!";

    /** Backend calls of one {@code /need3}, made in parallel. */
    public static final int CALLS = 3;

    /** The body of {@code GET /need3}: the backend's body {@link #CALLS} times. */
    public static final String NEED3 = FlowBackend.BODY.repeat(CALLS);

    /**
     * Keep-alive connections each server's HTTP client may keep to the backend: above the 600 calls
     * in flight at 200 wrk connections, so no call waits for, or opens, a connection in steady state.
     */
    public static final int CLIENT_CONNECTIONS = 1024;
}
