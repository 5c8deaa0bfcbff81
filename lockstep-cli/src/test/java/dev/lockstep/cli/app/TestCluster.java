package dev.lockstep.cli.app;

import dev.lockstep.flow.config.FlowConfig;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/** A configuration cluster section for tests: loopback, a unique name, free consecutive ports. */
final class TestCluster {
    private TestCluster() {}

    static FlowConfig.Cluster loopback(int ports) {
        return new FlowConfig.Cluster(
                "lockstep-cli-test-" + UUID.randomUUID(),
                "127.0.0.1",
                freePortBase(ports),
                ports,
                List.of("127.0.0.1"));
    }

    private static int freePortBase(int count) {
        for (int attempt = 0; attempt < 200; attempt++) {
            int base = ThreadLocalRandom.current().nextInt(20_000, 60_000);
            if (allFree(base, count)) {
                return base;
            }
        }
        throw new IllegalStateException("no " + count + " consecutive free ports on 127.0.0.1");
    }

    private static boolean allFree(int base, int count) {
        for (int p = base; p < base + count; p++) {
            try (ServerSocket s = new ServerSocket()) {
                s.setReuseAddress(false);
                s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), p));
            } catch (IOException e) {
                return false;
            }
        }
        return true;
    }
}
