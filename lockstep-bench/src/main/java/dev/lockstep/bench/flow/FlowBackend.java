package dev.lockstep.bench.flow;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The slow backend of {@code /need3}: {@code GET /slow} answers 200 {@value #BODY} (text/plain,
 * keep-alive) {@link #DELAY_MILLIS} ms after the request arrived, by a timer on its one Netty
 * event loop (epoll where Netty's native transport loads, NIO otherwise), never by sleeping; every
 * other path gets 404. In the suite it runs in its own JVM pinned to the load's CPU, beside wrk:
 * the measured server keeps its core to itself (docs/flow-bench.md).
 *
 * <p>For tests, a <em>join barrier</em> instead of the delay: with {@code barrier = n > 0}, a
 * request is held until {@code n} requests are waiting, then all of them are answered at once; a
 * request still held after {@link #BARRIER_TIMEOUT_MILLIS} ms gets 504. A server that sends its
 * three calls one after another therefore gets 504s, one that sends them in parallel gets three
 * 200s, whatever the machine's speed.
 *
 * <p>{@code java ... FlowBackend --port P [--delay-ms D]} prints {@code listening on HOST:PORT}.
 */
public final class FlowBackend implements AutoCloseable {
    /** What {@code /slow} answers. */
    public static final String BODY = "slow";

    /** How long {@code /slow} takes, as the issue says. */
    public static final int DELAY_MILLIS = 5;

    static final long BARRIER_TIMEOUT_MILLIS = 10_000;

    private final EventLoopGroup group;
    private final Channel server;
    private final AtomicLong served;

    private FlowBackend(EventLoopGroup group, Channel server, AtomicLong served) {
        this.group = group;
        this.server = server;
        this.served = served;
    }

    public static void main(String[] args) throws InterruptedException {
        int port = 0;
        int delay = DELAY_MILLIS;
        for (int i = 0; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--port" -> port = Integer.parseInt(args[i + 1]);
                case "--delay-ms" -> delay = Integer.parseInt(args[i + 1]);
                default -> throw new IllegalArgumentException("unknown option " + args[i] + " (--port, --delay-ms)");
            }
        }
        FlowBackend b = start(port, delay, 0);
        System.out.println("flow-backend: listening on 127.0.0.1:" + b.port() + " (GET /slow after " + delay
                + " ms, Netty " + (Epoll.isAvailable() ? "epoll" : "nio") + ", 1 event loop)");
        System.out.flush();
        b.server.closeFuture().sync();
    }

    /**
     * Starts a backend on {@code 127.0.0.1:port} (0: any free port).
     *
     * @param delayMillis how long {@code /slow} waits (ignored with a barrier)
     * @param barrier 0, or how many requests must wait before all are answered (tests)
     */
    public static FlowBackend start(int port, int delayMillis, int barrier) throws InterruptedException {
        IoHandlerFactory factory;
        Class<? extends ServerChannel> channel;
        if (Epoll.isAvailable()) {
            factory = EpollIoHandler.newFactory();
            channel = EpollServerSocketChannel.class;
        } else {
            factory = NioIoHandler.newFactory();
            channel = NioServerSocketChannel.class;
        }
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, factory);
        AtomicLong served = new AtomicLong();
        List<Held> held = new ArrayList<>(); // touched only on the one event loop
        try {
            Channel server = new ServerBootstrap()
                    .group(group)
                    .channel(channel)
                    .option(ChannelOption.SO_BACKLOG, 4096)
                    .option(ChannelOption.SO_REUSEADDR, true)
                    .childOption(ChannelOption.TCP_NODELAY, true)
                    .childHandler(new ChannelInitializer<SocketChannel>() {
                        @Override
                        protected void initChannel(SocketChannel ch) {
                            ch.pipeline()
                                    .addLast(new HttpServerCodec())
                                    .addLast(new HttpObjectAggregator(64 * 1024))
                                    .addLast(new Slow(delayMillis, barrier, held, served));
                        }
                    })
                    .bind(new InetSocketAddress("127.0.0.1", port))
                    .sync()
                    .channel();
            return new FlowBackend(group, server, served);
        } catch (InterruptedException | RuntimeException e) {
            group.shutdownGracefully();
            throw e;
        }
    }

    /** The port it listens on. */
    public int port() {
        return ((InetSocketAddress) server.localAddress()).getPort();
    }

    /** {@code /slow} requests answered with 200 so far. */
    public long served() {
        return served.get();
    }

    @Override
    public void close() {
        server.close().syncUninterruptibly();
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

    private record Held(ChannelHandlerContext ctx, boolean keepAlive) {}

    private static final class Slow extends SimpleChannelInboundHandler<FullHttpRequest> {
        private final int delayMillis;
        private final int barrier;
        private final List<Held> held;
        private final AtomicLong served;

        Slow(int delayMillis, int barrier, List<Held> held, AtomicLong served) {
            this.delayMillis = delayMillis;
            this.barrier = barrier;
            this.held = held;
            this.served = served;
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
            boolean keepAlive = HttpUtil.isKeepAlive(request);
            if (!request.method().equals(HttpMethod.GET) || !request.uri().equals("/slow")) {
                respond(ctx, HttpResponseStatus.NOT_FOUND, "no such route: " + request.uri(), keepAlive);
                return;
            }
            if (barrier <= 0) {
                ctx.executor()
                        .schedule(() -> ok(ctx, keepAlive), delayMillis, TimeUnit.MILLISECONDS); // a timer, no sleep
                return;
            }
            Held h = new Held(ctx, keepAlive);
            held.add(h);
            if (held.size() >= barrier) {
                List<Held> all = new ArrayList<>(held);
                held.clear();
                all.forEach(x -> ok(x.ctx(), x.keepAlive()));
            } else {
                ctx.executor()
                        .schedule(
                                () -> {
                                    if (held.remove(h)) {
                                        respond(
                                                ctx,
                                                HttpResponseStatus.GATEWAY_TIMEOUT,
                                                "the join barrier of " + barrier + " was not reached",
                                                keepAlive);
                                    }
                                },
                                BARRIER_TIMEOUT_MILLIS,
                                TimeUnit.MILLISECONDS);
            }
        }

        private void ok(ChannelHandlerContext ctx, boolean keepAlive) {
            served.incrementAndGet();
            respond(ctx, HttpResponseStatus.OK, BODY, keepAlive);
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close(); // a client that reset its connection
        }
    }

    private static void respond(ChannelHandlerContext ctx, HttpResponseStatus status, String body, boolean keepAlive) {
        FullHttpResponse r = new DefaultFullHttpResponse(
                HttpVersion.HTTP_1_1, status, Unpooled.copiedBuffer(body, StandardCharsets.US_ASCII));
        r.headers().set(HttpHeaderNames.CONTENT_TYPE, HttpHeaderValues.TEXT_PLAIN);
        r.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, r.content().readableBytes());
        if (keepAlive) {
            ctx.writeAndFlush(r);
        } else {
            r.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
            ctx.writeAndFlush(r).addListener(ChannelFutureListener.CLOSE);
        }
    }
}
