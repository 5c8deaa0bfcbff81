package dev.lockstep.io;

/**
 * Bytes read in order, suspending the calling task while none are ready: a {@link TcpSocket}, a
 * file from a position ({@link IoStreams#from(IoFile, long)}) or an {@code InputStream} ({@link
 * IoStreams#from(java.io.InputStream)}). For {@link IoStreams#copy}.
 */
@FunctionalInterface
public interface ByteSource {
    /** Reads at least one byte into {@code buf[off, off + len)}; returns the count, 0 at the end. */
    int read(byte[] buf, int off, int len);
}
