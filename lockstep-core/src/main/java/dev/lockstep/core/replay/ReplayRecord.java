package dev.lockstep.core.replay;

/**
 * One input read back from a log.
 *
 * @param offset the byte offset of the record in the file (for messages)
 * @param logicalTime when the input entered, in the recording's logical time
 * @param source the source's name
 * @param codec the codec's name
 * @param value the decoded value (for array codecs compare element by element)
 */
public record ReplayRecord(long offset, long logicalTime, String source, String codec, Object value) {
    /**
     * The value as a {@code type}.
     *
     * @throws ReplayDivergenceException if it is not one (the message names the record): the
     *     replaying code expects another input than the recording holds
     */
    public <T> T value(Class<T> type) {
        if (!type.isInstance(value)) {
            throw new ReplayDivergenceException("replay record at offset " + offset + " (time " + logicalTime
                    + ", source '" + source + "') holds a " + value.getClass().getName() + " (codec '" + codec
                    + "'), not a " + type.getName());
        }
        return type.cast(value);
    }
}
