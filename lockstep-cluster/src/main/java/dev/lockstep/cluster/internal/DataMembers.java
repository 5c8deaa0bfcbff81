package dev.lockstep.cluster.internal;

import com.hazelcast.cluster.Member;
import com.hazelcast.cluster.MembershipEvent;
import com.hazelcast.cluster.MembershipListener;
import com.hazelcast.core.HazelcastInstance;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The cluster's data members (lite members excluded) as an array snapshot, replaced whenever the
 * membership changes, and a round-robin pick over it: the target of a task that has no routing key.
 *
 * <p>Race: a pick may return a member that has just left (the listener runs after the removal); the
 * send then fails with {@code TargetNotMemberException} or {@code MemberLeftException}, which the
 * retry policy treats as a lost member, and the retry picks from the new snapshot.
 */
public final class DataMembers implements MembershipListener {
    private final HazelcastInstance hazelcast;
    private final AtomicInteger next = new AtomicInteger();
    private volatile Member[] members; // volatile: published whole by refresh, read by pick

    public DataMembers(HazelcastInstance hazelcast) {
        this.hazelcast = hazelcast;
        hazelcast.getCluster().addMembershipListener(this);
        refresh();
    }

    /** The next data member, round robin. */
    public Member pick() {
        Member[] m = members;
        if (m.length == 0) {
            return pickSlowPath();
        }
        return m[(next.getAndIncrement() & Integer.MAX_VALUE) % m.length];
    }

    private Member pickSlowPath() {
        refresh();
        Member[] m = members;
        if (m.length == 0) {
            throw new NoTargetException("cluster " + hazelcast.getConfig().getClusterName()
                    + " has no data member (only lite members) to run a task");
        }
        return m[0];
    }

    private void refresh() {
        members = hazelcast.getCluster().getMembers().stream()
                .filter(m -> !m.isLiteMember())
                .toArray(Member[]::new);
    }

    @Override
    public void memberAdded(MembershipEvent event) {
        refresh();
    }

    @Override
    public void memberRemoved(MembershipEvent event) {
        refresh();
    }
}
