package dev.lockstep.core.coroutine.internal;

import java.io.IOException;
import java.io.InputStream;
import java.lang.classfile.ClassFile;
import java.lang.classfile.ClassModel;
import java.lang.classfile.CodeElement;
import java.lang.classfile.Instruction;
import java.lang.classfile.Label;
import java.lang.classfile.MethodModel;
import java.lang.classfile.Opcode;
import java.lang.classfile.attribute.CodeAttribute;
import java.lang.classfile.instruction.BranchInstruction;
import java.lang.classfile.instruction.DiscontinuedInstruction;
import java.lang.classfile.instruction.ExceptionCatch;
import java.lang.classfile.instruction.LookupSwitchInstruction;
import java.lang.classfile.instruction.ReturnInstruction;
import java.lang.classfile.instruction.SwitchCase;
import java.lang.classfile.instruction.TableSwitchInstruction;
import java.lang.classfile.instruction.ThrowInstruction;
import java.lang.reflect.AccessFlag;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Which bytecode indices of a method hold a monitor, for the pin check. Computed once per method
 * (the key is class, name and descriptor; {@link ClassValue} lets the class unload) from its class
 * file with {@code java.lang.classfile}: a forward dataflow of the monitor depth, where
 * monitorenter adds one after itself, monitorexit takes one, every branch, switch and fall-through
 * carries the depth on, and an exception handler receives the depth that the instructions it
 * covers have before they run, up to the first catch-all handler covering them (handlers are
 * tried in table order, and a catch-all ends the search: this is what keeps javac's {@code
 * synchronized} cleanup handler, which exits the monitor and rethrows, from carrying the held
 * depth into an enclosing {@code catch}). Where paths meet, the larger depth wins (javac's structured locking
 * never disagrees; for other code the check errs on the side of reporting). Depth is capped, so the
 * dataflow ends on any code.
 *
 * <p>A class whose file cannot be read (hidden classes, some generated classes) holds no monitor as
 * far as this map knows; a {@code synchronized} flag is read from the same class file.
 */
final class MonitorMaps {
    private MonitorMaps() {}

    /** What a frame holds. */
    enum Held {
        NONE,
        /** The method is synchronized. */
        METHOD,
        /** The frame is inside a synchronized block (a monitorenter not yet exited). */
        BLOCK
    }

    private static final int MAX_DEPTH = 64;

    private record MethodMap(boolean synchronizedMethod, byte[] depth) {
        Held held(int bci) {
            if (synchronizedMethod) {
                return Held.METHOD;
            }
            return depth != null && bci >= 0 && bci < depth.length && depth[bci] > 0 ? Held.BLOCK : Held.NONE;
        }
    }

    private static final MethodMap UNKNOWN = new MethodMap(false, null);

    private static final ClassValue<Map<String, MethodMap>> BY_CLASS = new ClassValue<>() {
        @Override
        protected Map<String, MethodMap> computeValue(Class<?> type) {
            return new ConcurrentHashMap<>();
        }
    };

    /** What the frame of {@code method} (with {@code descriptor}) holds at {@code bci}. */
    static Held held(Class<?> c, String method, String descriptor, int bci) {
        return BY_CLASS.get(c)
                .computeIfAbsent(method + descriptor, k -> analyse(c, method, descriptor))
                .held(bci);
    }

    /** The monitor depth before each bytecode index of the method (tests); null if unknown. */
    static byte[] depths(Class<?> c, String method, String descriptor) {
        return analyse(c, method, descriptor).depth();
    }

    private static MethodMap analyse(Class<?> c, String method, String descriptor) {
        byte[] bytes = classBytes(c);
        if (bytes == null) {
            return UNKNOWN;
        }
        try {
            ClassModel cm = ClassFile.of().parse(bytes);
            for (MethodModel m : cm.methods()) {
                if (m.methodName().equalsString(method) && m.methodType().equalsString(descriptor)) {
                    boolean sync = m.flags().has(AccessFlag.SYNCHRONIZED);
                    byte[] depth =
                            m.code().map(code -> depths((CodeAttribute) code)).orElse(null);
                    return new MethodMap(sync, depth);
                }
            }
        } catch (IllegalArgumentException e) {
            // a class file this JDK cannot parse: report nothing rather than fail the yield
        }
        return UNKNOWN;
    }

    private static byte[] classBytes(Class<?> c) {
        String resource = "/" + c.getName().replace('.', '/') + ".class";
        try (InputStream in = c.getResourceAsStream(resource)) {
            return in == null ? null : in.readAllBytes();
        } catch (IOException e) {
            return null;
        }
    }

    /** The dataflow of the class overview. */
    private static byte[] depths(CodeAttribute code) {
        int length = code.codeLength();
        Instruction[] at = new Instruction[length];
        int bci = 0;
        for (CodeElement e : code) {
            if (e instanceof Instruction i) {
                at[bci] = i;
                bci += i.sizeInBytes();
            }
        }
        List<ExceptionCatch> catches = code.exceptionHandlers();
        int[] start = new int[catches.size()];
        int[] end = new int[catches.size()];
        int[] handler = new int[catches.size()];
        boolean[] catchAll = new boolean[catches.size()];
        for (int h = 0; h < catches.size(); h++) {
            ExceptionCatch ec = catches.get(h);
            start[h] = code.labelToBci(ec.tryStart());
            end[h] = code.labelToBci(ec.tryEnd());
            handler[h] = code.labelToBci(ec.handler());
            catchAll[h] = ec.catchType().isEmpty();
        }

        int[] depth = new int[length];
        java.util.Arrays.fill(depth, -1); // -1: not reached
        ArrayDeque<Integer> work = new ArrayDeque<>();
        merge(depth, work, 0, 0);
        while (!work.isEmpty()) {
            int b = work.pop();
            int d = depth[b];
            Instruction i = at[b];
            for (int h = 0; h < handler.length; h++) {
                if (b >= start[h] && b < end[h]) {
                    merge(depth, work, handler[h], d);
                    if (catchAll[h]) {
                        break; // handlers after a covering catch-all are never reached from here
                    }
                }
            }
            int after = d;
            if (i.opcode() == Opcode.MONITORENTER) {
                after = Math.min(d + 1, MAX_DEPTH);
            } else if (i.opcode() == Opcode.MONITOREXIT) {
                after = Math.max(d - 1, 0);
            }
            int next = b + i.sizeInBytes();
            switch (i) {
                case BranchInstruction br -> {
                    merge(depth, work, code.labelToBci(br.target()), after);
                    if (br.opcode() != Opcode.GOTO && br.opcode() != Opcode.GOTO_W) {
                        merge(depth, work, next, after);
                    }
                }
                case TableSwitchInstruction ts -> {
                    merge(depth, work, code.labelToBci(ts.defaultTarget()), after);
                    mergeCases(code, depth, work, ts.cases(), after);
                }
                case LookupSwitchInstruction ls -> {
                    merge(depth, work, code.labelToBci(ls.defaultTarget()), after);
                    mergeCases(code, depth, work, ls.cases(), after);
                }
                case ReturnInstruction r -> {}
                case ThrowInstruction t -> {}
                case DiscontinuedInstruction.JsrInstruction jsr -> {
                    merge(depth, work, code.labelToBci(jsr.target()), after);
                    merge(depth, work, next, after);
                }
                case DiscontinuedInstruction.RetInstruction ret -> {}
                default -> merge(depth, work, next, after);
            }
        }
        byte[] out = new byte[length];
        for (int b = 0; b < length; b++) {
            out[b] = (byte) Math.max(depth[b], 0);
        }
        return out;
    }

    private static void mergeCases(
            CodeAttribute code, int[] depth, ArrayDeque<Integer> work, List<SwitchCase> cases, int d) {
        for (SwitchCase sc : cases) {
            Label target = sc.target();
            merge(depth, work, code.labelToBci(target), d);
        }
    }

    private static void merge(int[] depth, ArrayDeque<Integer> work, int target, int d) {
        if (target >= 0 && target < depth.length && d > depth[target]) {
            depth[target] = d;
            work.push(target);
        }
    }
}
