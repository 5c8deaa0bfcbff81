package dev.lockstep.flow.http;

import java.util.List;

/** Public access to {@link Corpus} for the tests of the internal package. */
public final class CorpusAccess {
    private CorpusAccess() {}

    public record Case(String name, String request, int status) {
        @Override
        public String toString() {
            return name + " -> " + status;
        }
    }

    public static List<Case> malformed() {
        return Corpus.malformed().stream()
                .map(c -> new Case(c.name(), c.request(), c.status()))
                .toList();
    }
}
