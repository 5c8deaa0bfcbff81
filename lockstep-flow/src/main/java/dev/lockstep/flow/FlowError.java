package dev.lockstep.flow;

/**
 * Why a request failed: an HTTP status, what went wrong (a short phrase for the client) and the key
 * of the thing at fault (a step, an effect, a resource id; may be null). Rendered by an {@link
 * ErrorRenderer}, by default as {@code {"error":{"code":404,"what":"not found","key":"order-7"}}}.
 */
public record FlowError(int status, String what, String key) {
    public FlowError {
        if (status < 100 || status > 599) {
            throw new IllegalArgumentException("error status " + status + " is not an HTTP status (100..599)");
        }
        if (what == null || what.isEmpty()) {
            throw new IllegalArgumentException("error " + status + " needs a 'what'");
        }
    }

    public static FlowError of(int status, String what) {
        return new FlowError(status, what, null);
    }

    public static FlowError of(int status, String what, String key) {
        return new FlowError(status, what, key);
    }
}
