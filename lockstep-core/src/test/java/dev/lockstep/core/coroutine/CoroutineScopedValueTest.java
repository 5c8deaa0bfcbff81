package dev.lockstep.core.coroutine;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

/**
 * ScopedValue bindings never leak between a body and its resumer. On the VIRTUAL_THREAD backend the
 * body has a thread of its own, so a binding it makes spans its yields; on the CONTINUATION backend
 * the body shares the resumer's thread, whose bindings the JDK does not swap, so a yield inside a
 * binding the body made is refused (reason SCOPED_VALUE) and the body sees its resumer's bindings
 * (in its first segment; later segments may read cached values, see docs/core/coroutines.md).
 */
class CoroutineScopedValueTest {
    private static final ScopedValue<String> WHO = ScopedValue.newInstance();

    private static String who() {
        return WHO.isBound() ? WHO.get() : "unbound";
    }

    @BothBackends
    void aBindingMadeInTheBodyNeverReachesTheResumer(CoroutineBackend backend) {
        List<String> trace = new ArrayList<>();
        Coroutine<Void> co = Coroutine.create(
                "binder",
                null,
                backend,
                self -> ScopedValue.where(WHO, "body").run(() -> {
                    try {
                        Coroutine.yield();
                        trace.add("yielded, body sees " + who());
                    } catch (CoroutinePinnedException e) {
                        trace.add("refused " + e.reason() + ", body sees " + who());
                    }
                }));
        ScopedValue.where(WHO, "resumer").run(() -> {
            co.resume();
            trace.add("resumer sees " + who());
        });
        if (co.state() == CoroutineState.SUSPENDED) {
            co.resume();
        }
        trace.add("outside sees " + who());
        assertThat(co.state()).isEqualTo(CoroutineState.DONE);
        if (backend == CoroutineBackend.CONTINUATION) {
            assertThat(trace)
                    .containsExactly(
                            "refused SCOPED_VALUE, body sees body", "resumer sees resumer", "outside sees unbound");
        } else {
            assertThat(trace)
                    .containsExactly("resumer sees resumer", "yielded, body sees body", "outside sees unbound");
        }
    }

    @BothBackends
    void theResumersBindingsAreVisibleToAContinuationBodyOnly(CoroutineBackend backend) {
        List<String> trace = new ArrayList<>();
        Coroutine<Void> co = Coroutine.create("reader", null, backend, self -> {
            trace.add(who());
            Coroutine.yield();
        });
        ScopedValue.where(WHO, "resumer").run(co::resume);
        co.resume();
        // only the first segment's read is specified: the JDK caches ScopedValue lookups per
        // continuation, so a later segment under other bindings may read the earlier value
        assertThat(trace).containsExactly(backend == CoroutineBackend.CONTINUATION ? "resumer" : "unbound");
    }

    @BothBackends
    void theRefusalNamesTheFrameThatMadeTheBinding(CoroutineBackend backend) {
        List<CoroutinePinnedException> refused = new ArrayList<>();
        Coroutine<Void> co = Coroutine.create(
                "named",
                null,
                backend,
                self -> ScopedValue.where(WHO, "x").run(() -> {
                    try {
                        Coroutine.yield();
                    } catch (CoroutinePinnedException e) {
                        refused.add(e);
                    }
                }));
        while (co.resume() != CoroutineState.DONE) {
            // the VT backend suspends once
        }
        if (backend == CoroutineBackend.CONTINUATION) {
            assertThat(refused).hasSize(1);
            assertThat(refused.get(0).frame())
                    .startsWith("ScopedValue binding or structured scope opened in "
                            + CoroutineScopedValueTest.class.getName() + ".lambda$");
        } else {
            assertThat(refused).isEmpty();
        }
    }
}
