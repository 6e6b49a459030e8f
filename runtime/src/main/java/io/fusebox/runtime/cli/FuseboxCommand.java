package io.fusebox.runtime.cli;

import io.fusebox.sensors.rig.RigConfigException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code fusebox} command line: one subcommand per user journey.
 */
@Command(
    name = "fusebox",
    mixinStandardHelpOptions = true,
    versionProvider = FuseboxCommand.Version.class,
    description = "Sensor-fusion runtime for autonomous vehicles: drive, replay, bench.",
    subcommands = { DriveCommand.class, SensorsCommand.class, ReplayCommand.class, InfoCommand.class,
        ExportCommand.class, TrimCommand.class, KittiCommand.class, RigCommand.class, ScenariosCommand.class,
        BenchCommand.class, CommandLine.HelpCommand.class })
public final class FuseboxCommand
{
    /** Exit code for a usage or configuration error, as distinct from a failed run (1). */
    static final int EXIT_CONFIG = 2;

    public static void main(final String[] args)
    {
        System.exit(execute(args));
    }

    /**
     * Runs the command line in-process, for tools.
     */
    public static int execute(final String... args)
    {
        return commandLine().execute(args);
    }

    /**
     * @return the command line with fusebox's error handling, ready to execute; tests set its out/err.
     */
    public static CommandLine commandLine()
    {
        final CommandLine commandLine = new CommandLine(new FuseboxCommand());
        commandLine.setExecutionExceptionHandler((ex, cmd, parseResult) ->
        {
            if (ex instanceof RigConfigException || ex instanceof IllegalArgumentException)
            {
                cmd.getErr().println("fusebox: " + ex.getMessage());
                return EXIT_CONFIG;
            }
            throw ex;
        });
        return commandLine;
    }

    static final class Version implements CommandLine.IVersionProvider
    {
        public String[] getVersion()
        {
            final String version = FuseboxCommand.class.getPackage().getImplementationVersion();
            return new String[]{ "fusebox " + (null == version ? "dev" : version) };
        }
    }
}
