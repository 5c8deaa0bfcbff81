package dev.lockstep.cluster;

import com.hazelcast.cluster.Member;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.IExecutorService;
import com.hazelcast.nio.serialization.HazelcastSerializationException;
import com.hazelcast.partition.PartitionService;
import dev.lockstep.cluster.internal.DataMembers;
import dev.lockstep.cluster.internal.HazelcastConfigs;
import dev.lockstep.cluster.internal.NoTargetException;
import dev.lockstep.cluster.internal.RemotePromise;
import dev.lockstep.cluster.internal.RetryingPromise;
import dev.lockstep.cluster.internal.StagePromise;
import dev.lockstep.cluster.internal.TaskEnvelope;
import dev.lockstep.core.Future;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;

/**
 * Submits callables to a Hazelcast cluster and returns lockstep-core {@link Future}s: to some
 * member ({@link #submit}), to the member that owns a key's partition ({@link #submitToKeyOwner},
 * data affinity: the same key as an IMap entry runs where the entry lives), to one member ({@link
 * #submitToMember}) or to every member ({@link #submitToAll}).
 *
 * <p>Built on one Hazelcast {@link IExecutorService} (named {@code lockstep-engine}); this class adds
 * no protocol of its own, only an envelope around each task ({@code internal.TaskEnvelope}) and the
 * caller's retry loop ({@code internal.RetryingPromise}).
 *
 * <p><b>Idempotency keys and retries</b> ({@link #submit} and {@link #submitToKeyOwner}): every task
 * carries an idempotency key, the caller's ({@link #submit(String, Callable)}) or a generated one.
 * When the member running a task leaves or is removed (crashed, cut off past {@link
 * ClusterConfig#failureTimeout()}, shut down), the task is sent again, under the engine's {@link
 * ClusterRetryPolicy}, to its routing key's partition owner of the moment (a survivor). The
 * returned future completes once, with one result: no result is lost (every loss is retried until
 * the policy gives up, and then the future fails with {@link ClusterTaskLostException}) or
 * duplicated (an attempt is retried only after it failed, and the future's outcome is decided
 * once). Execution itself is at least once: a task whose member died after running part of it runs
 * again.
 *
 * <p>A task submitted with the caller's idempotency key also has its result <b>stored once</b> in
 * the cluster (the IMap {@code lockstep-results}, one synchronous backup, entries live {@link
 * #withResultTtl result TTL}, default {@link #DEFAULT_RESULT_TTL}): the first result stored under the
 * key is the one every attempt, and every later submission with that key from any member, returns,
 * without running the task again once it is stored. A task's exception is not stored (a later
 * submission runs it again). The task runs on the owner of the key's partition (or of the affinity
 * key's), so the store is local to it.
 *
 * <p>{@link #submitToMember} and {@link #submitToAll} are pinned to members: they are not retried
 * elsewhere (the future fails with Hazelcast's {@code MemberLeftException}) and store nothing.
 *
 * <p><b>Serialization</b>: a task, what it captures and its result go through Hazelcast's
 * serialization: Java serialization for a {@code Serializable} class, compact serialization
 * otherwise (zero-config, by reflection, for records and classes whose fields compact supports). A
 * task that neither can serialize throws {@link IllegalArgumentException} from the submitting
 * call, naming the task's class and the reason (Hazelcast serializes on the caller's thread before
 * sending). A result that cannot be serialized fails the future (it is only found out on the
 * member). Classes must be on every member's class path.
 *
 * <p><b>Cancellation</b> (best effort): cancelling a returned future decides it at once for the
 * caller and calls {@code cancel(true)} on the attempt in flight, which sends a cancellation to the
 * member running it: a task still queued never runs; a running task's thread is interrupted; a
 * finished task is unaffected. No further attempt is sent after a cancel.
 *
 * <p><b>Threads</b>: futures complete on Hazelcast's response threads (or on the caller's when the
 * result is already there; a retry's on the JDK's delayed executor); callbacks must not block.
 */
public final class DistributedEngine {
    /** How long a stored result lives by default. */
    public static final Duration DEFAULT_RESULT_TTL = Duration.ofMinutes(10);

    private final HazelcastInstance hazelcast;
    private final IExecutorService executor;
    private final PartitionService partitions;
    private final DataMembers dataMembers;
    private final ClusterRetryPolicy retryPolicy;
    private final long resultTtlMillis;
    private final Counters counters;

    /** Shared by an engine and its {@code with...} copies. */
    private static final class Counters {
        final String keyPrefix = Long.toHexString(ThreadLocalRandom.current().nextLong()) + "-";
        final AtomicLong keys = new AtomicLong();
        final LongAdder submitted = new LongAdder();
        final LongAdder retries = new LongAdder();
    }

    /** An engine submitting through {@code hazelcast} (usually {@link ClusterMember#engine()}). */
    public DistributedEngine(HazelcastInstance hazelcast) {
        this(
                Objects.requireNonNull(hazelcast, "hazelcast"),
                new DataMembers(hazelcast),
                ClusterRetryPolicy.DEFAULT,
                DEFAULT_RESULT_TTL.toMillis(),
                new Counters());
    }

    private DistributedEngine(
            HazelcastInstance hazelcast,
            DataMembers dataMembers,
            ClusterRetryPolicy retryPolicy,
            long resultTtlMillis,
            Counters counters) {
        this.hazelcast = hazelcast;
        this.executor = hazelcast.getExecutorService(HazelcastConfigs.EXECUTOR);
        this.partitions = hazelcast.getPartitionService();
        this.dataMembers = dataMembers;
        this.retryPolicy = retryPolicy;
        this.resultTtlMillis = resultTtlMillis;
        this.counters = counters;
    }

    /** This engine with another retry policy (statistics shared). */
    public DistributedEngine withRetryPolicy(ClusterRetryPolicy policy) {
        Objects.requireNonNull(policy, "policy");
        return new DistributedEngine(hazelcast, dataMembers, policy, resultTtlMillis, counters);
    }

    /** This engine storing keyed results for {@code ttl} (at least a millisecond). */
    public DistributedEngine withResultTtl(Duration ttl) {
        if (ttl == null || ttl.toMillis() < 1) {
            throw new IllegalArgumentException("DistributedEngine.resultTtl: " + ttl + " must be at least 1 ms");
        }
        return new DistributedEngine(hazelcast, dataMembers, retryPolicy, ttl.toMillis(), counters);
    }

    public ClusterRetryPolicy retryPolicy() {
        return retryPolicy;
    }

    /** Runs {@code task} on some data member (round robin); retried on member loss. */
    public <T> Future<T> submit(Callable<T> task) {
        checkSendable(task);
        TaskEnvelope<T> envelope = new TaskEnvelope<>(task, generatedKey(), null, 0);
        return retrying(envelope, e -> executor.submitToMember(e, dataMembers.pick()));
    }

    /**
     * Runs {@code task} under {@code idempotencyKey}: on the owner of the key's partition, retried on
     * member loss, its result stored once (see the class comment). A second submission with the same
     * key returns the stored result while it lives.
     */
    public <T> Future<T> submit(String idempotencyKey, Callable<T> task) {
        return submitToKeyOwner(idempotencyKey, idempotencyKey, task);
    }

    /** Runs {@code task} on the member that owns {@code key}'s partition (as an IMap key would). */
    public <T> Future<T> submitToKeyOwner(Object key, Callable<T> task) {
        Objects.requireNonNull(key, "key");
        checkSendable(task);
        TaskEnvelope<T> envelope = new TaskEnvelope<>(task, generatedKey(), key, 0);
        return retrying(envelope, e -> executor.submitToMember(e, ownerOf(key)));
    }

    /**
     * Runs {@code task} under {@code idempotencyKey} on the owner of {@code key}'s partition; its
     * result stored once under the idempotency key, in {@code key}'s partition.
     */
    public <T> Future<T> submitToKeyOwner(Object key, String idempotencyKey, Callable<T> task) {
        Objects.requireNonNull(key, "key");
        checkSendable(task);
        if (idempotencyKey == null || idempotencyKey.isEmpty()) {
            throw new IllegalArgumentException("idempotency key of task "
                    + task.getClass().getName() + " must not be " + (idempotencyKey == null ? "null" : "empty"));
        }
        TaskEnvelope<T> envelope = new TaskEnvelope<>(task, idempotencyKey, key, resultTtlMillis);
        return retrying(envelope, e -> executor.submitToMember(e, ownerOf(key)));
    }

    /** Runs {@code task} on {@code member}; pinned: not retried elsewhere if it leaves. */
    public <T> Future<T> submitToMember(Member member, Callable<T> task) {
        Objects.requireNonNull(member, "member");
        checkSendable(task);
        Future<T> f = pinned(task, () -> executor.submitToMember(task, member));
        counters.submitted.increment();
        return f;
    }

    /** Runs {@code task} on every current member; one future per member, in membership order. */
    public <T> Map<Member, Future<T>> submitToAll(Callable<T> task) {
        checkSendable(task);
        Map<Member, java.util.concurrent.Future<T>> remote;
        try {
            remote = executor.submitToAllMembers(task);
        } catch (HazelcastSerializationException e) {
            throw notSerializable(task, e);
        }
        Map<Member, Future<T>> out = new LinkedHashMap<>();
        remote.forEach((member, f) -> out.put(member, new RemotePromise<T>().bind(f)));
        counters.submitted.add(out.size());
        return out;
    }

    /** The members of the cluster as this engine's member sees them now. */
    public Set<Member> members() {
        return hazelcast.getCluster().getMembers();
    }

    /** Tasks submitted and attempts retried through this engine and its copies. */
    public Stats stats() {
        return new Stats(counters.submitted.sum(), counters.retries.sum());
    }

    /**
     * @param submitted tasks submitted (one per member for {@code submitToAll})
     * @param retries attempts sent again after a member was lost
     */
    public record Stats(long submitted, long retries) {}

    private String generatedKey() {
        return counters.keyPrefix + Long.toHexString(counters.keys.incrementAndGet());
    }

    private Member ownerOf(Object key) {
        Member owner = partitions.getPartition(key).getOwner();
        if (owner == null) {
            throw new NoTargetException("no owner yet for the partition of key " + key);
        }
        return owner;
    }

    private <T> Future<T> retrying(
            TaskEnvelope<T> envelope,
            java.util.function.Function<TaskEnvelope<T>, java.util.concurrent.Future<T>> send) {
        RetryingPromise<T> promise = new RetryingPromise<>(
                send,
                retryPolicy,
                counters.retries,
                () -> hazelcast.getLifecycleService().isRunning());
        try {
            promise.start(envelope);
        } catch (HazelcastSerializationException e) {
            throw notSerializable(envelope.task(), e);
        }
        counters.submitted.increment();
        return promise;
    }

    private static <T> Future<T> pinned(Callable<T> task, Supplier<java.util.concurrent.Future<T>> send) {
        java.util.concurrent.Future<T> remote;
        try {
            remote = send.get();
        } catch (HazelcastSerializationException e) {
            throw notSerializable(task, e);
        }
        return new RemotePromise<T>().bind(remote);
    }

    /**
     * A lambda that is not {@code Serializable} would pass compact serialization (it has no fields)
     * and fail only on the member, which cannot load its hidden class: refuse it here instead.
     */
    private static void checkSendable(Callable<?> task) {
        Objects.requireNonNull(task, "task");
        if (!(task instanceof java.io.Serializable) && task.getClass().isHidden()) {
            throw new IllegalArgumentException("task " + task.getClass().getName()
                    + " cannot be serialized for the cluster: a lambda must be Serializable (cast it to"
                    + " (Callable<T> & Serializable)), or use a record or class");
        }
    }

    private static IllegalArgumentException notSerializable(Callable<?> task, HazelcastSerializationException e) {
        return new IllegalArgumentException(
                "task " + task.getClass().getName() + " cannot be serialized for the cluster: "
                        + StagePromise.reason(e),
                e);
    }
}
