package dev.lockstep.io.internal;

import dev.lockstep.io.IoError;
import dev.lockstep.io.IoException;
import java.io.IOException;
import java.net.BindException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.nio.channels.ClosedChannelException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.util.Locale;

/**
 * Errno values for NIO's exceptions (the NIO backend reports results as -errno, like io_uring),
 * and the typed {@link IoException} for a failed operation.
 */
public final class Errors {
    private Errors() {}

    /** The errno an NIO exception stands for (EIO when it says nothing more precise). */
    public static int errno(IOException e) {
        if (e instanceof ClosedChannelException) {
            return 9; // EBADF
        }
        if (e instanceof ConnectException) {
            return 111; // ECONNREFUSED
        }
        if (e instanceof BindException) {
            return 98; // EADDRINUSE
        }
        if (e instanceof SocketTimeoutException) {
            return 110; // ETIMEDOUT
        }
        if (e instanceof NoRouteToHostException) {
            return 113; // EHOSTUNREACH
        }
        if (e instanceof NoSuchFileException) {
            return 2;
        }
        if (e instanceof FileAlreadyExistsException) {
            return 17;
        }
        if (e instanceof AccessDeniedException) {
            return 13;
        }
        if (e instanceof DirectoryNotEmptyException) {
            return 39;
        }
        if (e instanceof NotDirectoryException) {
            return 20;
        }
        String m = e.getMessage() == null ? "" : e.getMessage().toLowerCase(Locale.ROOT);
        if (m.contains("connection reset")) {
            return 104;
        }
        if (m.contains("broken pipe")) {
            return 32;
        }
        if (m.contains("connection refused")) {
            return 111;
        }
        if (m.contains("address already in use")) {
            return 98;
        }
        if (m.contains("no such file")) {
            return 2; // ENOENT (a Unix domain socket path that does not exist)
        }
        if (m.contains("permission denied")) {
            return 13;
        }
        if (m.contains("message too long")) {
            return 90; // EMSGSIZE
        }
        return 5; // EIO
    }

    /** The exception for {@code what} failing with {@code errno} (positive). */
    public static IoException exception(String what, int errno, Throwable cause) {
        IoError kind = IoError.fromErrno(errno);
        String msg =
                what + " failed: " + kind.name().toLowerCase(Locale.ROOT).replace('_', ' ') + " (errno " + errno + ")";
        return cause == null ? new IoException(kind, msg) : new IoException(kind, msg, cause);
    }
}
