package dev.lockstep.cluster.internal;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.HazelcastInstanceAware;
import com.hazelcast.map.IMap;
import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.nio.serialization.IdentifiedDataSerializable;
import java.io.IOException;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;

/**
 * What travels for one attempt of a task submitted through {@code DistributedEngine}: the user's
 * task, its idempotency key, its routing key, the attempt number, and whether its result is stored.
 *
 * <p>On the member, {@link #call()} runs the task. A <b>stored</b> task (one submitted with an
 * idempotency key of the caller's) first looks its key up in the results map ({@link
 * HazelcastConfigs#RESULTS}) and returns the stored result without running the task if there is
 * one; otherwise it runs the task and stores the result with {@code putIfAbsent}, returning whatever
 * the map then holds: its own result if it was first, an earlier attempt's otherwise. So every
 * attempt, and every later submission with the same key while the entry lives, returns the one
 * stored result. The entry sits in the routing key's partition, which is the partition whose owner
 * runs the task ({@link ResultKey}): both map operations are local to that member, and the map's
 * synchronous backup keeps the entry when the member is lost after storing it.
 *
 * <p>An unstored task just runs; the caller's future is its only store (first completion wins).
 *
 * <p>The task is written with Hazelcast's own serialization ({@code writeObject}): Java
 * serialization for a {@code Serializable} task, compact serialization otherwise (zero-config for a
 * record or class whose fields compact supports, or a registered compact serializer).
 */
public final class TaskEnvelope<T> implements Callable<T>, IdentifiedDataSerializable, HazelcastInstanceAware {
    private Callable<T> task;
    private String idempotencyKey;
    private Object routingKey;
    private int attempt;
    private long resultTtlMillis; // 0: not stored

    private transient HazelcastInstance hazelcast;

    TaskEnvelope() {}

    public TaskEnvelope(Callable<T> task, String idempotencyKey, Object routingKey, long resultTtlMillis) {
        this.task = task;
        this.idempotencyKey = idempotencyKey;
        this.routingKey = routingKey;
        this.resultTtlMillis = resultTtlMillis;
        this.attempt = 1;
    }

    /** The same task's next attempt (a fresh envelope: an attempt in flight is never mutated). */
    public TaskEnvelope<T> nextAttempt() {
        TaskEnvelope<T> next = new TaskEnvelope<>(task, idempotencyKey, routingKey, resultTtlMillis);
        next.attempt = attempt + 1;
        return next;
    }

    public Callable<T> task() {
        return task;
    }

    public String idempotencyKey() {
        return idempotencyKey;
    }

    public int attempt() {
        return attempt;
    }

    public boolean stored() {
        return resultTtlMillis > 0;
    }

    /** The key whose partition owner runs this task: the routing key, else the idempotency key. */
    public Object routingKey() {
        return routingKey == null ? idempotencyKey : routingKey;
    }

    @Override
    public void setHazelcastInstance(HazelcastInstance hazelcastInstance) {
        this.hazelcast = hazelcastInstance;
    }

    @Override
    public T call() throws Exception {
        if (!stored()) {
            return task.call();
        }
        IMap<ResultKey, StoredResult> results = hazelcast.getMap(HazelcastConfigs.RESULTS);
        ResultKey key = new ResultKey(idempotencyKey, routingKey);
        StoredResult earlier = results.get(key);
        if (earlier != null) {
            return cast(earlier.value()); // stored once: an earlier attempt or submission finished
        }
        T mine = task.call();
        StoredResult first = results.putIfAbsent(key, new StoredResult(mine), resultTtlMillis, TimeUnit.MILLISECONDS);
        return first == null ? mine : cast(first.value()); // first stored wins, every attempt returns it
    }

    @SuppressWarnings("unchecked")
    private static <T> T cast(Object value) {
        return (T) value;
    }

    @Override
    public int getFactoryId() {
        return ClusterSerialization.FACTORY_ID;
    }

    @Override
    public int getClassId() {
        return ClusterSerialization.TASK_ENVELOPE;
    }

    @Override
    public void writeData(ObjectDataOutput out) throws IOException {
        out.writeString(idempotencyKey);
        out.writeInt(attempt);
        out.writeLong(resultTtlMillis);
        if (resultTtlMillis > 0) {
            out.writeObject(routingKey);
        }
        out.writeObject(task);
    }

    @Override
    public void readData(ObjectDataInput in) throws IOException {
        idempotencyKey = in.readString();
        attempt = in.readInt();
        resultTtlMillis = in.readLong();
        if (resultTtlMillis > 0) {
            routingKey = in.readObject();
        }
        task = in.readObject();
    }

    @Override
    public String toString() {
        return "task " + task.getClass().getName() + " [" + idempotencyKey + ", attempt " + attempt + "]";
    }
}
