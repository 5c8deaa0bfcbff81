package dev.lockstep.core.concurrent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class DeadlineQueueTest {
    @Test
    void pollReturnsTheEarliestDeadlineFirst() {
        DeadlineQueue<String> q = PriorityTaskQueue.earliestDeadlineFirst();
        q.add("t30", 30);
        q.add("t10", 10);
        q.add("t-5", -5); // System.nanoTime() values may be negative
        q.add("t20", 20);
        assertThat(q.size()).isEqualTo(4);
        assertThat(q.peek()).isEqualTo("t-5");
        List<String> out = new ArrayList<>();
        for (String x; (x = q.poll()) != null; ) {
            out.add(x);
        }
        assertThat(out).containsExactly("t-5", "t10", "t20", "t30");
        assertThat(q.isEmpty()).isTrue();
        assertThat(q.peek()).isNull();
    }

    @Test
    void equalDeadlinesComeOutInAdditionOrder() {
        DeadlineQueue<String> q = new DeadlineQueue<>();
        for (int i = 0; i < 20; i++) {
            q.add("a" + i, 5); // a heap alone would not keep these in order
            q.add("b" + i, 7);
        }
        List<String> out = new ArrayList<>();
        for (String x; (x = q.poll()) != null; ) {
            out.add(x);
        }
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            expected.add("a" + i);
        }
        for (int i = 0; i < 20; i++) {
            expected.add("b" + i);
        }
        assertThat(out).isEqualTo(expected);
    }

    @Test
    void pollDueTakesOnlyWhatIsDue() {
        DeadlineQueue<String> q = new DeadlineQueue<>();
        q.add("at100", 100);
        q.add("at200", 200);
        assertThat(q.pollDue(99)).isNull();
        assertThat(q.size()).isEqualTo(2);
        assertThat(q.pollDue(100)).isEqualTo("at100");
        assertThat(q.pollDue(150)).isNull();
        assertThat(q.pollDue(Long.MAX_VALUE)).isEqualTo("at200");
        assertThat(q.pollDue(Long.MAX_VALUE)).isNull();
    }

    @Test
    void nullIsRejectedWithAClearMessage() {
        DeadlineQueue<String> q = new DeadlineQueue<>();
        assertThatThrownBy(() -> q.add(null, 1))
                .isInstanceOf(NullPointerException.class)
                .hasMessageContaining("does not accept null elements");
        assertThat(q.toString()).contains("size=0");
    }
}
