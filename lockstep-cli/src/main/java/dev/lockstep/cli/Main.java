package dev.lockstep.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code lockstep} command: one subcommand per job, picocli underneath. */
@Command(
        name = "lockstep",
        mixinStandardHelpOptions = true,
        versionProvider = Main.Version.class,
        description = "Lockstep: a runtime for the JVM that makes concurrent programs fast and reproducible.",
        subcommands = {
            DemoCommand.class,
            BenchCommand.class,
            TraceCommand.class,
            IoCommand.class,
            PatchCommand.class,
            ServeCommand.class,
            ClusterCommand.class,
            CommandLine.HelpCommand.class
        })
public final class Main implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    public static void main(String[] args) {
        if (System.getProperty("jdk.console") == null) {
            // The CLI needs no line editing: JDK 22+'s JLine console, which picocli's colour
            // detection would load, costs ~7 MB of resident memory in every command, servers included.
            System.setProperty("jdk.console", "java.base");
        }
        System.exit(newCommandLine().execute(args));
    }

    static CommandLine newCommandLine() {
        return new CommandLine(new Main());
    }

    /** Reads the version Maven filtered into version.properties. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            Properties p = new Properties();
            try (InputStream in = Main.class.getResourceAsStream("version.properties")) {
                if (in != null) {
                    p.load(in);
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return new String[] {
                "lockstep " + p.getProperty("version", "unknown"),
                "JVM: " + Runtime.version() + " (" + System.getProperty("java.vendor") + ")"
            };
        }
    }
}
