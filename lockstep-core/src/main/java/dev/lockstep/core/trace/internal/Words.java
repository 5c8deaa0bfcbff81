package dev.lockstep.core.trace.internal;

/** Small helpers for messages. */
public final class Words {
    private Words() {}

    /** "a span", "an instant", "an end": the word with its indefinite article. */
    public static String article(String word) {
        return (word.startsWith("i") || word.startsWith("e") ? "an " : "a ") + word;
    }
}
