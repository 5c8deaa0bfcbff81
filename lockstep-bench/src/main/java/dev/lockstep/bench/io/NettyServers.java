package dev.lockstep.bench.io;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.uring.IoUring;
import io.netty.channel.uring.IoUringIoHandler;
import io.netty.channel.uring.IoUringServerSocketChannel;
import java.net.InetSocketAddress;
import java.util.function.Consumer;

/**
 * What the Netty peers share: the transport (epoll or io_uring, Netty's native Linux transports),
 * one event loop thread (the server is pinned to one core), the listen backlog of Lockstep's
 * servers, and the start-up line the io suite reads ({@code listening on HOST:PORT}), printed in
 * the same shape as {@code lockstep io}'s. A transport Netty cannot load here ends the process with
 * exit code 2 and Netty's reason on standard error.
 */
final class NettyServers {
    private NettyServers() {}

    /** The same backlog as Lockstep's servers ({@code IoServer.BACKLOG}). */
    static final int BACKLOG = 4096;

    /** Binds {@code 127.0.0.1:port} on {@code transport}, prints the line, serves until killed. */
    static void serve(String name, String transport, int port, Consumer<SocketChannel> pipeline)
            throws InterruptedException {
        IoHandlerFactory factory;
        Class<? extends ServerChannel> channel;
        switch (transport) {
            case "epoll" -> {
                if (!Epoll.isAvailable()) {
                    unavailable(name, transport, Epoll.unavailabilityCause());
                }
                factory = EpollIoHandler.newFactory();
                channel = EpollServerSocketChannel.class;
            }
            case "io_uring" -> {
                if (!IoUring.isAvailable()) {
                    unavailable(name, transport, IoUring.unavailabilityCause());
                }
                factory = IoUringIoHandler.newFactory();
                channel = IoUringServerSocketChannel.class;
            }
            default -> throw new IllegalArgumentException("transport must be epoll or io_uring, not " + transport);
        }
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, factory);
        try {
            Channel server = new ServerBootstrap()
                    .group(group)
                    .channel(channel)
                    .option(ChannelOption.SO_BACKLOG, BACKLOG)
                    .option(ChannelOption.SO_REUSEADDR, true)
                    .childOption(ChannelOption.TCP_NODELAY, true)
                    .childHandler(new ChannelInitializer<SocketChannel>() {
                        @Override
                        protected void initChannel(SocketChannel ch) {
                            pipeline.accept(ch);
                        }
                    })
                    .bind(new InetSocketAddress("127.0.0.1", port))
                    .sync()
                    .channel();
            InetSocketAddress at = (InetSocketAddress) server.localAddress();
            System.out.println(name + ": listening on " + at.getHostString() + ":" + at.getPort() + " (Netty "
                    + transport + ", 1 event loop)");
            System.out.flush();
            server.closeFuture().sync();
        } finally {
            group.shutdownGracefully();
        }
    }

    private static void unavailable(String name, String transport, Throwable cause) {
        System.err.println(name + ": Netty's " + transport + " transport is unavailable here: " + cause);
        System.exit(2);
    }
}
