package dev.lockstep.flow.trace;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TraceParentTest {
    private static final String VALID = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";

    @Test
    void aValidHeaderParsesAndPrintsBackTheSame() {
        TraceParent t = TraceParent.parse(VALID);
        assertThat(t.traceId()).isEqualTo("4bf92f3577b34da6a3ce929d0e0e4736");
        assertThat(t.parentId()).isEqualTo("00f067aa0ba902b7");
        assertThat(t.sampled()).isTrue();
        assertThat(t.header()).isEqualTo(VALID);
    }

    @Test
    void invalidHeadersAreIgnoredNotErrors() {
        assertThat(TraceParent.parse(null)).isNull();
        assertThat(TraceParent.parse(VALID.toUpperCase())).isNull(); // uppercase hex
        assertThat(TraceParent.parse("ff" + VALID.substring(2))).isNull(); // version ff
        assertThat(TraceParent.parse("00-00000000000000000000000000000000-00f067aa0ba902b7-01"))
                .isNull();
        assertThat(TraceParent.parse("00-4bf92f3577b34da6a3ce929d0e0e4736-0000000000000000-01"))
                .isNull();
        assertThat(TraceParent.parse(VALID + "-extra")).isNull(); // version 00 has exactly four fields
        assertThat(TraceParent.parse("00-4bf92f3577b34da6a3ce929d0e0e473-00f067aa0ba902b7-01"))
                .isNull();
        assertThat(TraceParent.parse("zz" + VALID.substring(2))).isNull();
    }

    @Test
    void aFutureVersionMayCarryMoreFields() {
        assertThat(TraceParent.parse("01" + VALID.substring(2) + "-whatever")).isNotNull();
    }

    @Test
    void aChildKeepsTheTraceAndFlagsWithANewParent() {
        TraceParent c = TraceParent.parse(VALID).child(0xabcL);
        assertThat(c.traceId()).isEqualTo("4bf92f3577b34da6a3ce929d0e0e4736");
        assertThat(c.parentId()).isEqualTo("0000000000000abc");
        assertThat(c.flags()).isEqualTo(1);
    }

    @Test
    void requestIdsKeepSaneClientIdsAndAreReproducibleFromTheSeed() {
        RequestIds a = new RequestIds(7);
        RequestIds b = new RequestIds(7);
        assertThat(a.requestId("abc-123")).isEqualTo("abc-123");
        assertThat(b.requestId("abc-123")).isEqualTo("abc-123");
        assertThat(a.requestId("has space")).hasSize(16).isEqualTo(b.requestId("has space"));
        assertThat(a.requestId("x".repeat(129))).hasSize(16).isEqualTo(b.requestId(null));
        assertThat(a.trace(VALID).traceId()).isEqualTo("4bf92f3577b34da6a3ce929d0e0e4736");
        b.trace(VALID);
        TraceParent fresh = a.trace(null);
        assertThat(fresh).isEqualTo(b.trace("not a traceparent"));
        assertThat(fresh.sampled()).isTrue();
        assertThat(TraceParent.parse(fresh.header())).isEqualTo(fresh);
    }

    @Test
    void traceHeaderEqualsTheRecordsHeader() {
        String[] incoming = {
            null,
            "",
            "garbage",
            "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01",
            "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-00",
            "ff-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"
        };
        for (long seed : new long[] {0, 1, 42, -7}) {
            RequestIds records = new RequestIds(seed);
            RequestIds fast = new RequestIds(seed);
            for (int i = 0; i < 500; i++) {
                String in = incoming[i % incoming.length];
                String expected = records.trace(in).header();
                String got = fast.traceHeader(in);
                assertThat(got)
                        .as("seed %d, request %d, incoming %s", seed, i, in)
                        .isEqualTo(expected);
                assertThat(TraceParent.parse(got)).isNotNull();
            }
        }
        assertThat(new TraceParent("4bf92f3577b34da6a3ce929d0e0e4736", "00f067aa0ba902b7", 0xa5).header())
                .endsWith("-a5");
    }
}
