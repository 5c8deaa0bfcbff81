package dev.lockstep.core.trace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** Registering kinds: ids, idempotence, conflicts, name rules, descriptions. */
class TraceKindTest {
    @Test
    void registeredKindsHaveSmallDistinctIdsAndCanBeLookedUp() {
        TraceKind a = TraceKind.register("kindtest.a", "kindtest", TraceKind.Type.SPAN);
        TraceKind b = TraceKind.register("kindtest.b", "kindtest", TraceKind.Type.INSTANT, "tick", "x", "y");
        assertThat(a.id()).isNotEqualTo(b.id()).isNotNegative().isLessThan(TraceKind.MAX_KINDS);
        assertThat(TraceKind.byId(a.id())).isSameAs(a);
        assertThat(TraceKind.byId(b.id())).isSameAs(b);
        assertThat(TraceKind.named("kindtest.b")).isSameAs(b);
        assertThat(TraceKind.named("kindtest.none")).isNull();
        assertThat(b.logicalTimeName()).isEqualTo("tick");
        assertThat(b.fieldAName()).isEqualTo("x");
        assertThat(b.fieldBName()).isEqualTo("y");
        assertThat(a.logicalTimeName()).isEqualTo("logicalTime");
        assertThat(a.isRegistered()).isTrue();
    }

    @Test
    void registeringTheSameShapeAgainReturnsTheSameKind() {
        TraceKind first =
                TraceKind.register("kindtest.same", "kindtest", TraceKind.Type.COUNTER, "tick", "used", "free");
        TraceKind again =
                TraceKind.register("kindtest.same", "kindtest", TraceKind.Type.COUNTER, "tick", "used", "free");
        assertThat(again).isSameAs(first);
    }

    @Test
    void duplicateNameWithAnotherShapeIsRefused() {
        TraceKind.register("kindtest.dup", "kindtest", TraceKind.Type.SPAN);
        assertThatThrownBy(() -> TraceKind.register("kindtest.dup", "kindtest", TraceKind.Type.INSTANT))
                .isInstanceOf(TraceException.class)
                .hasMessageContaining("'kindtest.dup' is already registered as (category kindtest, span")
                .hasMessageContaining("cannot register it again as (category kindtest, instant");
        assertThatThrownBy(() -> TraceKind.register(
                        "kindtest.dup", "kindtest", TraceKind.Type.SPAN, "logicalTime", "a", "other"))
                .isInstanceOf(TraceException.class)
                .hasMessageContaining("fields a, other");
    }

    @Test
    void malformedNamesAreRefusedWithTheRule() {
        assertThatThrownBy(() -> TraceKind.register("", "c", TraceKind.Type.SPAN))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("kind name ''");
        assertThatThrownBy(() -> TraceKind.register("a..b", "c", TraceKind.Type.SPAN))
                .hasMessageContaining("kind name 'a..b' is not valid");
        assertThatThrownBy(() -> TraceKind.register("1abc", "c", TraceKind.Type.SPAN))
                .hasMessageContaining("'1abc'");
        assertThatThrownBy(() -> TraceKind.register("a b", "c", TraceKind.Type.SPAN))
                .hasMessageContaining("'a b'");
        assertThatThrownBy(() -> TraceKind.register("ok.name", "has.dot", TraceKind.Type.SPAN))
                .hasMessageContaining("category 'has.dot'");
        assertThatThrownBy(() -> TraceKind.register("ok.name", "c", TraceKind.Type.SPAN, "t", "a-b", "c"))
                .hasMessageContaining("field a name 'a-b'");
        assertThatThrownBy(() -> TraceKind.register("ok.name", "c", TraceKind.Type.SPAN, "t", "x", "x"))
                .hasMessageContaining("must differ");
        assertThatThrownBy(() -> TraceKind.register("x".repeat(101), "c", TraceKind.Type.SPAN))
                .hasMessageContaining("at most 100 characters");
        assertThatThrownBy(() -> TraceKind.register("ok.name", null, TraceKind.Type.SPAN))
                .hasMessageContaining("category is null");
        assertThat(TraceKind.named("ok.name")).isNull(); // nothing half-registered
    }

    @Test
    void aDescriptionHasTheShapeButNoIdAndEqualsTheRegisteredKind() {
        TraceKind registered = TraceKind.register("kindtest.desc", "kindtest", TraceKind.Type.SPAN, "req", "p", "q");
        TraceKind described = TraceKind.describe("kindtest.desc", "kindtest", TraceKind.Type.SPAN, "req", "p", "q");
        assertThat(described.id()).isEqualTo(-1);
        assertThat(described.isRegistered()).isFalse();
        assertThat(described).isEqualTo(registered).hasSameHashCodeAs(registered);
        assertThat(described)
                .isNotEqualTo(TraceKind.describe("kindtest.desc", "kindtest", TraceKind.Type.SPAN, "req", "p", "r"));
        assertThat(described.toString()).contains("not registered");
    }

    @Test
    void byIdOutOfRangeSaysHowManyThereAre() {
        assertThatThrownBy(() -> TraceKind.byId(-1)).hasMessageContaining("no trace kind has id -1");
        assertThatThrownBy(() -> TraceKind.byId(TraceKind.MAX_KINDS)).hasMessageContaining("registered");
    }

    @Test
    void phasesBelongToTheirTypes() {
        assertThat(TracePhase.BEGIN.type()).isEqualTo(TraceKind.Type.SPAN);
        assertThat(TracePhase.COMPLETE.chromeLetter()).isEqualTo("X");
        assertThat(TracePhase.ofWord("instant")).isEqualTo(TracePhase.INSTANT);
        assertThat(TracePhase.ofWord("nope")).isNull();
        assertThat(TraceKind.Type.ofWord("counter")).isEqualTo(TraceKind.Type.COUNTER);
    }
}
