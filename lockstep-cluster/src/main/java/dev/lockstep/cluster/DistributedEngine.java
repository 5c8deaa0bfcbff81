package dev.lockstep.cluster;

import com.hazelcast.cluster.Member;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.IExecutorService;
import com.hazelcast.nio.serialization.HazelcastSerializationException;
import dev.lockstep.cluster.internal.HazelcastConfigs;
import dev.lockstep.cluster.internal.RemotePromise;
import dev.lockstep.core.Future;
import java.io.Serializable;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.function.Supplier;

/**
 * Submits callables to a Hazelcast cluster and returns lockstep-core {@link Future}s: to any
 * member ({@link #submit}), to one member ({@link #submitToMember}), to every member ({@link
 * #submitToAll}) or to the member that owns a key's partition ({@link #submitToKeyOwner}, data
 * affinity: the same key as an IMap entry runs where the entry lives).
 *
 * <p>Built on one Hazelcast {@link IExecutorService} (named {@code lockstep-engine}); this class
 * adds no protocol. Each call submits the task as is and returns a promise completed from the
 * Hazelcast future's callback: with the task's result, with the task's own exception (Hazelcast
 * appends the remote stack trace), or cancelled.
 *
 * <p><b>Serialization</b>: a task must be {@link Serializable} (Java serialization), and so must
 * everything it captures and its result. A task that is not, or that captures something that is
 * not, throws {@link IllegalArgumentException} from the submitting call, naming the task's class
 * and the reason (Hazelcast serializes the task on the caller's thread before sending it). A result
 * that cannot be serialized fails the returned future instead (it is only found out on the member).
 * Classes must be on every member's class path (no user code deployment).
 *
 * <p><b>Cancellation</b> (best effort): cancelling a returned future cancels it at once for the
 * caller and calls {@code cancel(true)} on the Hazelcast future, which sends a cancellation to the
 * member running the task. There, a task still queued never runs; a task already running has its
 * thread interrupted, and stops only if it observes the interrupt; a task already finished is
 * unaffected (its result is dropped). Lockstep's {@code CancelToken} does not cross the wire.
 *
 * <p><b>Threads</b>: the returned futures complete on Hazelcast's response threads (or on the
 * caller's, when the result is already there); callbacks registered on them must not block.
 *
 * <p>Not yet: retry when a member leaves mid-task (the future fails with Hazelcast's {@code
 * MemberLeftException}), idempotency keys, compact serialization. See docs/cluster.md.
 */
public final class DistributedEngine {
    private final HazelcastInstance hazelcast;
    private final IExecutorService executor;

    /** An engine submitting through {@code hazelcast} (usually {@link ClusterMember#engine()}). */
    public DistributedEngine(HazelcastInstance hazelcast) {
        this.hazelcast = Objects.requireNonNull(hazelcast, "hazelcast");
        this.executor = hazelcast.getExecutorService(HazelcastConfigs.EXECUTOR);
    }

    /** Runs {@code task} on some member of the cluster (Hazelcast's choice). */
    public <T> Future<T> submit(Callable<T> task) {
        checkSerializable(task);
        return submitted(task, () -> executor.submit(task));
    }

    /** Runs {@code task} on {@code member}. */
    public <T> Future<T> submitToMember(Member member, Callable<T> task) {
        Objects.requireNonNull(member, "member");
        checkSerializable(task);
        return submitted(task, () -> executor.submitToMember(task, member));
    }

    /** Runs {@code task} on every current member; one future per member, in membership order. */
    public <T> Map<Member, Future<T>> submitToAll(Callable<T> task) {
        checkSerializable(task);
        Map<Member, java.util.concurrent.Future<T>> remote;
        try {
            remote = executor.submitToAllMembers(task);
        } catch (HazelcastSerializationException e) {
            throw notSerializable(task, e);
        }
        Map<Member, Future<T>> out = new LinkedHashMap<>();
        remote.forEach((member, f) -> out.put(member, new RemotePromise<T>().bind(f)));
        return out;
    }

    /** Runs {@code task} on the member that owns {@code key}'s partition (as an IMap key would). */
    public <T> Future<T> submitToKeyOwner(Object key, Callable<T> task) {
        Objects.requireNonNull(key, "key");
        checkSerializable(task);
        return submitted(task, () -> executor.submitToKeyOwner(task, key));
    }

    /** The members of the cluster as this engine's member sees them now. */
    public java.util.Set<Member> members() {
        return hazelcast.getCluster().getMembers();
    }

    private static <T> Future<T> submitted(Callable<T> task, Supplier<java.util.concurrent.Future<T>> send) {
        java.util.concurrent.Future<T> remote;
        try {
            remote = send.get();
        } catch (HazelcastSerializationException e) {
            throw notSerializable(task, e);
        }
        return new RemotePromise<T>().bind(remote);
    }

    /** Fast check before Hazelcast serializes: the task itself must at least be Serializable. */
    private static void checkSerializable(Callable<?> task) {
        Objects.requireNonNull(task, "task");
        if (!(task instanceof Serializable)) {
            throw new IllegalArgumentException("task " + task.getClass().getName()
                    + " is not Serializable: a cluster task must implement java.io.Serializable"
                    + " (a lambda: cast it to an intersection type, or use a Serializable class)");
        }
    }

    private static IllegalArgumentException notSerializable(Callable<?> task, HazelcastSerializationException e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String reason = root == e ? e.getMessage() : root.getClass().getSimpleName() + ": " + root.getMessage();
        return new IllegalArgumentException(
                "task " + task.getClass().getName() + " cannot be serialized for the cluster: " + reason, e);
    }
}
