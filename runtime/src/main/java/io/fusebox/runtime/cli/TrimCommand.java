package io.fusebox.runtime.cli;

import io.fusebox.replay.edit.DriveLogTrimmer;
import io.fusebox.replay.log.DriveLogException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Callable;

/**
 * {@code fusebox trim DRIVE --out NEW}: a smaller drive log cut from a larger one.
 */
@Command(name = "trim", mixinStandardHelpOptions = true, sortOptions = false,
    description = "Write a smaller drive log: the entries of DRIVE between --from and --to (from its first fusion " +
        "input), optionally only some sensor kinds, copied unchanged under the original's header so the cut " +
        "replays as that stretch of the original does. Recorded outputs are kept only when every sensor is.")
final class TrimCommand implements Callable<Integer>
{
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "DRIVE", description = "the drive log to cut from")
    Path drive;

    @Option(names = "--out", paramLabel = "NEW", required = true, description = "folder of the new drive log")
    Path out;

    @Mixin
    DriveWindowOptions window;

    @Option(names = "--only", paramLabel = "KINDS", split = ",",
        description = "keep only these sensor kinds: camera, radar, lidar, ultrasonic, vehicle")
    Set<String> only;

    public Integer call()
    {
        final PrintWriter printer = spec.commandLine().getOut();
        try
        {
            final DriveLogTrimmer.Result result = DriveLogTrimmer.trim(drive, out, window.fromNs(),
                window.toNs(), null == only ? null : ReplayCommand.kinds(only));
            printer.printf(Locale.ROOT, "wrote %s: %d messages (%d fusion inputs, %.1f MB) covering %.3f s; %d fusion " +
                "inputs left out by --only%n", result.directory(), result.messages(), result.fusionInputs(),
                result.bytes() / 1e6, (result.lastLogTimeNs() - result.firstLogTimeNs()) / 1e9, result.filtered());
            printer.flush();
            return 0;
        }
        catch (final DriveLogException | IllegalArgumentException ex)
        {
            spec.commandLine().getErr().println("fusebox: " + ex.getMessage());
            spec.commandLine().getErr().flush();
            return FuseboxCommand.EXIT_CONFIG;
        }
    }
}
