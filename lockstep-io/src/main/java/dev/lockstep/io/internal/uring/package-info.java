/**
 * A low-level io_uring binding in pure Java through the FFM API (no JNI, no native library
 * shipped): {@link dev.lockstep.io.internal.uring.Syscalls} (downcalls with errno captured per
 * call), {@link dev.lockstep.io.internal.uring.Ring} (setup, the mapped SQ and CQ rings, batched
 * submission, reaping, probing, eventfd wake-ups), {@link dev.lockstep.io.internal.uring.Sqe}
 * (preparation of submission entries for each opcode), {@link dev.lockstep.io.internal.uring.Op}
 * (opcodes and the probed capability set) and {@link dev.lockstep.io.internal.uring.Errno}.
 *
 * <p>Layouts and constants follow Linux's uapi header {@code linux/io_uring.h}. Every result that
 * can fail follows the kernel's convention: a negative value is {@code -errno}.
 *
 * <p>Buffer invariant: every {@code MemorySegment} whose address goes into a submission entry (data
 * buffers, socket addresses, timespecs, paths, statx buffers, msghdrs) must stay alive and unmoved
 * until the completion of that entry has been reaped. The kernel reads and writes it
 * asynchronously; freeing it earlier is a use-after-free in the kernel's view.
 */
package dev.lockstep.io.internal.uring;
