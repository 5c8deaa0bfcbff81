package dev.lockstep.bench.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lockstep.bench.BenchException;
import dev.lockstep.bench.ExternalSuite;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The io suite's parts that need no load: wrk's report, /proc, the result mapping. */
class IoSuiteUnitTest {
    private static final String WRK_OK = """
            Running 2s test @ http://127.0.0.1:8080/
              1 threads and 50 connections
              Thread Stats   Avg      Stdev     Max   +/- Stdev
                Latency   229.35us   52.06us   2.29ms   87.84%
                Req/Sec   218.40k     3.62k  223.51k    85.00%
              434609 requests in 2.00s, 49.74MB read
            Requests/sec: 217297.23
            Transfer/sec:     24.87MB
            """;

    @Test
    void wrkReportIsParsed() {
        Wrk.Result r = Wrk.parse(WRK_OK);
        assertThat(r.requests()).isEqualTo(434609);
        assertThat(r.seconds()).isEqualTo(2.0);
        assertThat(r.requestsPerSecond()).isEqualTo(217297.23);
        assertThat(Wrk.parse(WRK_OK.replace("in 2.00s", "in 1.50m")).seconds()).isEqualTo(90.0);
    }

    @Test
    void wrkSocketErrorsFailTheRun() {
        String bad =
                WRK_OK.replace("Requests/sec", "  Socket errors: connect 0, read 12, write 0, timeout 3\nRequests/sec");
        assertThatThrownBy(() -> Wrk.parse(bad))
                .isInstanceOf(BenchException.class)
                .hasMessageContaining("socket errors")
                .hasMessageContaining("read 12")
                .hasMessageContaining("timeout 3");
    }

    @Test
    void wrkNon2xxResponsesFailTheRun() {
        String bad = WRK_OK.replace("Requests/sec", "  Non-2xx or 3xx responses: 7\nRequests/sec");
        assertThatThrownBy(() -> Wrk.parse(bad))
                .isInstanceOf(BenchException.class)
                .hasMessageContaining("7 non-2xx or 3xx responses");
    }

    @Test
    void somethingElseThanWrksReportFails() {
        assertThatThrownBy(() -> Wrk.parse("unable to connect to 127.0.0.1:1 Connection refused"))
                .isInstanceOf(BenchException.class)
                .hasMessageContaining("Requests/sec")
                .hasMessageContaining("Connection refused");
        assertThatThrownBy(() -> Wrk.parse(WRK_OK.replace("434609 requests", "0 requests")))
                .hasMessageContaining("no request");
    }

    @Test
    void wrkCommandIsPinnedWithOneThread() {
        assertThat(Wrk.command("/usr/bin/wrk", 1, 200, 10, "127.0.0.1", 8080))
                .containsExactly(
                        "taskset",
                        "-c",
                        "1",
                        "/usr/bin/wrk",
                        "-t1",
                        "-c200",
                        "-d10s",
                        "--timeout",
                        "10s",
                        "http://127.0.0.1:8080/");
    }

    @Test
    void procStatCpuIsUtimePlusStime() {
        // comm holds a space and a parenthesis; utime 250 and stime 50 ticks = 3 s
        String stat = "4242 (java (x) y) S 1 4242 4242 0 -1 4194560 1000 0 0 0 250 50 0 0 20 0 30 0 100 0 0";
        assertThat(ProcStats.cpuMicros(stat)).isEqualTo(3_000_000);
        assertThatThrownBy(() -> ProcStats.cpuMicros("garbage")).isInstanceOf(BenchException.class);
    }

    @Test
    void procStatusPeakRssIsVmHwm() {
        String status = "Name:\tjava\nVmPeak:\t 3000000 kB\nVmHWM:\t   21504 kB\nVmRSS:\t   20000 kB\n";
        assertThat(ProcStats.peakRssBytes(status)).isEqualTo(21504L * 1024);
        assertThatThrownBy(() -> ProcStats.peakRssBytes("Name:\tjava\n")).hasMessageContaining("VmHWM");
    }

    @Test
    void procOfThisProcessIsReadable() {
        long pid = ProcessHandle.current().pid();
        assertThat(ProcStats.cpuMicros(pid)).isPositive();
        assertThat(ProcStats.peakRssBytes(pid)).isGreaterThan(1024 * 1024);
    }

    @Test
    void echoClientLineIsMegabytesPerSecond() {
        assertThat(IoSuite.parseEcho("echo-client: messages 1000 bytes 64000000 seconds 2.000000\n"))
                .isEqualTo(32.0);
        assertThatThrownBy(() -> IoSuite.parseEcho("echo-client: java.io.IOException: boom"))
                .hasMessageContaining("boom");
    }

    @Test
    void resultNamesAreTheIssuesAndUnique() {
        List<String> names =
                new IoSuite().results().stream().map(ExternalSuite.Result::name).toList();
        assertThat(names)
                .doesNotHaveDuplicates()
                .contains(
                        "http-hello-c50",
                        "http-hello-c200",
                        "http-hello-c1000",
                        "http-hello-cpu",
                        "http-hello-rss",
                        "echo-64b",
                        "echo-16k")
                .contains("http-hello-c50-nio", "http-hello-c200-netty-uring", "http-hello-c1000-vt");
    }

    @Test
    void cpuAndRssNeedTheTwoHundredConnectionRun() {
        List<IoSuite.Spec> cpu = IoSuite.SPECS.stream()
                .filter(s -> s.name().equals("http-hello-cpu"))
                .toList();
        Map<IoSuite.Server, Set<String>> needs = IoSuite.needs(cpu);
        assertThat(needs).containsOnlyKeys(IoSuite.Server.OURS_URING, IoSuite.Server.NETTY_EPOLL);
        assertThat(needs.get(IoSuite.Server.NETTY_EPOLL)).containsExactlyInAnyOrder("cpu", "c200");
    }

    @Test
    void mappingTakesMediansAndNamesWhatIsMissing() {
        List<IoSuite.Spec> specs = IoSuite.SPECS.stream()
                .filter(s -> Set.of("http-hello-c50", "http-hello-c50-nio", "http-hello-rss-nio", "echo-16k-nio")
                        .contains(s.name()))
                .toList();
        IoSuite.Samples samples = new IoSuite.Samples();
        samples.failedToStart(
                IoSuite.Server.OURS_URING,
                "lockstep io http-hello did not start: the io_uring backend is not built yet");
        for (double v : new double[] {100, 300, 200}) {
            samples.add(IoSuite.Server.OURS_NIO, "c50", v);
            samples.add(IoSuite.Server.NETTY_EPOLL, "c50", v * 2);
        }
        samples.add(IoSuite.Server.OURS_NIO, "rss", 40);
        samples.add(IoSuite.Server.NETTY_EPOLL, "rss", 200); // one value of three: missing
        samples.failed(IoSuite.Server.OURS_NIO_ECHO, "echo16384", "message 3 came back different");
        ExternalSuite.Outcome o = IoSuite.outcome(specs, samples, 3, "settings");
        assertThat(o.values()).hasSize(1);
        ExternalSuite.Value v = o.values().getFirst();
        assertThat(v.name()).isEqualTo("http-hello-c50-nio");
        assertThat(v.ours()).isEqualTo(200);
        assertThat(v.peerValue()).isEqualTo(400);
        assertThat(v.unit()).isEqualTo("req/s");
        assertThat(v.better()).isEqualTo("higher");
        assertThat(v.peer()).isEqualTo("Netty 4.2.18 epoll");
        assertThat(v.oursSource()).isEqualTo("lockstep io http-hello --backend nio");
        assertThat(o.missing())
                .containsOnlyKeys("http-hello-c50", "http-hello-rss-nio", "echo-16k-nio")
                .hasEntrySatisfying("http-hello-c50", r -> assertThat(r).contains("did not start", "not built yet"))
                .hasEntrySatisfying("http-hello-rss-nio", r -> assertThat(r).contains("1 of 3"))
                .hasEntrySatisfying("echo-16k-nio", r -> assertThat(r).contains("came back different"));
    }

    @Test
    void aPeerWhoseOnlyCounterpartCannotStartIsNotStarted() {
        IoSuite.Samples samples = new IoSuite.Samples();
        samples.failedToStart(IoSuite.Server.OURS_URING, "no io_uring");
        List<IoSuite.Spec> all = IoSuite.SPECS;
        assertThat(IoSuite.useful(IoSuite.Server.VIRTUAL_THREADS, all, samples)).isFalse();
        assertThat(IoSuite.useful(IoSuite.Server.NETTY_URING, all, samples)).isFalse();
        assertThat(IoSuite.useful(IoSuite.Server.NETTY_EPOLL, all, samples)).isTrue(); // the -nio rows
        assertThat(IoSuite.useful(IoSuite.Server.VIRTUAL_THREADS, all, new IoSuite.Samples()))
                .isTrue();
    }

    @Test
    void medianOfEvenAndOddCounts() {
        assertThat(IoSuite.median(List.of(3.0, 1.0, 2.0))).isEqualTo(2.0);
        assertThat(IoSuite.median(List.of(4.0, 1.0))).isEqualTo(2.5);
    }

    @Test
    void serverJvmsShareOneSetOfFlags() {
        List<String> ours = ServerProcess.javaCommand(0, "dev.lockstep.cli.Main", List.of("io"));
        List<String> peer = ServerProcess.javaCommand(0, NettyHttpHello.class.getName(), List.of("epoll"));
        assertThat(ours.subList(0, ours.size() - 2)).isEqualTo(peer.subList(0, peer.size() - 2));
        assertThat(ours).startsWith("taskset", "-c", "0").contains("-XX:ActiveProcessorCount=1", "-XX:+UseSerialGC");
    }
}
