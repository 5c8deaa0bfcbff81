package dev.lockstep.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lockstep.core.cancel.CancelledException;
import java.io.IOException;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.Test;

class CompletableFutureInteropTest {
    // ---- ours -> CompletableFuture -----------------------------------------------------------

    @Test
    void toCompletableFutureCarriesTheValue() throws Exception {
        Promise<String> p = new Promise<>();
        CompletableFuture<String> cf = p.toCompletableFuture();
        assertThat(cf.isDone()).isFalse();
        p.complete("v");
        assertThat(cf.get()).isEqualTo("v");
        assertThat(Promise.completed("done").toCompletableFuture().getNow(null)).isEqualTo("done");
    }

    @Test
    void toCompletableFutureCarriesTheRawFailure() {
        IOException cause = new IOException("io");
        CompletableFuture<String> cf = Promise.<String>failed(cause).toCompletableFuture();
        assertThat(cf.isCompletedExceptionally()).isTrue();
        assertThat(cf.isCancelled()).isFalse();
        assertThatThrownBy(cf::get).isInstanceOf(ExecutionException.class).hasCause(cause);
        assertThatThrownBy(cf::join).isInstanceOf(CompletionException.class).hasCause(cause);
    }

    @Test
    void ourCancellationIsACancelledCompletableFuture() {
        Promise<String> p = new Promise<>();
        CompletableFuture<String> cf = p.toCompletableFuture();
        p.cancel("stop");
        assertThat(cf.isCancelled()).isTrue();
        assertThatThrownBy(cf::join).isInstanceOf(CancellationException.class);
    }

    @Test
    void cancellingTheCompletableFutureCancelsOurs() {
        Promise<String> p = new Promise<>();
        CompletableFuture<String> cf = p.toCompletableFuture();
        assertThat(cf.cancel(true)).isTrue();
        assertThat(p.isCancelled()).isTrue();
        assertThat(((CancelledException) p.exceptionNow()).reason()).contains("CompletableFuture");
    }

    @Test
    void completingTheCompletableFutureByHandDoesNotCompleteOurs() {
        Promise<String> p = new Promise<>();
        CompletableFuture<String> cf = p.toCompletableFuture();
        cf.complete("forced");
        assertThat(p.isDone()).isFalse();
        p.complete("real");
        assertThat(cf.join()).isEqualTo("forced");
    }

    // ---- CompletionStage -> ours -------------------------------------------------------------

    @Test
    void fromCarriesTheValueLater() {
        CompletableFuture<String> cf = new CompletableFuture<>();
        Future<String> f = Futures.from(cf);
        assertThat(f.isDone()).isFalse();
        cf.complete("v");
        assertThat(f.resultNow()).isEqualTo("v");
        assertThat(Futures.from(CompletableFuture.completedFuture("now")).resultNow())
                .isEqualTo("now");
    }

    @Test
    void fromUnwrapsCompletionException() {
        IOException cause = new IOException("io");
        CompletableFuture<String> source = new CompletableFuture<>();
        CompletableFuture<String> dependent = source.thenApply(s -> s); // fails with CompletionException(cause)
        Future<String> f = Futures.from(dependent);
        source.completeExceptionally(cause);
        assertThat(f.isFailed()).isTrue();
        assertThat(f.exceptionNow()).isSameAs(cause);
    }

    @Test
    void aCancelledStageIsACancellationHere() {
        CompletableFuture<String> cf = new CompletableFuture<>();
        Future<String> f = Futures.from(cf);
        cf.cancel(false);
        assertThat(f.isCancelled()).isTrue();
        assertThatThrownBy(f::join).isInstanceOf(CancelledException.class);

        CompletableFuture<String> source = new CompletableFuture<>();
        Future<String> viaDependent = Futures.from(source.thenApply(s -> s));
        source.cancel(false);
        assertThat(viaDependent.isCancelled()).isTrue();
    }

    @Test
    void cancellingOursCancelsTheSourceCompletableFuture() {
        CompletableFuture<String> cf = new CompletableFuture<>();
        Future<String> f = Futures.from(cf);
        assertThat(f.cancel("not needed")).isTrue();
        assertThat(cf.isCancelled()).isTrue();
    }

    @Test
    void roundTripKeepsTheOutcome() {
        Promise<String> p = new Promise<>();
        Future<String> back = Futures.from(p.toCompletableFuture());
        p.complete("round");
        assertThat(back.resultNow()).isEqualTo("round");

        Promise<String> c = new Promise<>();
        Future<String> cancelledBack = Futures.from(c.toCompletableFuture());
        cancelledBack.cancel("from the far end");
        assertThat(c.isCancelled())
                .as("cancellation travels back through both bridges")
                .isTrue();
    }
}
