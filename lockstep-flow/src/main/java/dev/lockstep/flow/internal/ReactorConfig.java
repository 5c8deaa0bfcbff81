package dev.lockstep.flow.internal;

import dev.lockstep.core.time.Clock;
import dev.lockstep.flow.Effect;
import dev.lockstep.flow.ErrorRenderer;
import dev.lockstep.flow.FlowEvent;
import dev.lockstep.flow.FlowTimer;
import dev.lockstep.flow.Operation;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * What every request run shares: timer, clock, root seed, event sink, error renderer, the executor
 * that timer callbacks hand over to, and the function that picks each effect's operation (the
 * effect's own, or a scripted one in {@code ReqTest}).
 */
public record ReactorConfig(
        FlowTimer timer,
        Clock clock,
        long seed,
        Consumer<FlowEvent> sink,
        ErrorRenderer renderer,
        Executor executor,
        Function<Effect<?>, Operation> operations) {}
