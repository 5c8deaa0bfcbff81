package dev.lockstep.patch;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;

/**
 * Writes {@link RenderFrame}s as JSON Lines in the shape of Oscilla's render frame v2, one frame per
 * line, with Jackson's streaming generator (no tree, no boxing; floats written as floats):
 *
 * <pre>{@code
 * {"frame":0,"tAbsMs":0.0,"version":2,"ops":[{"kind":"drawPrimitiveInstances",
 *   "geometry":{"topologyId":0,"params":{"rx":0.02,"ry":0.02,"rotation":0.0}},
 *   "instances":{"count":n,"position":[x0,y0,...],"size":[...],"rotation":[...],"depth":[...]},
 *   "style":{"fillColor":[r,g,b,a,...],"fillRule":"nonzero"}}]}
 * }</pre>
 *
 * <p>A path pass ({@code drawPathInstances}) also has {@code geometry.controlPoints} (x, y pairs) and
 * {@code geometry.closed}. The frame number written is the caller's (the line's index in the file),
 * since Oscilla's reference files number frames that way. Not thread-safe: one writer per stream.
 */
public final class FrameJson implements AutoCloseable {
    private static final JsonFactory FACTORY = JsonFactory.builder().build();

    private final JsonGenerator g;

    /** A writer on {@code out}; {@link #close()} flushes and closes {@code out}. */
    public FrameJson(OutputStream out) {
        try {
            g = FACTORY.createGenerator(out, JsonEncoding.UTF8);
            g.setRootValueSeparator(null); // lines end with '\n' written by write()
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Writes one line: {@code frame} numbered as given, at {@code frame.tAbsMs()}. */
    public void write(long frameNumber, RenderFrame frame) {
        try {
            g.writeStartObject();
            g.writeNumberField("frame", frameNumber);
            g.writeNumberField("tAbsMs", frame.tAbsMs());
            g.writeNumberField("version", 2);
            g.writeArrayFieldStart("ops");
            for (DrawOp op : frame.ops()) {
                writeOp(op);
            }
            g.writeEndArray();
            g.writeEndObject();
            g.writeRaw('\n');
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void writeOp(DrawOp op) throws IOException {
        int n = op.count();
        g.writeStartObject();
        g.writeStringField("kind", op.kind());
        g.writeObjectFieldStart("geometry");
        g.writeNumberField("topologyId", op.topologyId());
        g.writeObjectFieldStart("params");
        var names = op.paramNames();
        for (int i = 0; i < names.size(); i++) {
            g.writeNumberField(names.get(i), op.param(i));
        }
        g.writeEndObject();
        float[] cps = op.controlPoints();
        if (cps.length > 0) {
            g.writeArrayFieldStart("controlPoints");
            for (float c : cps) {
                g.writeNumber(c);
            }
            g.writeEndArray();
            g.writeBooleanField("closed", op.closed());
        }
        g.writeEndObject();
        g.writeObjectFieldStart("instances");
        g.writeNumberField("count", n);
        g.writeArrayFieldStart("position");
        for (int i = 0; i < n; i++) {
            g.writeNumber(op.x(i));
            g.writeNumber(op.y(i));
        }
        g.writeEndArray();
        g.writeArrayFieldStart("size");
        for (int i = 0; i < n; i++) {
            g.writeNumber(op.size(i));
        }
        g.writeEndArray();
        g.writeArrayFieldStart("rotation");
        for (int i = 0; i < n; i++) {
            g.writeNumber(op.rotation(i));
        }
        g.writeEndArray();
        g.writeArrayFieldStart("depth");
        for (int i = 0; i < n; i++) {
            g.writeNumber(op.depth(i));
        }
        g.writeEndArray();
        g.writeEndObject();
        g.writeObjectFieldStart("style");
        g.writeArrayFieldStart("fillColor");
        for (int i = 0; i < n; i++) {
            for (int c = 0; c < 4; c++) {
                g.writeNumber(op.color(i, c));
            }
        }
        g.writeEndArray();
        g.writeStringField("fillRule", "nonzero");
        g.writeEndObject();
        g.writeEndObject();
    }

    /** Flushes buffered output to the stream. */
    public void flush() {
        try {
            g.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        try {
            g.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
