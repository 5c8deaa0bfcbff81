package dev.lockstep.flow;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * File effects: read a file into a slot (through its codec, typically {@link SlotCodec#json}) and
 * write a slot's value to a file atomically (a temporary file in the same directory, then a move).
 * Blocking I/O on a virtual thread, interrupted when cancelled. A missing file is a failure.
 */
public final class JsonFile {
    private JsonFile() {}

    /** Effect: the bytes of {@code file} land in {@code into} through its codec. */
    public static <T> Effect<T> read(String effect, Path file, Slot<T> into) {
        return new Effect<>(
                effect,
                "file.read",
                file.toString(),
                into,
                true,
                null,
                RetryPolicy.NONE,
                attempt -> Blocking.start(effect, () -> Files.readAllBytes(file)));
    }

    /** Effect: writes {@code value}, encoded by {@code slot}'s codec, to {@code file} atomically. */
    public static <T> Effect<Void> write(String effect, Path file, Slot<T> slot, T value) {
        byte[] bytes = slot.codec().encode(value);
        return new Effect<Void>(
                effect,
                "file.write",
                file.toString(),
                null,
                true,
                null,
                RetryPolicy.NONE,
                attempt -> Blocking.start(effect, () -> {
                    writeAtomically(file, bytes);
                    return null;
                }));
    }

    private static void writeAtomically(Path file, byte[] bytes) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        Path tmp = Files.createTempFile(dir, "." + file.getFileName(), ".tmp");
        try {
            Files.write(tmp, bytes);
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }
}
