package dev.lockstep.bench.archfixture;

import dev.lockstep.cli.Main;

/** Architecture fixture, breaks the rule on purpose: nothing imports cli, not even bench. */
public final class BenchImportsCli {
    public String use(Main main) {
        return String.valueOf(main);
    }
}
