package dev.lockstep.io;

/**
 * An operation a runtime's backend does natively, that is without a blocking thread: {@link
 * IoRuntime#capabilities()} lists them. What is not listed still works, on the runtime's small
 * blocking pool (files and directories on NIO, directories everywhere).
 */
public enum IoCapability {
    /** {@code TcpListener.accept} (TCP and Unix domain stream sockets alike, as all TCP_ entries). */
    TCP_ACCEPT,
    /** {@code TcpSocket.connect}. */
    TCP_CONNECT,
    /** {@code TcpSocket.recv}. */
    TCP_RECV,
    /** {@code TcpSocket.send}. */
    TCP_SEND,
    /** {@code UdpSocket.sendTo}. */
    UDP_SEND,
    /** {@code UdpSocket.receiveFrom}. */
    UDP_RECEIVE,
    /** Cancelling a pending operation (what operation timeouts use). */
    CANCEL,
    /** {@code IoFile.open}, {@code create}. */
    FILE_OPEN,
    /** {@code IoFile.read}, {@code readAll}. */
    FILE_READ,
    /** {@code IoFile.write}. */
    FILE_WRITE,
    /** {@code IoFile.writeAll}'s truncation. */
    FILE_TRUNCATE,
    /** {@code IoFile.stat}. */
    FILE_STAT,
    /** {@code IoFile.close}. */
    FILE_CLOSE,
    /** {@code createDirectory}, {@code delete}, {@code deleteTree}: offloaded on every backend today. */
    DIRECTORIES
}
