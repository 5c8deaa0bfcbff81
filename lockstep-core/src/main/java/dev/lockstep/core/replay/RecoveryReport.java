package dev.lockstep.core.replay;

import java.nio.file.Path;

/**
 * What {@link ReplayLog#recover} (or {@link ReplayLog#diagnose}) found and kept.
 *
 * @param path the log examined
 * @param output where the recovered log was written (the same path in place, the target of a
 *     copy), or null if nothing was written ({@link ReplayLog#diagnose}, or an undamaged log
 *     recovered in place)
 * @param records data records kept
 * @param keptBytes bytes kept from the start of the file: the end of the last good record (the
 *     recovered log is these bytes plus a new end record)
 * @param droppedBytes bytes of the file after {@code keptBytes}, not kept (after {@link
 *     Damage#TRAILING_DATA} this includes the old end record, replaced by a marked one)
 * @param damage the first damage found, or null if the log was whole
 * @param damageOffset where that damage starts, or -1
 * @param detail the damage in words, or null
 */
public record RecoveryReport(
        Path path,
        Path output,
        long records,
        long keptBytes,
        long droppedBytes,
        Damage damage,
        long damageOffset,
        String detail) {
    /** Whether damage was found. */
    public boolean damaged() {
        return damage != null;
    }

    @Override
    public String toString() {
        String kept =
                "kept " + records + " data records (bytes 0 to " + keptBytes + "), dropped " + droppedBytes + " bytes";
        String where = output == null ? "; nothing written" : "; recovered log at " + output;
        return damage == null
                ? "replay log " + path + " is whole: " + records + " data records" + where
                : "replay log " + path + " is damaged at byte offset " + damageOffset + " (" + damage + "): " + detail
                        + "; " + kept + where;
    }
}
