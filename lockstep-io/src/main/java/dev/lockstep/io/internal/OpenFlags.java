package dev.lockstep.io.internal;

import java.nio.file.OpenOption;
import java.nio.file.StandardOpenOption;
import java.util.Set;

/** open(2) flags for a set of {@link StandardOpenOption}s, as FileChannel.open reads them. */
public final class OpenFlags {
    static final int O_RDONLY = 0;
    static final int O_WRONLY = 1;
    static final int O_RDWR = 2;
    static final int O_CREAT = 0x40;
    static final int O_EXCL = 0x80;
    static final int O_TRUNC = 0x200;
    static final int O_APPEND = 0x400;
    static final int O_DSYNC = 0x1000;
    static final int O_SYNC = 0x101000;
    static final int O_CLOEXEC = 0x80000;
    /** rw-rw-rw- before the umask, as FileChannel.open creates files. */
    public static final int MODE = 0666;

    private OpenFlags() {}

    /**
     * The flags for {@code options}, or -1 when an option has no native equivalent here
     * (DELETE_ON_CLOSE, SPARSE, a LinkOption): the caller then opens the file the blocking way.
     */
    public static int of(Set<? extends OpenOption> options) {
        boolean append = options.contains(StandardOpenOption.APPEND);
        boolean write = append || options.contains(StandardOpenOption.WRITE);
        boolean read = options.contains(StandardOpenOption.READ) || !write;
        if (append
                && (options.contains(StandardOpenOption.READ)
                        || options.contains(StandardOpenOption.TRUNCATE_EXISTING))) {
            return -1; // FileChannel.open reports these combinations itself
        }
        int flags = O_CLOEXEC | (read && write ? O_RDWR : write ? O_WRONLY : O_RDONLY);
        for (OpenOption o : options) {
            if (!(o instanceof StandardOpenOption so)) {
                return -1;
            }
            switch (so) {
                case READ, WRITE -> {}
                case APPEND -> flags |= O_APPEND;
                case CREATE -> flags |= write ? O_CREAT : 0; // as FileChannel: ignored when only reading
                case CREATE_NEW -> flags |= write ? O_CREAT | O_EXCL : 0;
                case TRUNCATE_EXISTING -> flags |= write && !append ? O_TRUNC : 0;
                case DSYNC -> flags |= O_DSYNC;
                case SYNC -> flags |= O_SYNC;
                default -> {
                    return -1; // DELETE_ON_CLOSE, SPARSE
                }
            }
        }
        return flags;
    }
}
