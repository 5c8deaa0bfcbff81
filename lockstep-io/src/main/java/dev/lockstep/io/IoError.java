package dev.lockstep.io;

/** What an I/O operation failed with, mapped from the operating system's errno (or NIO's exceptions). */
public enum IoError {
    CLOSED,
    CONNECTION_RESET,
    CONNECTION_REFUSED,
    BROKEN_PIPE,
    TIMED_OUT,
    CANCELLED,
    NOT_FOUND,
    ALREADY_EXISTS,
    PERMISSION_DENIED,
    ADDRESS_IN_USE,
    NOT_A_DIRECTORY,
    IS_A_DIRECTORY,
    NOT_EMPTY,
    INVALID_ARGUMENT,
    MESSAGE_TOO_LONG,
    OTHER;

    /** The kind of a Linux errno value (positive, as errno holds it). */
    public static IoError fromErrno(int errno) {
        return switch (errno) {
            case 9 -> CLOSED; // EBADF
            case 104 -> CONNECTION_RESET; // ECONNRESET
            case 111 -> CONNECTION_REFUSED; // ECONNREFUSED
            case 32 -> BROKEN_PIPE; // EPIPE
            case 110, 62 -> TIMED_OUT; // ETIMEDOUT, ETIME
            case 125 -> CANCELLED; // ECANCELED
            case 2 -> NOT_FOUND; // ENOENT
            case 17 -> ALREADY_EXISTS; // EEXIST
            case 1, 13 -> PERMISSION_DENIED; // EPERM, EACCES
            case 98 -> ADDRESS_IN_USE; // EADDRINUSE
            case 20 -> NOT_A_DIRECTORY; // ENOTDIR
            case 21 -> IS_A_DIRECTORY; // EISDIR
            case 39 -> NOT_EMPTY; // ENOTEMPTY
            case 22 -> INVALID_ARGUMENT; // EINVAL
            case 90 -> MESSAGE_TOO_LONG; // EMSGSIZE
            default -> OTHER;
        };
    }
}
