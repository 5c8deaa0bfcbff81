package dev.lockstep.io.internal.uring;

import dev.lockstep.core.LockstepException;

/**
 * A failed system call of the io_uring layer: names the call and carries the errno (positive) and
 * its symbolic name, e.g. {@code io_uring_setup(entries=64, flags=0x1100) failed: EPERM (errno 1)}.
 */
public final class UringException extends LockstepException {
    private final String call;
    private final int errno;

    public UringException(String call, int errno) {
        super(call + " failed: " + Errno.name(errno) + " (errno " + Math.abs(errno) + ")");
        this.call = call;
        this.errno = Math.abs(errno);
    }

    /** The call, with the arguments that identify it. */
    public String call() {
        return call;
    }

    /** The errno, positive. */
    public int errno() {
        return errno;
    }

    /** The errno's symbolic name (EPERM, ENOSYS, ...). */
    public String errnoName() {
        return Errno.name(errno);
    }
}
