package dev.lockstep.flow.limit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class LimitTest {
    @Test
    void aTargetTakesUpToItsCapAndOtherTargetsAreIndependent() {
        InFlightLimiter l = new InFlightLimiter(2);
        assertThat(l.tryAcquire("db")).isTrue();
        assertThat(l.tryAcquire("db")).isTrue();
        assertThat(l.tryAcquire("db")).isFalse();
        assertThat(l.tryAcquire("http://a")).isTrue();
        l.release("db");
        assertThat(l.inFlight("db")).isEqualTo(1);
        assertThat(l.tryAcquire("db")).isTrue();
        assertThatThrownBy(() -> new InFlightLimiter(0)).hasMessageContaining("at least 1");
    }

    @Test
    void releasingWithoutAnAcquireIsABugThatThrows() {
        InFlightLimiter l = new InFlightLimiter(1);
        assertThatThrownBy(() -> l.release("x")).hasMessageContaining("release of x without an acquire");
        l.tryAcquire("x");
        l.release("x");
        assertThatThrownBy(() -> l.release("x")).isInstanceOf(IllegalStateException.class);
        assertThat(l.inFlight("x")).isZero();
    }

    @Test
    void concurrentAcquirersNeverOvershootTheCap() throws Exception {
        InFlightLimiter l = new InFlightLimiter(5);
        AtomicInteger granted = new AtomicInteger();
        CountDownLatch go = new CountDownLatch(1);
        Thread[] ts = new Thread[8];
        for (int t = 0; t < ts.length; t++) {
            ts[t] = new Thread(() -> {
                try {
                    go.await();
                } catch (InterruptedException e) {
                    return;
                }
                for (int i = 0; i < 1000; i++) {
                    if (l.tryAcquire("t")) {
                        granted.incrementAndGet();
                    }
                }
            });
            ts[t].start();
        }
        go.countDown();
        for (Thread t : ts) {
            t.join();
        }
        assertThat(granted.get()).isEqualTo(5);
        assertThat(l.inFlight("t")).isEqualTo(5);
    }

    @Test
    void idleTargetsLeaveTheMap() {
        InFlightLimiter l = new InFlightLimiter(2);
        for (int i = 0; i < 1000; i++) { // one key per target, as cache and database effects have
            String target = "cache/key-" + i;
            assertThat(l.tryAcquire(target)).isTrue();
            assertThat(l.tryAcquire(target)).isTrue();
            l.release(target);
            assertThat(l.targets()).isEqualTo(1);
            l.release(target);
            assertThat(l.targets()).isZero();
        }
        assertThatThrownBy(() -> l.release("cache/key-1")).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void acquirersRacingWithTheRemovalOfIdleTargetsNeverOvershootTheCap() throws Exception {
        InFlightLimiter l = new InFlightLimiter(2);
        AtomicInteger holding = new AtomicInteger();
        AtomicInteger overshoot = new AtomicInteger();
        CountDownLatch go = new CountDownLatch(1);
        Thread[] ts = new Thread[4];
        for (int t = 0; t < ts.length; t++) {
            ts[t] = new Thread(() -> {
                try {
                    go.await();
                } catch (InterruptedException e) {
                    return;
                }
                for (int i = 0; i < 20_000; i++) {
                    if (l.tryAcquire("t")) {
                        if (holding.incrementAndGet() > 2) {
                            overshoot.incrementAndGet();
                        }
                        holding.decrementAndGet();
                        l.release("t");
                    }
                }
            });
            ts[t].start();
        }
        go.countDown();
        for (Thread t : ts) {
            t.join();
        }
        assertThat(overshoot.get()).isZero();
        assertThat(l.inFlight("t")).isZero();
        assertThat(l.targets()).isZero();
    }

    @Test
    void sheddingStartsWhenTheRecentQueueingDelayPassesTheThresholdAndStopsAsItDecays() {
        AtomicLong now = new AtomicLong();
        LoadShedder s = new LoadShedder(Duration.ofMillis(100), now::get);
        s.queued(Duration.ofMillis(400).toNanos()); // one slow item: 0.2 x 400 = 80 ms, below
        assertThat(s.shouldShed()).isFalse();
        for (int i = 0; i < 10; i++) {
            s.queued(Duration.ofMillis(400).toNanos());
        }
        assertThat(s.shouldShed()).isTrue();
        assertThat(s.retryAfterSeconds()).isEqualTo(1);
        now.addAndGet(Duration.ofSeconds(3).toNanos()); // nothing queued for 3 s: e^-3 of the estimate
        assertThat(s.shouldShed()).isFalse();
        assertThat(s.shedCount()).isEqualTo(1);
    }

    @Test
    void retryAfterFollowsTheEstimatedDelay() {
        AtomicLong now = new AtomicLong();
        LoadShedder s = new LoadShedder(Duration.ofMillis(100), now::get);
        for (int i = 0; i < 40; i++) {
            s.queued(Duration.ofMillis(2500).toNanos());
        }
        assertThat(s.retryAfterSeconds()).isEqualTo(3);
    }
}
