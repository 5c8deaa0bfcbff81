package dev.lockstep.io.internal.uring;

import java.util.EnumSet;
import java.util.Set;

/**
 * io_uring opcodes (enum io_uring_op in {@code linux/io_uring.h}) that this layer knows. The code
 * is the value written to {@code sqe->opcode}; the set a kernel supports comes from {@link
 * Ring#probe()} ({@code IORING_REGISTER_PROBE}). Constants are immutable; {@link #fromCode} is a
 * pure lookup.
 */
public enum Op {
    NOP(0),
    READV(1),
    WRITEV(2),
    FSYNC(3),
    POLL_ADD(6),
    POLL_REMOVE(7),
    SENDMSG(9),
    RECVMSG(10),
    TIMEOUT(11),
    TIMEOUT_REMOVE(12),
    ACCEPT(13),
    ASYNC_CANCEL(14),
    LINK_TIMEOUT(15),
    CONNECT(16),
    FALLOCATE(17),
    OPENAT(18),
    CLOSE(19),
    STATX(21),
    READ(22),
    WRITE(23),
    SEND(26),
    RECV(27),
    OPENAT2(28),
    SPLICE(30),
    SHUTDOWN(34),
    RENAMEAT(35),
    UNLINKAT(36),
    MKDIRAT(37),
    SOCKET(45),
    SEND_ZC(47),
    FTRUNCATE(55),
    BIND(56),
    LISTEN(57);

    private static final Op[] BY_CODE = new Op[256];

    static {
        for (Op op : values()) {
            BY_CODE[op.code] = op;
        }
    }

    /** The opcode byte. */
    public final int code;

    Op(int code) {
        this.code = code;
    }

    /** The constant for {@code code}, or null when this layer does not know the opcode. */
    public static Op fromCode(int code) {
        return code >= 0 && code < BY_CODE.length ? BY_CODE[code] : null;
    }

    /** An empty, modifiable capability set. */
    public static Set<Op> none() {
        return EnumSet.noneOf(Op.class);
    }
}
