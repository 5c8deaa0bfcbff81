package dev.lockstep.flow.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lockstep.core.Engine;
import dev.lockstep.core.Future;
import dev.lockstep.flow.Compute.Priority;
import dev.lockstep.flow.FlowFailure;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Priorities, cancellation while waiting and CPU budgets of compute effects ({@link ComputeLanes}). */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ComputeLanesTest {
    @Test
    void highPriorityOvertakesWaitingNormalOnes() throws Exception {
        try (Engine engine = Engine.builder().workers(1).name("lanes-order").build()) {
            ComputeLanes lanes = ComputeLanes.of(engine);
            List<String> order = new CopyOnWriteArrayList<>();
            CountDownLatch gate = new CountDownLatch(1);
            Future<String> blocker = lanes.submit(
                    "blocker",
                    Priority.LOW,
                    null,
                    () -> {
                        gate.await();
                        order.add("blocker");
                        return "b";
                    },
                    null);
            while (lanes.waiting() != 0) {
                Thread.onSpinWait(); // the blocker holds the only permit
            }
            Future<?> a = lanes.submit("a", Priority.NORMAL, null, () -> order.add("a"), null);
            Future<?> b = lanes.submit("b", Priority.NORMAL, null, () -> order.add("b"), null);
            Future<?> l = lanes.submit("l", Priority.LOW, null, () -> order.add("l"), null);
            Future<?> h = lanes.submit("h", Priority.HIGH, null, () -> order.add("h"), null);
            assertThat(lanes.waiting()).isEqualTo(4);
            gate.countDown();
            blocker.join();
            for (Future<?> f : List.of(a, b, l, h)) {
                f.join();
            }
            assertThat(order).containsExactly("blocker", "h", "a", "b", "l");
        }
    }

    @Test
    void aTaskCancelledWhileWaitingNeverRunsAndItsPermitIsNotLost() throws Exception {
        try (Engine engine = Engine.builder().workers(1).name("lanes-cancel").build()) {
            ComputeLanes lanes = ComputeLanes.of(engine);
            AtomicInteger ran = new AtomicInteger();
            CountDownLatch gate = new CountDownLatch(1);
            Future<Object> blocker = lanes.submit(
                    "blocker",
                    Priority.NORMAL,
                    null,
                    () -> {
                        gate.await();
                        return null;
                    },
                    null);
            Future<Integer> doomed = lanes.submit("doomed", Priority.HIGH, null, ran::incrementAndGet, null);
            doomed.cancel();
            gate.countDown();
            blocker.join();
            for (int i = 0; i < 100; i++) {
                lanes.submit("after" + i, Priority.NORMAL, null, () -> 0, null).join();
            }
            assertThat(ran).hasValue(0);
            while (lanes.running() != 0) {
                Thread.onSpinWait(); // the last task's permit comes back after its future completed
            }
            assertThat(lanes.waiting()).isZero();
        }
    }

    @Test
    void permitGivenBackOncePerJob() throws Exception {
        try (Engine engine = Engine.builder().workers(2).name("lanes-permits").build()) {
            ComputeLanes lanes = ComputeLanes.of(engine);
            for (int round = 0; round < 200; round++) {
                Future<Integer> f = lanes.submit("r", Priority.values()[round % 3], null, () -> 1, null);
                if (round % 2 == 0) {
                    f.cancel(); // racing the start: before, during or after
                }
                try {
                    f.join();
                } catch (RuntimeException expected) {
                    // cancelled
                }
            }
            while (lanes.running() != 0) {
                Thread.onSpinWait();
            }
            assertThat(lanes.running()).isZero(); // a double give-back would go negative, a lost one stay above
            assertThat(lanes.submit("last", Priority.LOW, null, () -> 7, null).join())
                    .isEqualTo(7);
        }
    }

    @Test
    void aTaskOverItsCpuBudgetFailsWith503NamingTheEffect() throws Exception {
        try (Engine engine = Engine.builder().workers(1).name("lanes-budget").build()) {
            ComputeLanes lanes = ComputeLanes.of(engine);
            Future<Long> spin = lanes.submit(
                    "spin",
                    Priority.NORMAL,
                    Duration.ofMillis(2),
                    () -> {
                        long n = 0;
                        while (!ComputeLanes.budgetExceeded()) { // cooperative: it checks and stops
                            n++;
                        }
                        return n;
                    },
                    null);
            assertThatThrownBy(spin::join).hasCauseInstanceOf(FlowFailure.class).satisfies(e -> {
                FlowFailure f = (FlowFailure) e.getCause();
                assertThat(f.error().status()).isEqualTo(503);
                assertThat(f.error().key()).isEqualTo("spin");
            });
            assertThat(lanes.submit("cheap", Priority.NORMAL, Duration.ofSeconds(10), () -> 1, null)
                            .join())
                    .isEqualTo(1);
            assertThat(ComputeLanes.budgetExceeded()).isFalse(); // outside a task: no budget
        }
    }
}
