package dev.lockstep.flow.http.internal;

import dev.lockstep.io.TcpSocket;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;

/**
 * The idle keep-alive connections of one client on one I/O runtime, by "host:port". Used only by
 * tasks of that runtime, so only by its loop thread: plain collections, no locks. A connection is
 * here only while no exchange uses it; {@link #take} hands it to one exchange, {@link #give} takes
 * it back after a complete response. At most {@code maxIdle} per key; a surplus one is closed.
 */
public final class ConnectionPool {
    private final Map<String, ArrayDeque<TcpSocket>> idle = new HashMap<>();
    private final int maxIdle;
    private boolean closed;

    public ConnectionPool(int maxIdle) {
        this.maxIdle = maxIdle;
    }

    /** An idle connection to {@code key}, most recently used first, or null. */
    public TcpSocket take(String key) {
        ArrayDeque<TcpSocket> q = idle.get(key);
        return q == null ? null : q.pollFirst();
    }

    /** Returns a connection after a complete keep-alive exchange. */
    public void give(String key, TcpSocket socket) {
        if (closed) {
            socket.close();
            return;
        }
        ArrayDeque<TcpSocket> q = idle.computeIfAbsent(key, k -> new ArrayDeque<>());
        if (q.size() >= maxIdle) {
            socket.close();
        } else {
            q.addFirst(socket);
        }
    }

    /** Idle connections to {@code key} now. */
    public int idleCount(String key) {
        ArrayDeque<TcpSocket> q = idle.get(key);
        return q == null ? 0 : q.size();
    }

    /** Closes every idle connection; later {@link #give}s close theirs. */
    public void close() {
        closed = true;
        for (ArrayDeque<TcpSocket> q : idle.values()) {
            for (TcpSocket s : q) {
                s.close();
            }
        }
        idle.clear();
    }
}
