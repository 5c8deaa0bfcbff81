package dev.lockstep.io;

import java.io.InputStream;
import java.io.OutputStream;
import java.util.Objects;

/**
 * Copying a stream of bytes to a socket or a file, inside a task: {@code copy(from, to)} reads a
 * chunk from the source and writes it whole to the sink until the source ends. Sources and sinks
 * are sockets, files from a position, and {@code java.io} streams, whose blocking calls run on the
 * runtime's blocking pool (never on the loop).
 *
 * <pre>{@code
 * try (IoFile f = IoFile.open(path)) {
 *     IoStreams.copy(IoStreams.from(f, 0), socket);    // send a file
 * }
 * IoStreams.copy(IoStreams.from(System.in), socket); // a java.io stream to a socket
 * }</pre>
 */
public final class IoStreams {
    /** The chunk size of {@link #copy(ByteSource, ByteSink)}. */
    public static final int CHUNK = 64 * 1024;

    private IoStreams() {}

    /** Copies everything {@code from} gives to {@code to}; returns the byte count. */
    public static long copy(ByteSource from, ByteSink to) {
        return copy(from, to, new byte[CHUNK]);
    }

    /** As {@link #copy(ByteSource, ByteSink)}, through {@code buffer} (its whole length per chunk). */
    public static long copy(ByteSource from, ByteSink to, byte[] buffer) {
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        if (buffer.length == 0) {
            throw new IllegalArgumentException("copy needs a buffer of at least one byte");
        }
        long total = 0;
        int n;
        while ((n = from.read(buffer, 0, buffer.length)) > 0) {
            to.writeAll(buffer, 0, n);
            total += n;
        }
        return total;
    }

    /** The bytes of {@code file} from {@code position} to its end. */
    public static ByteSource from(IoFile file, long position) {
        Objects.requireNonNull(file, "file");
        long[] at = {checkPosition(position)};
        return (buf, off, len) -> {
            int n = file.read(buf, off, len, at[0]);
            at[0] += n;
            return n;
        };
    }

    /** Writes into {@code file} from {@code position} on. */
    public static ByteSink to(IoFile file, long position) {
        Objects.requireNonNull(file, "file");
        long[] at = {checkPosition(position)};
        return (buf, off, len) -> {
            file.write(buf, off, len, at[0]);
            at[0] += len;
        };
    }

    /** A {@code java.io} stream; each read runs on the runtime's blocking pool. */
    public static ByteSource from(InputStream in) {
        Objects.requireNonNull(in, "in");
        IoRuntime rt = IoRuntime.current();
        return (buf, off, len) -> {
            int n = rt.offload("read from " + in, () -> in.read(buf, off, len));
            return Math.max(n, 0); // -1 (end of stream) is 0 bytes
        };
    }

    /** A {@code java.io} stream; each write runs on the runtime's blocking pool. */
    public static ByteSink to(OutputStream out) {
        Objects.requireNonNull(out, "out");
        IoRuntime rt = IoRuntime.current();
        return (buf, off, len) -> rt.offload("write to " + out, () -> {
            out.write(buf, off, len);
            return len;
        });
    }

    private static long checkPosition(long position) {
        if (position < 0) {
            throw new IllegalArgumentException("a file position must be >= 0, got " + position);
        }
        return position;
    }
}
