package dev.lockstep.cli.app;

import dev.lockstep.cluster.ClusterConfig;
import dev.lockstep.cluster.ClusterConfigException;
import dev.lockstep.cluster.ClusterMember;
import dev.lockstep.cluster.DistributedResultCache;
import dev.lockstep.flow.KvCache;
import dev.lockstep.flow.config.ConfigException;
import dev.lockstep.flow.config.FlowConfig;

/**
 * The example application's cluster, when its configuration has a {@code cluster} section: one
 * embedded member of that cluster, started here and closed by {@link #close()}, and the blog's
 * {@code posts} cache as a {@link DistributedResultCache} on it, so every instance of the
 * application in the cluster shares one cache (a post cached by one is a hit on the others).
 *
 * <p>The section is plain data in lockstep-flow's configuration ({@link FlowConfig.Cluster}); this
 * class turns it into a {@link ClusterConfig}. A value the cluster module rejects (a member's port
 * that is not a number, say) is a {@link ConfigException} naming the key as the file spells it
 * ({@code cluster.members[1]}), as the configuration reader's own errors do.
 */
public final class ExampleCluster implements AutoCloseable {
    /** The name of the blog's cache, in the cluster: map {@code lockstep-cache-posts}. */
    static final String POSTS = "posts";

    private final ClusterMember member;
    private final DistributedResultCache<String, byte[]> posts;

    private ExampleCluster(ClusterMember member) {
        this.member = member;
        this.posts = DistributedResultCache.create(member, POSTS, BlogApi.CACHE_TTL);
    }

    /** Starts a member of {@code section}'s cluster in this JVM (returns once it has joined). */
    public static ExampleCluster start(FlowConfig.Cluster section) {
        return new ExampleCluster(ClusterMember.start(clusterConfig(section)));
    }

    /** {@code section} as the cluster module's configuration; errors name the section's keys. */
    public static ClusterConfig clusterConfig(FlowConfig.Cluster section) {
        try {
            return new ClusterConfig(
                    section.name(), section.bindAddress(), section.portBase(), section.portCount(), section.members());
        } catch (ClusterConfigException e) {
            String m = e.getMessage();
            String prefix = "ClusterConfig.";
            int colon = m.indexOf(':');
            if (!m.startsWith(prefix) || colon < 0) {
                throw new ConfigException("cluster: " + m, "cluster", e);
            }
            String setting = m.substring(prefix.length(), colon);
            String key = "cluster." + (setting.equals("clusterName") ? "name" : setting);
            throw new ConfigException(key + m.substring(colon), key, e);
        }
    }

    /** The member this application runs. */
    public ClusterMember member() {
        return member;
    }

    /** The blog's cache effects on the cluster's {@code posts} map. */
    KvCache postsCache() {
        return KvCache.create(POSTS, posts.asStore());
    }

    /** Shuts the member down (its entries stay with the other members, if any). */
    @Override
    public void close() {
        member.close();
    }

    @Override
    public String toString() {
        // no Hazelcast type here: only lockstep-cluster depends on Hazelcast (an ArchUnit rule)
        ClusterConfig c = member.config();
        return c.clusterName() + " (" + member.members().size() + " members, ports " + c.portBase() + ".."
                + (c.portBase() + c.portCount() - 1) + ")";
    }
}
