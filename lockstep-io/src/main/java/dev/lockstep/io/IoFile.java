package dev.lockstep.io;

import dev.lockstep.io.internal.Backend;
import dev.lockstep.io.internal.IoTaskRecord;
import dev.lockstep.io.internal.OpenFlags;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Stream;

/**
 * A file opened by a task of a runtime; reads and writes at an offset suspend the task. On
 * io_uring, open, read, write, truncate, stat and close are native operations of the ring (the
 * file is a descriptor: {@code handle}); on the NIO backend (or for open options io_uring has no
 * flag for) each call runs on the runtime's bounded blocking pool, never on the loop ({@code ch}).
 * Static methods handle directories and whole trees (always on the pool). Every failure is an
 * {@link IoException} naming the path.
 */
public final class IoFile implements AutoCloseable {
    private final IoRuntime runtime;
    private final Path path;
    /** The backend's descriptor when the file is native, else null. */
    private final Object handle;
    /** The channel when the file is offloaded, else null. */
    private final FileChannel ch;

    private boolean closed;

    /** What {@link #stat()} reports. */
    public record Stat(long size, boolean directory, boolean regularFile, long modifiedMillis) {}

    private IoFile(IoRuntime runtime, Path path, Object handle, FileChannel ch) {
        this.runtime = runtime;
        this.path = path;
        this.handle = handle;
        this.ch = ch;
    }

    /** Opens an existing file for reading and writing. */
    public static IoFile open(Path path) {
        return open(path, EnumSet.of(StandardOpenOption.READ, StandardOpenOption.WRITE));
    }

    /** Creates the file (or truncates it) for reading and writing. */
    public static IoFile create(Path path) {
        return open(
                path,
                EnumSet.of(
                        StandardOpenOption.READ,
                        StandardOpenOption.WRITE,
                        StandardOpenOption.CREATE,
                        StandardOpenOption.TRUNCATE_EXISTING));
    }

    /** Opens with the given options. */
    public static IoFile open(Path path, Set<StandardOpenOption> options) {
        IoRuntime rt = IoRuntime.current();
        Objects.requireNonNull(path, "path");
        Backend be = rt.backend();
        int flags;
        if (be.nativeFiles() && (flags = OpenFlags.of(options)) >= 0) {
            IoTaskRecord r = rt.selfForIo();
            boolean now = be.openFile(r, path.toAbsolutePath().toString(), flags, OpenFlags.MODE);
            rt.await(r, now, null, "open " + path);
            Object h = r.value;
            r.value = null;
            return new IoFile(rt, path, h, null);
        }
        FileChannel ch = rt.offload("open " + path, () -> FileChannel.open(path, options));
        return new IoFile(rt, path, null, ch);
    }

    /** Reads up to {@code len} bytes at {@code position}; returns the count, 0 at end of file. */
    public int read(byte[] buf, int off, int len, long position) {
        check();
        Objects.checkFromIndexSize(off, len, buf.length);
        if (handle != null) {
            IoTaskRecord r = runtime.selfForIo();
            boolean now = runtime.backend().readFile(r, handle, buf, off, len, position);
            return (int) runtime.await(r, now, null, "read " + path + " at " + position);
        }
        int n = runtime.offload(
                "read " + path + " at " + position, () -> ch.read(ByteBuffer.wrap(buf, off, len), position));
        return Math.max(n, 0);
    }

    /** Writes all of {@code buf[off, off + len)} at {@code position}. */
    public void write(byte[] buf, int off, int len, long position) {
        check();
        Objects.checkFromIndexSize(off, len, buf.length);
        if (handle != null) {
            writeNative(buf, off, len, position);
            return;
        }
        runtime.offload("write " + path + " at " + position, () -> {
            ByteBuffer b = ByteBuffer.wrap(buf, off, len);
            long p = position;
            while (b.hasRemaining()) {
                p += ch.write(b, p);
            }
            return len;
        });
    }

    private void writeNative(byte[] buf, int off, int len, long position) {
        int done = 0;
        while (done < len) {
            IoTaskRecord r = runtime.selfForIo();
            boolean now = runtime.backend().writeFile(r, handle, buf, off + done, len - done, position + done);
            done += (int) runtime.await(r, now, null, "write " + path + " at " + (position + done));
        }
    }

    /** The whole file. */
    public byte[] readAll() {
        check();
        if (handle != null) {
            return readAllNative();
        }
        return runtime.offload("readAll " + path, () -> {
            long size = ch.size();
            if (size > Integer.MAX_VALUE - 8) {
                throw new IOException(path + " is too large to read into one array (" + size + " bytes)");
            }
            ByteBuffer b = ByteBuffer.allocate((int) size);
            long p = 0;
            while (b.hasRemaining()) {
                int n = ch.read(b, p);
                if (n < 0) {
                    break;
                }
                p += n;
            }
            return b.flip().remaining() == b.capacity() ? b.array() : java.util.Arrays.copyOf(b.array(), b.limit());
        });
    }

    private byte[] readAllNative() {
        long size = stat().size();
        if (size > Integer.MAX_VALUE - 8) {
            throw new IoException(
                    IoError.INVALID_ARGUMENT, path + " is too large to read into one array (" + size + " bytes)");
        }
        byte[] b = new byte[(int) size];
        int n = 0;
        while (true) {
            if (n == b.length) {
                if (b.length > 0 && read(new byte[1], 0, 1, n) == 0) {
                    return b; // the common case: exactly the size stat reported
                }
                b = java.util.Arrays.copyOf(b, Math.max(8192, b.length * 2)); // it grew meanwhile
                continue;
            }
            int k = read(b, n, b.length - n, n);
            if (k == 0) {
                return java.util.Arrays.copyOf(b, n);
            }
            n += k;
        }
    }

    /** Replaces the file's content with {@code data}. */
    public void writeAll(byte[] data) {
        check();
        if (handle != null) {
            IoTaskRecord r = runtime.selfForIo();
            boolean now = runtime.backend().truncateFile(r, handle, 0);
            runtime.await(r, now, null, "truncate " + path);
            writeNative(data, 0, data.length, 0);
            return;
        }
        runtime.offload("writeAll " + path, () -> {
            ch.truncate(0);
            ByteBuffer b = ByteBuffer.wrap(data);
            long p = 0;
            while (b.hasRemaining()) {
                p += ch.write(b, p);
            }
            return data.length;
        });
    }

    /** Size and kind. */
    public Stat stat() {
        check();
        return stat(path);
    }

    /** Size and kind of {@code path}. */
    public static Stat stat(Path path) {
        IoRuntime rt = IoRuntime.current();
        if (rt.backend().nativeFiles()) {
            IoTaskRecord r = rt.selfForIo();
            boolean now = rt.backend().statFile(r, path.toAbsolutePath().toString());
            rt.await(r, now, null, "stat " + path);
            Stat st = (Stat) r.value;
            r.value = null;
            return st;
        }
        return rt.offload("stat " + path, () -> {
            BasicFileAttributes a = Files.readAttributes(path, BasicFileAttributes.class);
            return new Stat(
                    a.size(),
                    a.isDirectory(),
                    a.isRegularFile(),
                    a.lastModifiedTime().toMillis());
        });
    }

    /** Creates a directory (its parent must exist). */
    public static void createDirectory(Path dir) {
        IoRuntime.current().offload("create directory " + dir, () -> Files.createDirectory(dir));
    }

    /** Deletes a file or an empty directory. */
    public static void delete(Path path) {
        IoRuntime.current().offload("delete " + path, () -> {
            Files.delete(path);
            return path;
        });
    }

    /** Deletes a directory and everything in it (or a single file). */
    public static void deleteTree(Path root) {
        IoRuntime.current().offload("delete tree " + root, () -> {
            try (Stream<Path> walk = Files.walk(root)) {
                for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
            return root;
        });
    }

    private void check() {
        if (closed) {
            throw new IoException(IoError.CLOSED, "file " + path + " is closed");
        }
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            if (handle != null) {
                IoTaskRecord r = runtime.selfForIo();
                boolean now = runtime.backend().closeFile(r, handle);
                runtime.await(r, now, null, "close " + path);
                return;
            }
            runtime.offload("close " + path, () -> {
                ch.close();
                return path;
            });
        }
    }
}
