/**
 * Suite {@code io}: Lockstep's {@code lockstep io http-hello} and {@code lockstep io echo} servers
 * against Netty 4.2 (epoll and io_uring transports) and JDK virtual threads, each in its own
 * pinned JVM under wrk or {@link dev.lockstep.bench.io.EchoClient}. Not JMH-shaped: measured by
 * {@link dev.lockstep.bench.io.IoSuite}, an {@link dev.lockstep.bench.ExternalSuite}.
 */
package dev.lockstep.bench.io;
