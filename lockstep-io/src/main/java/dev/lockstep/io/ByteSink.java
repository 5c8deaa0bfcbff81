package dev.lockstep.io;

/**
 * Where bytes are written in order, suspending the calling task until they are taken: a {@link
 * TcpSocket}, a file from a position ({@link IoStreams#to(IoFile, long)}) or an {@code
 * OutputStream} ({@link IoStreams#to(java.io.OutputStream)}). For {@link IoStreams#copy}.
 */
@FunctionalInterface
public interface ByteSink {
    /** Writes all of {@code buf[off, off + len)}. */
    void writeAll(byte[] buf, int off, int len);
}
