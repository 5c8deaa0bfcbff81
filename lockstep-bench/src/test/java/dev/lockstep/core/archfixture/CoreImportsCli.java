package dev.lockstep.core.archfixture;

import dev.lockstep.cli.Main;

/** Architecture fixture, breaks the rule on purpose: core may import no other module. */
public final class CoreImportsCli {
    private CoreImportsCli() {}

    static String describe(Main main) {
        return String.valueOf(main);
    }
}
