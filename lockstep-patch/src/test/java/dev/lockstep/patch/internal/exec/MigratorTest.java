package dev.lockstep.patch.internal.exec;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lockstep.patch.internal.ir.Instance;
import dev.lockstep.patch.internal.ir.StateSlot;
import java.util.List;
import org.junit.jupiter.api.Test;

class MigratorTest {
    @Test
    void gridLanesFollowTheirCellNotTheirIndex() {
        Instance oldGrid = new Instance(0, "grid", 6, 3, 2, true);
        Instance newGrid = new Instance(0, "grid", 8, 4, 2, true);
        StateSlot o = new StateSlot(0, "lag:lag", "lag", "lag", 2, 0, new double[] {-1, -2});
        StateSlot n = new StateSlot(0, "lag:lag", "lag", "lag", 2, 0, new double[] {-1, -2});
        float[] src = new float[12];
        for (int lane = 0; lane < 6; lane++) {
            src[lane * 2] = lane;
            src[lane * 2 + 1] = 100 + lane;
        }
        float[] dst = new float[16];
        Migrator.Side from =
                new Migrator.Side(List.of(o), List.of(oldGrid), new double[0], new int[] {-1}, new float[][] {src});
        Migrator.Side to =
                new Migrator.Side(List.of(n), List.of(newGrid), new double[0], new int[] {-1}, new float[][] {dst});
        List<Migrator.Entry> r = Migrator.migrate(from, to);
        assertThat(r).singleElement().satisfies(e -> {
            assertThat(e.action()).isEqualTo("remap");
            assertThat(e.diagnostic()).contains("6 kept", "2 new", "0 dropped");
        });
        // new row-major 4x2: (x, y) -> lane y*4+x; old lane y*3+x
        for (int y = 0; y < 2; y++) {
            for (int x = 0; x < 4; x++) {
                int lane = y * 4 + x;
                if (x < 3) {
                    assertThat(dst[lane * 2]).isEqualTo(y * 3 + x);
                    assertThat(dst[lane * 2 + 1]).isEqualTo(100 + y * 3 + x);
                } else {
                    assertThat(dst[lane * 2]).isEqualTo(-1f); // a new cell starts at the initial value
                    assertThat(dst[lane * 2 + 1]).isEqualTo(-2f);
                }
            }
        }
    }

    @Test
    void scalarsAreCopiedResetNewOrDiscardedByStateId() {
        StateSlot keep = new StateSlot(0, "ph:phase", "ph", "phase", 1, -1, new double[] {0});
        StateSlot grows = new StateSlot(1, "lag:lag", "lag", "lag", 1, -1, new double[] {0});
        StateSlot gone = new StateSlot(2, "old:delay", "old", "delay", 1, -1, new double[] {0});
        double[] oldScalar = {0.25, 7, 9};
        StateSlot grows2 = new StateSlot(0, "lag:lag", "lag", "lag", 2, -1, new double[] {3, 4});
        StateSlot keep2 = new StateSlot(1, "ph:phase", "ph", "phase", 1, -1, new double[] {0});
        StateSlot fresh = new StateSlot(2, "d:delay", "d", "delay", 1, -1, new double[] {5});
        double[] newScalar = {3, 4, 0, 5};
        Migrator.Side from = new Migrator.Side(
                List.of(keep, grows, gone), List.of(), oldScalar, new int[] {0, 1, 2}, new float[3][]);
        Migrator.Side to = new Migrator.Side(
                List.of(grows2, keep2, fresh), List.of(), newScalar, new int[] {0, 2, 3}, new float[3][]);
        List<Migrator.Entry> r = Migrator.migrate(from, to);
        assertThat(r)
                .extracting(Migrator.Entry::stateId, Migrator.Entry::action)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("lag:lag", "reset"),
                        org.assertj.core.groups.Tuple.tuple("ph:phase", "copy"),
                        org.assertj.core.groups.Tuple.tuple("d:delay", "new"),
                        org.assertj.core.groups.Tuple.tuple("old:delay", "discard"));
        assertThat(r.get(0).diagnostic()).contains("signal stride 1 -> signal stride 2");
        assertThat(newScalar).containsExactly(3, 4, 0.25, 5);
    }
}
