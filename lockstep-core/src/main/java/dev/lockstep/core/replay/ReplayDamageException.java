package dev.lockstep.core.replay;

import java.nio.file.Path;

/**
 * A replay log is damaged: the message names the file, the byte offset and the cause, for example
 * {@code replay log /tmp/run.log is damaged at byte offset 4117 (CORRUPT_RECORD): the record fails
 * its CRC32C check (stored 0x1f2e3d4c, computed 0x9a8b7c6d)}.
 *
 * <p>The offset is where the damaged structure starts: the header (0), the record's first byte
 * (its length field), or the end of the last whole record for {@link Damage#MISSING_END}. A
 * streaming {@link ReplayReader} throws this after delivering the records before the offset;
 * {@link ReplayLog#replay} and {@link ReplayLog#cursor} verify the whole log first and deliver
 * nothing from a damaged log.
 */
public final class ReplayDamageException extends ReplayException {
    private final Path path;
    private final long offset;
    private final Damage damage;
    private final String detail;

    public ReplayDamageException(Path path, long offset, Damage damage, String detail) {
        this(path, offset, damage, detail, null);
    }

    public ReplayDamageException(Path path, long offset, Damage damage, String detail, Throwable cause) {
        super("replay log " + path + " is damaged at byte offset " + offset + " (" + damage + "): " + detail, cause);
        this.path = path;
        this.offset = offset;
        this.damage = damage;
        this.detail = detail;
    }

    /** The damaged file. */
    public Path path() {
        return path;
    }

    /** The byte offset in the file where the damaged structure starts. */
    public long offset() {
        return offset;
    }

    /** What kind of damage. */
    public Damage damage() {
        return damage;
    }

    /** The cause in words, without the file and offset (the message has both). */
    public String detail() {
        return detail;
    }
}
