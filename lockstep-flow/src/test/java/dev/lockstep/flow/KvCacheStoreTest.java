package dev.lockstep.flow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lockstep.core.Future;
import dev.lockstep.core.Promise;
import dev.lockstep.core.cache.KeyValueStore;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The cache effects on a store other than the in-process one: a fake remote store that answers
 * every operation later, on its own thread, and records what it was asked.
 */
class KvCacheStoreTest {
    record Doc(String title, int pages) {}

    static final Slot<Doc> DOC = Slot.json("doc", Doc.class);

    private final ScheduledExecutorService remote = Executors.newSingleThreadScheduledExecutor();

    @AfterEach
    void stop() {
        remote.shutdownNow();
    }

    /** A map answered 20 ms later on another thread; records calls and the thread that made them. */
    class SlowStore implements KeyValueStore<String, byte[]> {
        final Map<String, byte[]> data = new ConcurrentHashMap<>();
        final List<String> calls = new CopyOnWriteArrayList<>();
        final List<Duration> ttls = new CopyOnWriteArrayList<>();

        private <T> Future<T> later(Supplier<T> op) {
            Promise<T> p = new Promise<>();
            remote.schedule(() -> p.complete(op.get()), 20, TimeUnit.MILLISECONDS);
            return p;
        }

        @Override
        public Future<byte[]> get(String key) {
            calls.add("get " + key);
            return later(() -> data.get(key));
        }

        @Override
        public Future<Void> put(String key, byte[] value, Duration ttl) {
            calls.add("put " + key);
            ttls.add(ttl);
            return later(() -> {
                data.put(key, value);
                return null;
            });
        }

        @Override
        public Future<Void> remove(String key) {
            calls.add("remove " + key);
            return later(() -> {
                data.remove(key);
                return null;
            });
        }

        @Override
        public String toString() {
            return "SlowStore";
        }
    }

    private static ReqTest.RouteResult runOne(Effect<?> effect, Slot<?>... into) {
        Step s = Step.named("go").writes(into).run(v -> Need.of(effect).build());
        Step done = Step.named("done").run(v -> Decision.done(FlowResponse.text(200, "ok")));
        return ReqTest.route(Pipeline.route("one").step(s).step(done).build())
                .allowRealEffects()
                .run();
    }

    @Test
    void theEffectsCompleteWhenTheStoreAnswers() {
        SlowStore store = new SlowStore();
        KvCache cache = KvCache.create("docs", store);
        assertThat(cache.store()).isSameAs(store);

        assertThat(runOne(cache.get("get", "d1", DOC), DOC).slot(DOC)).isEmpty(); // a miss: an empty slot
        runOne(cache.set("set", "d1", DOC, new Doc("spec", 12), Duration.ofSeconds(10)));
        assertThat(store.ttls).containsExactly(Duration.ofSeconds(10));
        assertThat(runOne(cache.get("get", "d1", DOC), DOC).slot(DOC)).contains(new Doc("spec", 12));
        runOne(cache.delete("del", "d1"));
        assertThat(store.data).isEmpty();
        assertThat(runOne(cache.get("get", "d1", DOC), DOC).slot(DOC)).isEmpty();
        assertThat(store.calls).containsExactly("get d1", "put d1", "get d1", "remove d1", "get d1");
    }

    @Test
    void aFailingStoreFailsTheEffectNamingIt() {
        KeyValueStore<String, byte[]> down = new SlowStore() {
            @Override
            public Future<byte[]> get(String key) {
                return Promise.failed(new IllegalStateException("store unreachable"));
            }
        };
        KvCache cache = KvCache.create("docs", down);
        var r = runOne(cache.get("get", "d1", DOC), DOC);
        assertThat(r.response().status()).isEqualTo(502);
        assertThat(r.response().bodyText()).contains("get");
    }

    @Test
    void peekIsForInProcessCachesOnly() {
        KvCache cache = KvCache.create("docs", new SlowStore());
        assertThatThrownBy(() -> cache.peek("d1"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("cache 'docs'")
                .hasMessageContaining("SlowStore");
        KvCache local = KvCache.create("local", 10);
        runOne(local.set("set", "d1", DOC, new Doc("x", 1), Duration.ofSeconds(10)));
        assertThat(local.peek("d1")).isNotNull();
        assertThat(local.store().get("d1").join()).isEqualTo(local.peek("d1"));
        assertThatThrownBy(() -> local.store().put("d2", null, Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("key d2");
    }
}
