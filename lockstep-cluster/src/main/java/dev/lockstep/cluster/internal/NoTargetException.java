package dev.lockstep.cluster.internal;

import com.hazelcast.spi.exception.RetryableException;

/**
 * There is no member to send an attempt to yet: a partition without an owner for a moment after a
 * loss, or a cluster of lite members only. Retryable, like a lost member.
 */
public final class NoTargetException extends RuntimeException implements RetryableException {
    private static final long serialVersionUID = 1L;

    public NoTargetException(String message) {
        super(message);
    }
}
