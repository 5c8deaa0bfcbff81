package dev.lockstep.bench.io;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;

/**
 * Peer of {@code lockstep io echo}: Netty 4.2's echo server as in Netty's examples (write each
 * read buffer back, flush once per read batch), on the epoll transport, one event loop.
 *
 * <p>{@code java ... NettyEcho [epoll|io_uring] [PORT]}.
 */
public final class NettyEcho {
    private NettyEcho() {}

    public static void main(String[] args) throws InterruptedException {
        String transport = args.length > 0 ? args[0] : "epoll";
        int port = args.length > 1 ? Integer.parseInt(args[1]) : 0;
        NettyServers.serve("netty-echo", transport, port, ch -> ch.pipeline().addLast(new Handler()));
    }

    static final class Handler extends ChannelInboundHandlerAdapter {
        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ctx.write(msg, ctx.voidPromise());
        }

        @Override
        public void channelReadComplete(ChannelHandlerContext ctx) {
            ctx.flush();
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close();
        }
    }
}
