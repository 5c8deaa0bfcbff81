package dev.lockstep.cluster;

import dev.lockstep.core.LockstepException;

/** A {@link ClusterConfig} setting is invalid; the message names the setting and the bad value. */
public final class ClusterConfigException extends LockstepException {
    private static final long serialVersionUID = 1L;

    public ClusterConfigException(String message) {
        super(message);
    }
}
