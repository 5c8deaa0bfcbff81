package dev.lockstep.patch.internal.blocks;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Every block type, by name. Filled once, at class initialisation, from the block families ({@link
 * TimeBlocks}, {@link MathBlocks}, {@link FieldBlocks}, ...); read-only afterwards, so lookups from
 * several compiling threads are safe.
 */
public final class BlockLibrary {
    private static final Map<String, BlockDef> DEFS = new LinkedHashMap<>();

    static {
        List<BlockDef> all = new ArrayList<>();
        TimeBlocks.register(all);
        MathBlocks.register(all);
        SignalBlocks.register(all);
        FieldBlocks.register(all);
        ShapeBlocks.register(all);
        RenderBlocks.register(all);
        PathBlocks.register(all);
        LayoutBlocks.register(all);
        AdapterBlocks.register(all);
        EventBlocks.register(all);
        for (BlockDef d : all) {
            if (DEFS.put(d.type, d) != null) {
                throw new IllegalStateException("block type " + d.type + " defined twice");
            }
        }
    }

    private BlockLibrary() {}

    public static BlockDef get(String type) {
        return DEFS.get(type);
    }

    public static List<BlockDef> all() {
        return Collections.unmodifiableList(new ArrayList<>(DEFS.values()));
    }

    /** " (did you mean X?)" for the closest known type by edit distance, or "". */
    public static String suggest(String type) {
        String best = null;
        int bestD = Integer.MAX_VALUE;
        for (String t : DEFS.keySet()) {
            int d = distance(t.toLowerCase(java.util.Locale.ROOT), type.toLowerCase(java.util.Locale.ROOT));
            if (d < bestD) {
                bestD = d;
                best = t;
            }
        }
        return best != null && bestD <= Math.max(2, type.length() / 3) ? " (did you mean " + best + "?)" : "";
    }

    private static int distance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int c = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + c);
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }
}
