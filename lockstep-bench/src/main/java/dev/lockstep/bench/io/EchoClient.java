package dev.lockstep.bench.io;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;

/**
 * The io suite's echo load: {@code connections} connections, each a virtual thread on a blocking
 * socket, ping-ponging messages of {@code size} bytes (send one, read the echo back whole, check it
 * byte for byte, repeat). After {@code warmup} seconds it counts the round trips completed in the
 * next {@code duration} seconds, then prints one line,
 * {@code echo-client: messages M bytes B seconds S}, B being the payload echoed (one direction).
 * A wrong byte, a connection the server closes or an error exits with code 1 and the reason. The
 * same client (the same JVM flags, pinned to the other core) loads Lockstep's and Netty's server.
 *
 * <p>{@code java ... EchoClient HOST PORT SIZE CONNECTIONS WARMUP_S DURATION_S}.
 */
public final class EchoClient {
    private EchoClient() {}

    public static void main(String[] args) throws Exception {
        if (args.length != 6) {
            System.err.println("usage: EchoClient HOST PORT SIZE CONNECTIONS WARMUP_S DURATION_S");
            System.exit(2);
        }
        InetSocketAddress at = new InetSocketAddress(args[0], Integer.parseInt(args[1]));
        int size = Integer.parseInt(args[2]);
        int connections = Integer.parseInt(args[3]);
        double warmup = Double.parseDouble(args[4]);
        double duration = Double.parseDouble(args[5]);
        LongAdder done = new LongAdder();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        List<Socket> sockets = new ArrayList<>();
        for (int i = 0; i < connections; i++) {
            Socket s = new Socket();
            s.setTcpNoDelay(true);
            s.connect(at, 10_000);
            sockets.add(s);
        }
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < connections; i++) {
            Socket s = sockets.get(i);
            long seed = i;
            threads.add(Thread.ofVirtual().start(() -> pingPong(s, size, seed, done, failure)));
        }
        sleep(warmup);
        long c0 = done.sum();
        long t0 = System.nanoTime();
        sleep(duration);
        long c1 = done.sum();
        long t1 = System.nanoTime();
        Throwable f = failure.get();
        if (f != null) {
            System.err.println("echo-client: " + f);
            System.exit(1);
        }
        long messages = c1 - c0;
        System.out.printf(
                Locale.ROOT,
                "echo-client: messages %d bytes %d seconds %.6f%n",
                messages,
                messages * size,
                (t1 - t0) / 1e9);
        System.out.flush();
        for (Socket s : sockets) {
            s.close();
        }
        System.exit(0);
    }

    private static void pingPong(Socket s, int size, long seed, LongAdder done, AtomicReference<Throwable> failure) {
        byte[] sent = new byte[size];
        byte[] got = new byte[size];
        new Random(seed).nextBytes(sent);
        ByteBuffer stamp = ByteBuffer.wrap(sent);
        try {
            OutputStream out = s.getOutputStream();
            InputStream in = s.getInputStream();
            for (long seq = 0; ; seq++) {
                if (size >= 8) {
                    stamp.putLong(0, seq); // each message differs from the last
                } else {
                    sent[0] = (byte) seq;
                }
                out.write(sent);
                int n = in.readNBytes(got, 0, size);
                if (n < size) {
                    throw new IOException("the server closed the connection after " + n + " of " + size + " bytes");
                }
                if (!Arrays.equals(sent, got)) {
                    throw new IOException("message " + seq + " came back different (" + size + " bytes)");
                }
                done.increment();
            }
        } catch (IOException e) {
            if (!s.isClosed()) { // closing at the end is not a failure
                failure.compareAndSet(null, e);
            }
        }
    }

    private static void sleep(double seconds) throws InterruptedException {
        Thread.sleep((long) (seconds * 1000));
    }
}
