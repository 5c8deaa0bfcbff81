package dev.lockstep.flow.internal;

import dev.lockstep.core.Future;
import dev.lockstep.core.Promise;
import dev.lockstep.flow.FlowResponse;
import dev.lockstep.flow.Pipeline;
import dev.lockstep.flow.RequestContext;
import dev.lockstep.flow.Slot;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The pipeline executor: starts one {@link RequestRun} per request. Stateless apart from its
 * configuration and the {@link Admission} its requests share, so one reactor serves every route and
 * thread.
 */
public final class Reactor {
    private final ReactorConfig config;
    private final Admission admission;

    public Reactor(ReactorConfig config, Admission admission) {
        this.config = config;
        this.admission = admission;
    }

    /** The bounds and counters the requests share. */
    public Admission admission() {
        return admission;
    }

    /**
     * A started request: its response future and its slots (read them only after the future is
     * done: the slots are written before the response is published).
     */
    public record Started(Future<FlowResponse> response, Supplier<Map<Slot<?>, Object>> slots) {}

    /** Runs {@code pipeline} for request {@code id} with {@code seeds} in place. */
    public Started start(Pipeline pipeline, long id, Map<Slot<?>, Object> seeds) {
        return start(pipeline, id, seeds, RequestContext.NONE);
    }

    /** As {@link #start(Pipeline, long, Map)}, with what the caller knows of the request. */
    public Started start(Pipeline pipeline, long id, Map<Slot<?>, Object> seeds, RequestContext context) {
        Promise<FlowResponse> result = new Promise<>();
        RequestRun run = new RequestRun(config, admission, context, pipeline, id, seeds, result);
        run.start();
        return new Started(result, run::slots);
    }
}
