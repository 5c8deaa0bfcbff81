package dev.lockstep.core.trace.internal;

import dev.lockstep.core.trace.TraceException;
import dev.lockstep.core.trace.TraceFileException;
import dev.lockstep.core.trace.TraceFormat;
import dev.lockstep.core.trace.TraceSnapshot;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.Writer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Where {@code TraceSnapshot.write} and {@code read} land: picks the format's writer or reader
 * and turns I/O failures into {@link TraceException}s that name the file. Reading decides the
 * format by content: a JFR file starts with the bytes {@code FLR\0}; anything else is read as
 * JSON Lines (a Chrome trace file is recognised and refused with advice).
 */
public final class TraceFiles {
    private TraceFiles() {}

    private static final byte[] JFR_MAGIC = {'F', 'L', 'R', 0};

    public static void write(TraceSnapshot snapshot, Path file, TraceFormat format) {
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            switch (format) {
                case JSON_LINES -> {
                    try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
                        JsonLines.write(snapshot, w);
                    }
                }
                case CHROME -> {
                    try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
                        Chrome.write(snapshot, w);
                    }
                }
                case JFR -> {
                    JfrLive.check();
                    JfrFiles.write(snapshot, file);
                }
            }
        } catch (IOException e) {
            throw new TraceException("cannot write trace file " + file + ": " + e, e);
        }
    }

    public static TraceSnapshot read(Path file) {
        try {
            byte[] head = new byte[JFR_MAGIC.length];
            int n;
            try (InputStream in = Files.newInputStream(file)) {
                n = in.readNBytes(head, 0, head.length);
            }
            if (n == head.length && Arrays.equals(head, JFR_MAGIC)) {
                JfrLive.check();
                return JfrFiles.read(file);
            }
            if (n > 0 && head[0] == '{' && looksLikeChrome(file)) {
                throw new TraceFileException(
                        file,
                        1,
                        "this is a Chrome trace (traceEvents), which cannot be read back; open it in Perfetto or"
                                + " chrome://tracing, and convert from the JSON Lines file instead");
            }
            try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                return JsonLines.read(file, r);
            }
        } catch (NoSuchFileException e) {
            throw new TraceException("trace file " + file + " does not exist", e);
        } catch (CharacterCodingException e) {
            throw new TraceFileException(file, 0, "not a trace file: the content is not UTF-8 text", e);
        } catch (IOException e) {
            throw new TraceException("cannot read trace file " + file + ": " + e, e);
        }
    }

    private static boolean looksLikeChrome(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            String start = new String(in.readNBytes(64), StandardCharsets.UTF_8);
            return start.replaceAll("\\s", "").startsWith("{\"traceEvents\"");
        }
    }
}
