package dev.lockstep.core.coroutine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/** {@code Coroutine.create} with a name supplier: the name is asked each time it is needed. */
class CoroutineNameSupplierTest {
    @BothBackends
    void theNameIsAskedEachTimeItIsNeeded(CoroutineBackend backend) {
        AtomicReference<String> current = new AtomicReference<>("first");
        Coroutine<Void> co = Coroutine.create((Supplier<String>) current::get, null, backend, self -> {
            Coroutine.yield();
            throw new IOException("disk");
        });
        assertThat(co.name()).isEqualTo("first");
        co.resume();
        current.set("second");
        assertThat(co.name()).isEqualTo("second");
        assertThat(co.toString()).contains("second");
        assertThatThrownBy(co::resume)
                .isInstanceOf(CoroutineException.class)
                .hasMessage("coroutine 'second' failed: java.io.IOException: disk");
    }

    @BothBackends
    void aNullSupplierIsRefused(CoroutineBackend backend) {
        assertThatThrownBy(() -> Coroutine.create((Supplier<String>) null, null, backend, self -> {}))
                .isInstanceOf(NullPointerException.class)
                .hasMessageContaining("name");
    }
}
