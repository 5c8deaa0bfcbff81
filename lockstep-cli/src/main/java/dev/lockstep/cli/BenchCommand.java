package dev.lockstep.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** Runs a benchmark suite. */
@Command(name = "bench", mixinStandardHelpOptions = true, description = "Run a benchmark suite.")
final class BenchCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        return 0;
    }
}
