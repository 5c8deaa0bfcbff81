package dev.lockstep.core.replay;

import java.nio.file.Path;
import java.util.List;

/**
 * What a complete, undamaged log holds: returned by {@link ReplayLog#verify}, {@link
 * ReplayLog#replay} and {@link ReplayReader#summary()} once the end record was read.
 *
 * @param path the file
 * @param records data records (declarations and the end record not counted)
 * @param bytes the file's size
 * @param sources source names in the order the log declared them
 * @param codecs codec names in the order the log declared them
 * @param recovery the note {@link ReplayLog#recover} left in the end record, or null if the log
 *     was closed by its writer
 */
public record LogSummary(
        Path path, long records, long bytes, List<String> sources, List<String> codecs, Recovery recovery) {
    public LogSummary {
        sources = List.copyOf(sources);
        codecs = List.copyOf(codecs);
    }

    /** Whether the log was closed by {@link ReplayLog#recover} after damage rather than by its writer. */
    public boolean recovered() {
        return recovery != null;
    }

    /**
     * What recovery dropped from this log.
     *
     * @param droppedBytes bytes of the damaged file that were not kept
     * @param damage the damage recovery found
     * @param damageOffset where it found it
     */
    public record Recovery(long droppedBytes, Damage damage, long damageOffset) {}
}
