package dev.lockstep.core.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The CPU topology as Linux describes it under sysfs, reduced to what the LOCALITY steal policy
 * needs: for each online CPU, in ascending order, its physical package (socket) and NUMA node.
 *
 * <p>Read from a root directory (normally {@code /sys}) so that tests can point it at a fake tree:
 * {@code <root>/devices/system/cpu/online} (a cpulist such as {@code 0-3,8}; when missing, every
 * {@code cpuN} directory counts as online), {@code <root>/devices/system/cpu/cpuN/topology/
 * physical_package_id} and {@code <root>/devices/system/node/nodeM/cpulist}. A file that is missing
 * or unreadable leaves that fact unknown ({@code -1}); it is never an error, since the topology is
 * only a preference. {@link #known()} says whether anything useful was found.
 *
 * <p>Workers are not pinned (Java has no affinity API): worker {@code i} is mapped to the {@code
 * (i mod n)}-th online CPU, and the policy prefers victims whose mapped CPU shares its node or
 * package. The operating system may run the thread elsewhere; the mapping only groups workers.
 */
public final class CpuTopology {
    private final int[] cpus;
    private final int[] packages;
    private final int[] nodes;

    private CpuTopology(int[] cpus, int[] packages, int[] nodes) {
        this.cpus = cpus;
        this.packages = packages;
        this.nodes = nodes;
    }

    /** Reads the topology under {@code root} (for example {@code Path.of("/sys")}). */
    public static CpuTopology read(Path root) {
        Path cpuDir = root.resolve("devices/system/cpu");
        int[] online = readOnline(cpuDir);
        int[] packages = new int[online.length];
        int[] nodes = new int[online.length];
        Arrays.fill(nodes, -1);
        for (int i = 0; i < online.length; i++) {
            packages[i] = readInt(cpuDir.resolve("cpu" + online[i] + "/topology/physical_package_id"));
        }
        for (Map.Entry<Integer, int[]> node :
                readNodes(root.resolve("devices/system/node")).entrySet()) {
            for (int cpu : node.getValue()) {
                int i = Arrays.binarySearch(online, cpu);
                if (i >= 0) {
                    nodes[i] = node.getKey();
                }
            }
        }
        return new CpuTopology(online, packages, nodes);
    }

    /** Number of online CPUs found (0 when the tree is missing). */
    public int cpuCount() {
        return cpus.length;
    }

    /** Whether at least one CPU has a known package or node. */
    public boolean known() {
        for (int i = 0; i < cpus.length; i++) {
            if (packages[i] >= 0 || nodes[i] >= 0) {
                return true;
            }
        }
        return false;
    }

    /** The CPU number that worker {@code worker} is mapped to: the (worker mod n)-th online CPU. */
    public int cpuOfWorker(int worker) {
        return cpus[worker % cpus.length];
    }

    /** Package of the CPU worker {@code worker} maps to, or -1 if unknown. */
    public int packageOfWorker(int worker) {
        return packages[worker % cpus.length];
    }

    /** NUMA node of the CPU worker {@code worker} maps to, or -1 if unknown. */
    public int nodeOfWorker(int worker) {
        return nodes[worker % cpus.length];
    }

    /**
     * Whether two workers are near: same NUMA node when both nodes are known, else same package
     * when both packages are known, else not near.
     */
    public boolean near(int a, int b) {
        int na = nodeOfWorker(a);
        int nb = nodeOfWorker(b);
        if (na >= 0 && nb >= 0 && na != nb) {
            return false;
        }
        int pa = packageOfWorker(a);
        int pb = packageOfWorker(b);
        if (pa >= 0 && pb >= 0) {
            return pa == pb;
        }
        return na >= 0 && na == nb;
    }

    @Override
    public String toString() {
        return "CpuTopology[cpus=" + Arrays.toString(cpus) + ", packages=" + Arrays.toString(packages) + ", nodes="
                + Arrays.toString(nodes) + "]";
    }

    private static int[] readOnline(Path cpuDir) {
        String list = readString(cpuDir.resolve("online"));
        if (list != null) {
            int[] parsed = parseCpuList(list);
            if (parsed.length > 0) {
                return parsed;
            }
        }
        List<Integer> found = new ArrayList<>();
        try (DirectoryStream<Path> dirs = Files.newDirectoryStream(cpuDir, "cpu[0-9]*")) {
            for (Path d : dirs) {
                found.add(Integer.parseInt(d.getFileName().toString().substring(3)));
            }
        } catch (IOException | RuntimeException e) {
            return new int[0]; // no tree: topology unknown
        }
        return found.stream().mapToInt(Integer::intValue).sorted().toArray();
    }

    private static Map<Integer, int[]> readNodes(Path nodeDir) {
        Map<Integer, int[]> nodes = new TreeMap<>();
        try (DirectoryStream<Path> dirs = Files.newDirectoryStream(nodeDir, "node[0-9]*")) {
            for (Path d : dirs) {
                String list = readString(d.resolve("cpulist"));
                if (list != null) {
                    nodes.put(Integer.parseInt(d.getFileName().toString().substring(4)), parseCpuList(list));
                }
            }
        } catch (IOException | RuntimeException e) {
            return Map.of(); // no node directory: nodes unknown
        }
        return nodes;
    }

    /** Parses a Linux cpulist ({@code "0-3,8,10-11"}); malformed parts are skipped. */
    static int[] parseCpuList(String list) {
        List<Integer> out = new ArrayList<>();
        for (String part : list.trim().split(",")) {
            String p = part.trim();
            if (p.isEmpty()) {
                continue;
            }
            try {
                int dash = p.indexOf('-');
                int lo = Integer.parseInt(dash < 0 ? p : p.substring(0, dash));
                int hi = dash < 0 ? lo : Integer.parseInt(p.substring(dash + 1));
                for (int c = lo; c <= hi && c - lo < 65_536; c++) {
                    out.add(c);
                }
            } catch (NumberFormatException e) {
                // skipped: the topology is a preference, a bad line only loses information
            }
        }
        return out.stream().mapToInt(Integer::intValue).distinct().sorted().toArray();
    }

    private static int readInt(Path file) {
        String s = readString(file);
        if (s == null) {
            return -1;
        }
        try {
            return Integer.parseInt(s.trim());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static String readString(Path file) {
        try {
            return Files.readString(file, StandardCharsets.US_ASCII);
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }
}
