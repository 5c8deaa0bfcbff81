package dev.lockstep.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** A short tour of what exists. */
@Command(name = "demo", mixinStandardHelpOptions = true, description = "A short tour of Lockstep.")
final class DemoCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        System.out.println("Lockstep demo");
        return 0;
    }
}
