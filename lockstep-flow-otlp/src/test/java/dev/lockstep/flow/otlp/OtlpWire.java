package dev.lockstep.flow.otlp;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Just enough of a protobuf reader to decode an OTLP ExportTraceServiceRequest in tests: resource
 * attributes and, per span, ids, name, kind, attributes, event names and status (field numbers of
 * opentelemetry-proto's trace/v1 and common/v1).
 */
final class OtlpWire {
    record Span(
            String traceId,
            String spanId,
            String parentSpanId,
            String name,
            int kind,
            Map<String, Object> attributes,
            List<String> events,
            int statusCode,
            String statusMessage) {}

    record Export(Map<String, Object> resource, List<Span> spans) {}

    private final byte[] b;
    private int pos;
    private final int end;

    private OtlpWire(byte[] b, int from, int to) {
        this.b = b;
        this.pos = from;
        this.end = to;
    }

    static Export decode(byte[] body) {
        Map<String, Object> resource = new LinkedHashMap<>();
        List<Span> spans = new ArrayList<>();
        OtlpWire req = new OtlpWire(body, 0, body.length);
        while (req.more()) {
            int tag = req.tag();
            if (tag >> 3 == 1 && (tag & 7) == 2) { // resource_spans
                OtlpWire rs = req.sub();
                while (rs.more()) {
                    int t = rs.tag();
                    if (t >> 3 == 1 && (t & 7) == 2) { // resource
                        OtlpWire r = rs.sub();
                        while (r.more()) {
                            int rt = r.tag();
                            if (rt >> 3 == 1 && (rt & 7) == 2) {
                                keyValue(r.sub(), resource);
                            } else {
                                r.skip(rt);
                            }
                        }
                    } else if (t >> 3 == 2 && (t & 7) == 2) { // scope_spans
                        OtlpWire ss = rs.sub();
                        while (ss.more()) {
                            int st = ss.tag();
                            if (st >> 3 == 2 && (st & 7) == 2) {
                                spans.add(span(ss.sub()));
                            } else {
                                ss.skip(st);
                            }
                        }
                    } else {
                        rs.skip(t);
                    }
                }
            } else {
                req.skip(tag);
            }
        }
        return new Export(resource, spans);
    }

    private static Span span(OtlpWire s) {
        String trace = "", id = "", parent = "", name = "", statusMessage = "";
        int kind = 0, statusCode = 0;
        Map<String, Object> attributes = new LinkedHashMap<>();
        List<String> events = new ArrayList<>();
        while (s.more()) {
            int t = s.tag();
            switch (t >> 3) {
                case 1 -> trace = HexFormat.of().formatHex(s.bytes());
                case 2 -> id = HexFormat.of().formatHex(s.bytes());
                case 4 -> parent = HexFormat.of().formatHex(s.bytes());
                case 5 -> name = s.string();
                case 6 -> kind = (int) s.varint();
                case 9 -> keyValue(s.sub(), attributes);
                case 11 -> { // event: time 1, name 2, attributes 3
                    OtlpWire e = s.sub();
                    while (e.more()) {
                        int et = e.tag();
                        if (et >> 3 == 2) {
                            events.add(e.string());
                        } else {
                            e.skip(et);
                        }
                    }
                }
                case 15 -> { // status: message 2, code 3
                    OtlpWire st = s.sub();
                    while (st.more()) {
                        int tt = st.tag();
                        if (tt >> 3 == 2) {
                            statusMessage = st.string();
                        } else if (tt >> 3 == 3) {
                            statusCode = (int) st.varint();
                        } else {
                            st.skip(tt);
                        }
                    }
                }
                default -> s.skip(t);
            }
        }
        return new Span(trace, id, parent, name, kind, attributes, events, statusCode, statusMessage);
    }

    /** KeyValue: key 1, value 2 (AnyValue: string 1, bool 2, int 3, double 4). */
    private static void keyValue(OtlpWire kv, Map<String, Object> into) {
        String key = null;
        Object value = null;
        while (kv.more()) {
            int t = kv.tag();
            if (t >> 3 == 1) {
                key = kv.string();
            } else if (t >> 3 == 2) {
                OtlpWire v = kv.sub();
                while (v.more()) {
                    int vt = v.tag();
                    switch (vt >> 3) {
                        case 1 -> value = v.string();
                        case 2 -> value = v.varint() != 0;
                        case 3 -> value = v.varint();
                        case 4 -> value = Double.longBitsToDouble(v.fixed64());
                        default -> v.skip(vt);
                    }
                }
            } else {
                kv.skip(t);
            }
        }
        into.put(key, value);
    }

    private boolean more() {
        return pos < end;
    }

    private int tag() {
        return (int) varint();
    }

    private long varint() {
        long v = 0;
        for (int shift = 0; ; shift += 7) {
            byte x = b[pos++];
            v |= (long) (x & 0x7F) << shift;
            if (x >= 0) {
                return v;
            }
        }
    }

    private long fixed64() {
        long v = 0;
        for (int i = 0; i < 8; i++) {
            v |= (long) (b[pos++] & 0xFF) << (8 * i);
        }
        return v;
    }

    private OtlpWire sub() {
        int n = (int) varint();
        OtlpWire w = new OtlpWire(b, pos, pos + n);
        pos += n;
        return w;
    }

    private byte[] bytes() {
        int n = (int) varint();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(b, pos, n);
        pos += n;
        return out.toByteArray();
    }

    private String string() {
        return new String(bytes(), StandardCharsets.UTF_8);
    }

    private void skip(int tag) {
        switch (tag & 7) {
            case 0 -> varint();
            case 1 -> pos += 8;
            case 2 -> {
                int n = (int) varint(); // read before adding: pos += varint() would add to the old pos
                pos += n;
            }
            case 5 -> pos += 4;
            default ->
                throw new IllegalArgumentException("wire type " + (tag & 7) + " at " + pos + " in "
                        + HexFormat.of().formatHex(b, Math.max(0, pos - 40), Math.min(b.length, pos + 20)));
        }
    }
}
