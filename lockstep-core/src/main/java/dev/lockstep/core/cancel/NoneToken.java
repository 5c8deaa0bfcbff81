package dev.lockstep.core.cancel;

/** The never-cancelled token. */
enum NoneToken implements CancellationToken {
    INSTANCE;

    @Override
    public boolean isCancellationRequested() {
        return false;
    }

    @Override
    public boolean canBeCancelled() {
        return false;
    }

    @Override
    public String reason() {
        return null;
    }

    @Override
    public Registration onCancel(Runnable callback) {
        if (callback == null) {
            throw new NullPointerException("onCancel: callback is null");
        }
        return Registration.EMPTY;
    }

    @Override
    public String toString() {
        return "CancellationToken.NONE";
    }
}
