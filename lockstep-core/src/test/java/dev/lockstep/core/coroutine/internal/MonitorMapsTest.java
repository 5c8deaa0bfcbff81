package dev.lockstep.core.coroutine.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lockstep.core.coroutine.internal.MonitorMaps.Held;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.lang.classfile.ClassFile;
import java.lang.classfile.ClassModel;
import java.lang.classfile.CodeElement;
import java.lang.classfile.Instruction;
import java.lang.classfile.MethodModel;
import java.lang.classfile.instruction.InvokeInstruction;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The monitor dataflow on javac's shapes: every call to {@code in()} in the fixture lies inside a
 * synchronized region and must be reported held; every call to {@code out()} must not.
 */
class MonitorMapsTest {

    /** Markers: where a yield would be. */
    static void in() {}

    static void out() {}

    @SuppressWarnings({"unused", "ConstantConditions"})
    static final class Fixture {
        private final Object a = new Object();
        private final Object b = new Object();

        void simple() {
            out();
            synchronized (a) {
                in();
            }
            out();
        }

        void nested() {
            synchronized (a) {
                in();
                synchronized (b) {
                    in();
                }
                in();
            }
            out();
        }

        void loop(int n) {
            for (int i = 0; i < n; i++) {
                out();
                synchronized (a) {
                    if (i == 2) {
                        continue;
                    }
                    if (i == 5) {
                        break;
                    }
                    in();
                }
                out();
            }
            out();
        }

        void catchInside() {
            synchronized (a) {
                try {
                    in();
                } catch (IllegalStateException e) {
                    in();
                } finally {
                    in();
                }
            }
            out();
        }

        void catchOutside() {
            try {
                synchronized (a) {
                    in();
                    throw new IllegalStateException();
                }
            } catch (IllegalStateException e) {
                out();
            } finally {
                out();
            }
            out();
        }

        void resourcesInside() throws IOException {
            synchronized (a) {
                try (StringReader r = new StringReader("x")) {
                    in();
                    r.read();
                }
                in();
            }
            out();
        }

        int returnsInside(int k) {
            synchronized (a) {
                switch (k) {
                    case 0 -> in();
                    case 1 -> {
                        in();
                        return 1;
                    }
                    default -> in();
                }
            }
            out();
            return 0;
        }

        void lambdaMadeInside() {
            Runnable r;
            synchronized (a) {
                r = () -> out(); // the lambda's own method holds nothing
                in();
            }
            r.run();
            out();
        }
    }

    private static ClassModel fixture() throws IOException {
        try (InputStream in = Fixture.class.getResourceAsStream("MonitorMapsTest$Fixture.class")) {
            return ClassFile.of().parse(in.readAllBytes());
        }
    }

    record Call(String method, String descriptor, int bci, boolean inside) {}

    private static List<Call> markerCalls(ClassModel cm) {
        List<Call> calls = new ArrayList<>();
        for (MethodModel m : cm.methods()) {
            m.code().ifPresent(code -> {
                int bci = 0;
                for (CodeElement e : code) {
                    if (e instanceof Instruction i) {
                        if (i instanceof InvokeInstruction call
                                && call.owner().asInternalName().endsWith("MonitorMapsTest")) {
                            String name = call.name().stringValue();
                            calls.add(new Call(
                                    m.methodName().stringValue(),
                                    m.methodType().stringValue(),
                                    bci,
                                    name.equals("in")));
                        }
                        bci += i.sizeInBytes();
                    }
                }
            });
        }
        return calls;
    }

    @Test
    void everyMarkerIsClassifiedAsItsPlaceInTheSource() throws IOException {
        List<Call> calls = markerCalls(fixture());
        assertThat(calls.stream().filter(Call::inside).count()).isGreaterThanOrEqualTo(14);
        assertThat(calls.stream().filter(c -> !c.inside()).count()).isGreaterThanOrEqualTo(14);
        for (Call c : calls) {
            Held held = MonitorMaps.held(Fixture.class, c.method(), c.descriptor(), c.bci());
            assertThat(held).as("%s at bci %d", c.method(), c.bci()).isEqualTo(c.inside() ? Held.BLOCK : Held.NONE);
        }
    }

    private synchronized void synchronizedMethod() {}

    @Test
    void aSynchronizedMethodHoldsEverywhere() {
        assertThat(MonitorMaps.held(MonitorMapsTest.class, "synchronizedMethod", "()V", 0))
                .isEqualTo(Held.METHOD);
        assertThat(MonitorMaps.held(MonitorMapsTest.class, "in", "()V", 0)).isEqualTo(Held.NONE);
    }

    @Test
    void aClassWithoutAClassFileHoldsNothing() {
        Runnable hidden = () -> {};
        assertThat(hidden.getClass().isHidden()).isTrue();
        assertThat(MonitorMaps.held(hidden.getClass(), "run", "()V", 0)).isEqualTo(Held.NONE);
        assertThat(MonitorMaps.held(Fixture.class, "noSuchMethod", "()V", 0)).isEqualTo(Held.NONE);
    }

    @Test
    void depthsCountNestedMonitors() {
        byte[] d = MonitorMaps.depths(Fixture.class, "nested", "()V");
        int max = 0;
        for (byte x : d) {
            max = Math.max(max, x);
        }
        assertThat(max).isEqualTo(2);
        assertThat(d[0]).isZero();
    }
}
