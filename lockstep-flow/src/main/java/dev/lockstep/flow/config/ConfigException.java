package dev.lockstep.flow.config;

import dev.lockstep.core.LockstepException;

/** A configuration file that cannot be used; the message names the file and the offending key. */
public class ConfigException extends LockstepException {
    private final String key;

    public ConfigException(String message, String key) {
        super(message);
        this.key = key;
    }

    public ConfigException(String message, String key, Throwable cause) {
        super(message, cause);
        this.key = key;
    }

    /** The dotted key the error is about ("server.port"), or null for the file as a whole. */
    public String key() {
        return key;
    }
}
