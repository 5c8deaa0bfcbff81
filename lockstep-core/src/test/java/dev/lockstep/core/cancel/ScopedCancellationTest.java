package dev.lockstep.core.cancel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lockstep.core.Promise;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class ScopedCancellationTest {
    @Test
    void closingTheScopeCancelsWorkStartedInIt() {
        Promise<String> work = new Promise<>();
        CancellationToken token;
        try (var scope = ScopedCancellation.open()) {
            token = scope.token();
            work.cancelOn(scope.token());
            assertThat(work.isDone()).isFalse();
        }
        assertThat(token.reason()).isEqualTo(ScopedCancellation.CLOSED_REASON);
        assertThat(work.isCancelled()).isTrue();
    }

    @Test
    void anExceptionLeavingTheScopeStillCancelsItsWork() {
        Promise<String> work = new Promise<>();
        assertThatThrownBy(() -> {
                    try (var scope = ScopedCancellation.open()) {
                        work.cancelOn(scope.token());
                        throw new IllegalStateException("body failed");
                    }
                })
                .hasMessage("body failed");
        assertThat(work.isCancelled()).isTrue();
    }

    @Test
    void workThatFinishedInsideIsUnaffected() {
        Promise<String> work = new Promise<>();
        try (var scope = ScopedCancellation.open()) {
            work.cancelOn(scope.token());
            work.complete("finished");
        }
        assertThat(work.resultNow()).isEqualTo("finished");
    }

    @Test
    void theParentReachesTheScopeButTheScopeNeverReachesTheParent() {
        CancellationSource parent = new CancellationSource();
        AtomicReference<String> seen = new AtomicReference<>();
        try (var scope = ScopedCancellation.open(parent.token())) {
            scope.token().onCancel(() -> seen.set(scope.token().reason()));
            parent.cancel("request aborted");
            assertThat(scope.isCancellationRequested()).isTrue();
        }
        assertThat(seen.get()).isEqualTo("request aborted"); // the first reason stays
        try (var scope = ScopedCancellation.open(new CancellationSource().token())) {
            scope.cancel("inner decided");
        }
        assertThat(parent.token().reason()).isEqualTo("request aborted");
    }

    @Test
    void aClosedScopeIsUnlinkedFromItsParent() {
        CancellationSource parent = new CancellationSource();
        AtomicReference<Integer> runs = new AtomicReference<>(0);
        CancellationToken scopeToken;
        try (var scope = ScopedCancellation.open(parent.token())) {
            scopeToken = scope.token();
            scope.token().onCancel(() -> runs.set(runs.get() + 1));
        }
        parent.cancel("later");
        assertThat(runs.get())
                .as("ran once, at close, not again for the parent")
                .isEqualTo(1);
        assertThat(scopeToken.reason()).isEqualTo(ScopedCancellation.CLOSED_REASON);
    }
}
