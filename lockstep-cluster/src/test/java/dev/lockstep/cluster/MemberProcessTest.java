package dev.lockstep.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lockstep.core.Future;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Members as separate processes on loopback, with a lite member in this JVM as the caller. */
class MemberProcessTest {
    @Test
    void twoMemberProcessesRunTenThousandTasksSubmittedFromALiteMember() {
        ClusterConfig config = TestClusters.loopback(3);
        try (MemberProcess a = MemberProcess.start(config);
                MemberProcess b = MemberProcess.start(config);
                ClusterMember caller = ClusterMember.start(config.withLiteMember(true))) {
            TestClusters.awaitMembers(caller, 3);
            assertThat(a.pid())
                    .isNotEqualTo(b.pid())
                    .isNotEqualTo(ProcessHandle.current().pid());
            List<MonteCarloPi.Slice> slices = MonteCarloPi.slices(42, 10_000, 200);
            List<Future<Long>> futures = new ArrayList<>();
            for (MonteCarloPi.Slice s : slices) {
                futures.add(caller.engine().submit(s));
            }
            long hits = 0;
            long expected = 0;
            for (int i = 0; i < slices.size(); i++) {
                hits += futures.get(i).join();
                expected += slices.get(i).call();
            }
            assertThat(hits).isEqualTo(expected);
            Set<UUID> processes = Set.of(a.uuid(), b.uuid());
            Set<UUID> members = caller.members().stream().map(m -> m.getUuid()).collect(Collectors.toSet());
            assertThat(members)
                    .containsAll(processes)
                    .contains(caller.localMember().getUuid());
        }
    }

    @Test
    void aMemberProcessThatCannotStartNamesItsClusterAndQuotesItsErrors() {
        ClusterConfig config = TestClusters.loopback(1).withBindAddress("192.0.2.1");
        assertThatThrownBy(() -> MemberProcess.start(config))
                .isInstanceOf(ClusterStartException.class)
                .hasMessageContaining(config.clusterName())
                .hasMessageContaining("192.0.2.1");
    }
}
