package dev.lockstep.flow;

import dev.lockstep.core.Promise;
import dev.lockstep.io.IoRuntime;
import dev.lockstep.io.TaskHandle;
import dev.lockstep.io.TcpSocket;
import java.io.ByteArrayOutputStream;
import java.net.SocketAddress;
import java.time.Duration;

/**
 * TCP effects on lockstep-io: each attempt is a task spawned on an {@link IoRuntime} (whose loop
 * the application runs) that connects, sends the request bytes, and receives until the peer
 * closes or {@code maxReply} bytes arrived; the reply lands in the slot through its codec.
 * Cancelling the effect cancels the task's pending operation ({@link IoRuntime#cancel}); each
 * connect and receive also waits at most {@code ioTimeout}, which bounds the window where a
 * cancellation finds the task between two operations.
 */
public final class Tcp {
    private Tcp() {}

    /** Effect: one request-reply exchange with {@code address}. */
    public static <T> Effect<T> exchange(
            IoRuntime runtime,
            String effect,
            SocketAddress address,
            byte[] request,
            int maxReply,
            Duration ioTimeout,
            Slot<T> into) {
        byte[] req = request.clone();
        return new Effect<>(effect, "tcp", address.toString(), into, true, null, RetryPolicy.NONE, attempt -> {
            Promise<byte[]> p = new Promise<>();
            TaskHandle h = runtime.spawn(rt -> {
                try (TcpSocket s = TcpSocket.connect(address, ioTimeout)) {
                    if (p.isDone()) {
                        return;
                    }
                    s.sendAll(req, 0, req.length);
                    ByteArrayOutputStream out = new ByteArrayOutputStream();
                    byte[] buf = new byte[Math.min(8192, Math.max(1, maxReply))];
                    while (out.size() < maxReply && !p.isDone()) {
                        int n = s.recv(buf, 0, Math.min(buf.length, maxReply - out.size()), ioTimeout);
                        if (n <= 0) {
                            break;
                        }
                        out.write(buf, 0, n);
                    }
                    p.complete(out.toByteArray());
                } catch (Throwable t) {
                    p.fail(t);
                }
            });
            p.onComplete((v, e) -> {
                if (p.isCancelled()) {
                    runtime.cancel(h);
                }
            });
            return p;
        });
    }

    /** Effect: sends {@code bytes} to {@code address} and closes; succeeds once they are written. */
    public static Effect<Void> send(
            IoRuntime runtime, String effect, SocketAddress address, byte[] bytes, Duration ioTimeout) {
        byte[] data = bytes.clone();
        return new Effect<Void>(effect, "tcp.send", address.toString(), null, true, null, RetryPolicy.NONE, attempt -> {
            Promise<Void> p = new Promise<>();
            TaskHandle h = runtime.spawn(rt -> {
                try (TcpSocket s = TcpSocket.connect(address, ioTimeout)) {
                    s.sendAll(data, 0, data.length);
                    p.complete(null);
                } catch (Throwable t) {
                    p.fail(t);
                }
            });
            p.onComplete((v, e) -> {
                if (p.isCancelled()) {
                    runtime.cancel(h);
                }
            });
            return p;
        });
    }
}
