package dev.lockstep.bench.io;

import dev.lockstep.bench.BenchException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A server process's CPU time and peak resident memory, from Linux's {@code /proc}: CPU is
 * {@code utime + stime} (fields 14 and 15 of {@code /proc/PID/stat}, in clock ticks, all threads:
 * the JIT and GC count too), peak RSS is {@code VmHWM} of {@code /proc/PID/status}.
 */
public final class ProcStats {
    private ProcStats() {}

    /** Clock ticks per second of {@code /proc/PID/stat} ({@code getconf CLK_TCK}; 100 on Linux). */
    static final long TICKS_PER_SECOND = 100;

    /** CPU time the process has used so far, in microseconds. */
    public static long cpuMicros(long pid) {
        return cpuMicros(read(Path.of("/proc", Long.toString(pid), "stat")));
    }

    /** Peak resident set size of the process so far, in bytes. */
    static long peakRssBytes(long pid) {
        return peakRssBytes(read(Path.of("/proc", Long.toString(pid), "status")));
    }

    /**
     * {@code utime + stime} of a {@code /proc/PID/stat} line, in microseconds. The command name
     * (field 2) is in parentheses and may hold spaces or parentheses, so the fields are counted
     * from the last {@code ')'}.
     */
    static long cpuMicros(String stat) {
        int close = stat.lastIndexOf(')');
        if (close < 0) {
            throw new BenchException("not a /proc/PID/stat line (no ')'): " + Wrk.abbreviate(stat));
        }
        String[] f = stat.substring(close + 1).trim().split("\\s+");
        // after ')': field 3 (state) is f[0], so field n is f[n - 3]
        if (f.length < 13) {
            throw new BenchException("a /proc/PID/stat line with too few fields: " + Wrk.abbreviate(stat));
        }
        try {
            long ticks = Long.parseLong(f[14 - 3]) + Long.parseLong(f[15 - 3]);
            return ticks * 1_000_000 / TICKS_PER_SECOND;
        } catch (NumberFormatException e) {
            throw new BenchException(
                    "a /proc/PID/stat line whose utime/stime are not numbers: " + Wrk.abbreviate(stat), e);
        }
    }

    /** {@code VmHWM} of a {@code /proc/PID/status} text, in bytes. */
    static long peakRssBytes(String status) {
        for (String line : status.split("\n")) {
            if (line.startsWith("VmHWM:")) {
                String[] f = line.substring(6).trim().split("\\s+");
                if (f.length == 2 && f[1].equals("kB")) {
                    try {
                        return Long.parseLong(f[0]) * 1024;
                    } catch (NumberFormatException e) {
                        break;
                    }
                }
                throw new BenchException("a VmHWM line not in kB: " + line);
            }
        }
        throw new BenchException("no VmHWM line in /proc/PID/status");
    }

    private static String read(Path p) {
        try {
            return Files.readString(p);
        } catch (IOException e) {
            throw new BenchException("cannot read " + p + " (has the server exited?): " + e.getMessage(), e);
        }
    }
}
