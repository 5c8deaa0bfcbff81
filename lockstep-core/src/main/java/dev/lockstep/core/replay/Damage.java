package dev.lockstep.core.replay;

/**
 * What is wrong with a damaged replay log, as reported by {@link ReplayDamageException#damage()}
 * and {@link RecoveryReport#damage()}. Each kind has a stable {@link #code()} that a recovered
 * log's end record stores (docs/core/replay.md, "Byte format"); never reuse a code.
 */
public enum Damage {
    /** The file ends inside its header or inside a record (a write was cut short). */
    TRUNCATED(1),
    /** The file does not start with the replay log magic {@code LSREPLAY}: not a replay log. */
    BAD_MAGIC(2),
    /** The header names a format version this reader does not read. */
    WRONG_VERSION(3),
    /** The header fails its CRC32C or sets flags this version does not define. */
    CORRUPT_HEADER(4),
    /** A record's length field fails its check byte or is out of range. */
    BAD_LENGTH(5),
    /** A record fails its CRC32C: some byte of it (or of its CRC) changed. */
    CORRUPT_RECORD(6),
    /**
     * A record passes its CRC but its content breaks the format (unknown type, reference to an
     * undeclared source or codec, logical time going back, wrong record count): written by a
     * broken writer, never by byte damage alone.
     */
    BAD_RECORD(7),
    /** The log declares a codec the reader's {@link CodecRegistry} does not have. */
    UNKNOWN_CODEC(8),
    /** A codec could not decode a payload (or left bytes unread): writer and reader codecs differ. */
    BAD_PAYLOAD(9),
    /** The log ends at a record boundary without its end record: the writer did not close it. */
    MISSING_END(10),
    /** Bytes follow the end record. */
    TRAILING_DATA(11);

    private final int code;

    Damage(int code) {
        this.code = code;
    }

    /** The kind's number in the byte format (1 to 255). */
    public int code() {
        return code;
    }

    /** The kind with this code, or null. */
    static Damage ofCode(int code) {
        for (Damage d : values()) {
            if (d.code == code) {
                return d;
            }
        }
        return null;
    }
}
