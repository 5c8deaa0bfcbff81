package dev.lockstep.bench.io;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.util.ReferenceCountUtil;
import java.nio.charset.StandardCharsets;

/**
 * Peer of {@code lockstep io http-hello}: Netty 4.2's HTTP hello server, written as Netty's own
 * benchmarks write it ({@code HttpServerCodec}, a response with a shared read-only body, writes in
 * {@code channelRead} and one flush per read batch in {@code channelReadComplete}). Its response
 * bytes equal Lockstep's ({@code IoSuiteServersTest} checks): {@code 200}, {@code Content-Length:
 * 25}, {@code Content-Type: text/plain}, body "This is an HTTP benchmark", plus {@code
 * Connection: close} when the request closes the connection; a request Netty cannot decode gets
 * {@code 400} and the connection closes.
 *
 * <p>{@code java ... NettyHttpHello epoll|io_uring [PORT]} (port 0 or absent: any free port).
 */
public final class NettyHttpHello {
    private NettyHttpHello() {}

    static final byte[] BODY = "This is an HTTP benchmark".getBytes(StandardCharsets.US_ASCII);

    private static final ByteBuf BODY_BUF = Unpooled.unreleasableBuffer(
                    Unpooled.directBuffer(BODY.length).writeBytes(BODY))
            .asReadOnly();

    public static void main(String[] args) throws InterruptedException {
        String transport = args.length > 0 ? args[0] : "epoll";
        int port = args.length > 1 ? Integer.parseInt(args[1]) : 0;
        NettyServers.serve(
                "netty-http-hello",
                transport,
                port,
                ch -> ch.pipeline().addLast(new HttpServerCodec()).addLast(new Handler()));
    }

    static final class Handler extends ChannelInboundHandlerAdapter {
        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            try {
                if (msg instanceof HttpRequest req) {
                    if (req.decoderResult().isFailure()) {
                        FullHttpResponse bad = new DefaultFullHttpResponse(
                                HttpVersion.HTTP_1_1, HttpResponseStatus.BAD_REQUEST, Unpooled.EMPTY_BUFFER);
                        bad.headers().set("Content-Length", "0").set("Connection", "close");
                        ctx.writeAndFlush(bad).addListener(ChannelFutureListener.CLOSE);
                        return;
                    }
                    boolean keepAlive = HttpUtil.isKeepAlive(req);
                    FullHttpResponse res = new DefaultFullHttpResponse(
                            HttpVersion.HTTP_1_1, HttpResponseStatus.OK, BODY_BUF.duplicate());
                    res.headers().set("Content-Length", "25").set("Content-Type", "text/plain");
                    if (keepAlive) {
                        ctx.write(res, ctx.voidPromise());
                    } else {
                        res.headers().set("Connection", "close");
                        ctx.writeAndFlush(res).addListener(ChannelFutureListener.CLOSE);
                    }
                }
                // HttpContent (request bodies) and LastHttpContent are dropped
            } finally {
                ReferenceCountUtil.release(msg);
            }
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
