package dev.lockstep.cli.archfixture;

import dev.lockstep.bench.BenchMain;

/** Architecture fixture, breaks the rule on purpose: nothing imports bench, not even cli. */
public final class CliImportsBench {
    public String use(BenchMain main) {
        return String.valueOf(main);
    }
}
