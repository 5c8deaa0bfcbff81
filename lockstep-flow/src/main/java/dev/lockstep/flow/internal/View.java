package dev.lockstep.flow.internal;

import dev.lockstep.flow.Slot;
import dev.lockstep.flow.SlotAccessException;
import dev.lockstep.flow.Step;
import dev.lockstep.flow.StepView;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The {@link StepView} of one step run: checks every access against the step's declaration and
 * goes dead when the step returns ({@link #close()}), so a view leaked to another thread cannot
 * touch the request later. Used only on the thread running the step.
 */
public final class View implements StepView {
    private final Map<Slot<?>, Object> slots;
    private final Step step;
    private final String route;
    private final long requestId;
    private final List<Runnable> exits;
    private boolean closed;

    public View(Map<Slot<?>, Object> slots, Step step, String route, long requestId, List<Runnable> exits) {
        this.slots = slots;
        this.step = step;
        this.route = route;
        this.requestId = requestId;
        this.exits = exits;
    }

    /** Ends the view: any later use throws. */
    public void close() {
        closed = true;
    }

    @Override
    public <T> T require(Slot<T> slot) {
        T v = read(slot);
        if (v == null) {
            throw new SlotAccessException(where() + " requires slot '" + slot.name() + "', which holds nothing");
        }
        return v;
    }

    @Override
    public <T> Optional<T> optional(Slot<T> slot) {
        return Optional.ofNullable(read(slot));
    }

    private <T> T read(Slot<T> slot) {
        live();
        if (!step.canRead(slot)) { // viewReadsOnlyDeclaredSlots
            throw new SlotAccessException(where() + " reads slot '" + slot.name()
                    + "', which it does not declare (reads " + step.reads() + ", writes " + step.writes() + ")");
        }
        Object v = slots.get(slot);
        return v == null ? null : slot.type().cast(v);
    }

    @Override
    public <T> void put(Slot<T> slot, T value) {
        live();
        if (!step.canWrite(slot)) { // viewWritesOnlyDeclaredSlots
            throw new SlotAccessException(where() + " writes slot '" + slot.name()
                    + "', which it does not declare (writes " + step.writes() + ")");
        }
        if (value == null) {
            slots.remove(slot);
        } else {
            slots.put(slot, slot.land(value));
        }
    }

    @Override
    public void onExit(Runnable callback) {
        live();
        if (callback == null) {
            throw new IllegalArgumentException(where() + ": onExit callback is null");
        }
        exits.add(callback);
    }

    @Override
    public long requestId() {
        return requestId;
    }

    @Override
    public String route() {
        return route;
    }

    @Override
    public String step() {
        return step.name();
    }

    private void live() {
        if (closed) {
            throw new SlotAccessException(where() + " used its view after it returned");
        }
    }

    private String where() {
        return "route '" + route + "': step '" + step.name() + "'";
    }
}
