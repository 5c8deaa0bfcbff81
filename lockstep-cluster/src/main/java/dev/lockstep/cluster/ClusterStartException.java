package dev.lockstep.cluster;

import dev.lockstep.core.LockstepException;

/** A {@link ClusterMember} could not start; the message names the cluster, bind address and ports. */
public final class ClusterStartException extends LockstepException {
    private static final long serialVersionUID = 1L;

    public ClusterStartException(String message, Throwable cause) {
        super(message, cause);
    }

    public ClusterStartException(String message) {
        super(message);
    }
}
