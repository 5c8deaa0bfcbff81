package dev.lockstep.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * The machine a run measured on, as the report and the chart quote it.
 *
 * @param cores processors available to the JVM
 * @param jdk {@code java.version} ({@code 25.0.3})
 * @param os {@code os.name os.version} ({@code Linux 6.8.0-...})
 * @param arch {@code os.arch}
 * @param vm the JVM's name and version
 * @param cpu the CPU model from {@code /proc/cpuinfo}, or {@code null} where there is none
 */
record Machine(int cores, String jdk, String os, String arch, String vm, String cpu) {

    static Machine current() {
        return new Machine(
                Runtime.getRuntime().availableProcessors(),
                System.getProperty("java.version"),
                System.getProperty("os.name") + " " + System.getProperty("os.version"),
                System.getProperty("os.arch"),
                System.getProperty("java.vm.name") + " " + System.getProperty("java.vm.version"),
                cpuModel());
    }

    /** One line for titles: {@code 2 cores, JDK 25.0.3, Linux 6.8.0 (amd64)}. */
    String summary() {
        return cores + (cores == 1 ? " core" : " cores") + ", JDK " + jdk + ", " + os
                + (arch == null ? "" : " (" + arch + ")") + (cpu == null ? "" : ", " + cpu);
    }

    private static String cpuModel() {
        Path info = Path.of("/proc/cpuinfo");
        if (!Files.isReadable(info)) {
            return null;
        }
        try (Stream<String> lines = Files.lines(info)) {
            return lines.filter(l -> l.startsWith("model name"))
                    .map(l -> l.substring(l.indexOf(':') + 1).trim().replaceAll("\\s+", " "))
                    .findFirst()
                    .orElse(null);
        } catch (IOException | java.io.UncheckedIOException e) {
            return null;
        }
    }
}
