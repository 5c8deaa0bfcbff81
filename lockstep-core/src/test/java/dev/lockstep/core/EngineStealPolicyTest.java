package dev.lockstep.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lockstep.core.internal.CpuTopology;
import dev.lockstep.core.internal.VictimSelector;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Every steal policy computes correctly; LOCALITY reads (fake) sysfs and groups victims. */
class EngineStealPolicyTest {
    @TempDir
    Path sysfs;

    @ParameterizedTest
    @EnumSource(StealPolicy.class)
    void everyPolicyRunsFib(StealPolicy policy) throws Exception {
        for (int workers : new int[] {1, 2, 8}) {
            try (Engine engine = Engine.builder()
                    .workers(workers)
                    .stealPolicy(policy)
                    .stealAttempts(3)
                    .build()) {
                assertThat(engine.submit(new EngineForkJoinTest.Fib(22, 0)).await())
                        .isEqualTo(EngineForkJoinTest.seqFib(22));
            }
        }
    }

    @Test
    void localityFallsBackToRandomWithoutTopology() throws Exception {
        CpuTopology empty = CpuTopology.read(sysfs);
        assertThat(empty.known()).isFalse();
        assertThat(VictimSelector.create(StealPolicy.LOCALITY, 0, 4, empty).policy())
                .isEqualTo(StealPolicy.RANDOM);
        try (Engine engine = Engine.builder()
                .workers(2)
                .stealPolicy(StealPolicy.LOCALITY)
                .topologyRoot(sysfs)
                .build()) {
            assertThat(engine.effectiveStealPolicy()).isEqualTo(StealPolicy.RANDOM);
            assertThat(engine.submit(new EngineForkJoinTest.Fib(20, 0)).await()).isEqualTo(6765L);
        }
    }

    @Test
    void localityGroupsVictimsByPackage() throws Exception {
        write("devices/system/cpu/online", "0-3\n");
        int[] pkg = {0, 0, 1, 1};
        for (int cpu = 0; cpu < 4; cpu++) {
            write("devices/system/cpu/cpu" + cpu + "/topology/physical_package_id", pkg[cpu] + "\n");
        }
        CpuTopology topo = CpuTopology.read(sysfs);
        assertThat(topo.known()).isTrue();
        assertThat(topo.cpuCount()).isEqualTo(4);
        VictimSelector w0 = VictimSelector.create(StealPolicy.LOCALITY, 0, 4, topo);
        VictimSelector w2 = VictimSelector.create(StealPolicy.LOCALITY, 2, 4, topo);
        assertThat(w0.policy()).isEqualTo(StealPolicy.LOCALITY);
        assertThat(w0.nearVictims()).containsExactly(1);
        assertThat(w0.farVictims()).containsExactly(2, 3);
        assertThat(w2.nearVictims()).containsExactly(3);
        assertThat(w2.farVictims()).containsExactly(0, 1);
        for (int round = 0; round < 20; round++) { // the first probe of every round is the near one
            assertThat(w0.next(0)).isEqualTo(1);
            assertThat(w0.next(1)).isIn(2, 3);
        }
        // 6 workers on 4 CPUs: worker i maps to the (i mod 4)-th CPU, so 5 sits on cpu1 (package 0)
        VictimSelector w5 = VictimSelector.create(StealPolicy.LOCALITY, 5, 6, topo);
        assertThat(w5.nearVictims()).containsExactly(0, 1, 4);
        assertThat(w5.farVictims()).containsExactly(2, 3);
        try (Engine engine = Engine.builder()
                .workers(4)
                .stealPolicy(StealPolicy.LOCALITY)
                .topologyRoot(sysfs)
                .build()) {
            assertThat(engine.effectiveStealPolicy()).isEqualTo(StealPolicy.LOCALITY);
            assertThat(engine.submit(new EngineForkJoinTest.Fib(20, 0)).await()).isEqualTo(6765L);
        }
    }

    @Test
    void localityGroupsVictimsByNumaNode() throws Exception {
        for (int cpu = 0; cpu < 4; cpu++) { // no "online" file, no package ids: cpu dirs and nodes only
            Files.createDirectories(sysfs.resolve("devices/system/cpu/cpu" + cpu));
        }
        write("devices/system/node/node0/cpulist", "0,2\n");
        write("devices/system/node/node1/cpulist", "1,3\n");
        CpuTopology topo = CpuTopology.read(sysfs);
        assertThat(topo.nodeOfWorker(2)).isEqualTo(0);
        assertThat(topo.packageOfWorker(2)).isEqualTo(-1);
        VictimSelector w1 = VictimSelector.create(StealPolicy.LOCALITY, 1, 4, topo);
        assertThat(w1.nearVictims()).containsExactly(3);
        assertThat(w1.farVictims()).containsExactly(0, 2);
    }

    @Test
    void cpuListsAreParsed() throws IOException {
        write("devices/system/cpu/online", "0-3,8,10-11\n");
        CpuTopology topo = CpuTopology.read(sysfs);
        assertThat(topo.cpuCount()).isEqualTo(7);
        assertThat(topo.cpuOfWorker(4)).isEqualTo(8);
        assertThat(topo.cpuOfWorker(6)).isEqualTo(11);
        assertThat(topo.known()).isFalse(); // CPUs but no package or node
    }

    @Test
    void randomAndRoundRobinNeverPickSelfAndReachEveryone() {
        for (StealPolicy p : new StealPolicy[] {StealPolicy.RANDOM, StealPolicy.ROUND_ROBIN}) {
            VictimSelector s = VictimSelector.create(p, 2, 5, null);
            Set<Integer> seen = new HashSet<>();
            for (int i = 0; i < 200; i++) {
                int v = s.next(i % 4);
                assertThat(v).isBetween(0, 4).isNotEqualTo(2);
                seen.add(v);
            }
            assertThat(seen).containsExactlyInAnyOrder(0, 1, 3, 4);
        }
        VictimSelector rr = VictimSelector.create(StealPolicy.ROUND_ROBIN, 0, 3, null);
        assertThat(new int[] {rr.next(0), rr.next(1), rr.next(2), rr.next(3)}).containsExactly(1, 2, 1, 2);
    }

    private void write(String relative, String content) throws IOException {
        Path p = sysfs.resolve(relative);
        Files.createDirectories(p.getParent());
        Files.writeString(p, content);
    }
}
