package io.fusebox.runtime.cli;

import io.fusebox.runtime.bus.Profile;
import io.fusebox.runtime.drive.Drive;
import io.fusebox.runtime.drive.DriveContext;
import io.fusebox.runtime.drive.DriveReport;
import io.fusebox.runtime.rig.SensorSelection;
import io.fusebox.sensors.rig.RigLoader;
import io.fusebox.sensors.sim.ScenarioCatalog;
import org.agrona.concurrent.ShutdownSignalBarrier;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.Locale;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * {@code fusebox drive}: a simulated drive, live on the bus, with figures once a second.
 */
@Command(name = "drive", mixinStandardHelpOptions = true, sortOptions = false,
    description = "Drive a simulated scenario live on the Aeron bus: every sensor of the rig publishes at its " +
        "nominal rate, the Sequencer orders them into the fusion input. Prints rates and latency once a second.")
final class DriveCommand implements Callable<Integer>
{
    @Spec
    CommandSpec spec;

    @Option(names = "--scenario", paramLabel = "NAME", defaultValue = DriveContext.SCENARIO_DEFAULT,
        description = "scenario to drive (default: ${DEFAULT-VALUE}); --list-scenarios names them")
    String scenario;

    @Option(names = "--duration", paramLabel = "TIME", defaultValue = "30s", converter = DurationConverter.class,
        description = "how long to drive, e.g. 30s, 2m (default: ${DEFAULT-VALUE})")
    Duration duration;

    @Option(names = "--warmup", paramLabel = "TIME", defaultValue = "5s", converter = DurationConverter.class,
        description = "latency in this first part of the drive is reported apart from the steady figures " +
            "(default: ${DEFAULT-VALUE})")
    Duration warmup;

    @Option(names = "--seed", defaultValue = "42", description = "simulation seed (default: ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--rig", paramLabel = "FILE", description = "rig file (default: the built-in Hyperion-8-style rig)")
    Path rigFile;

    @Option(names = "--profile", defaultValue = "${sys:fusebox.profile:-laptop}",
        description = "laptop (shared threads, back off when idle) or thor (a busy-spinning thread per agent); " +
            "default: ${DEFAULT-VALUE}")
    String profile;

    @Option(names = "--aeron-dir", paramLabel = "DIR",
        description = "use the external media driver running in DIR instead of an embedded one")
    String externalDriverDir;

    @Option(names = "--board", paramLabel = "SIDE", defaultValue = "all",
        description = "all (default): publish every simulated sensor; fusion: the fusion board of a rig across " +
            "boards, publishing only the sensors whose channel is IPC ('fusebox sensors' publishes the rest)")
    String board;

    @Mixin
    BoardClockOptions boardClock;

    @Option(names = "--drives", paramLabel = "DIR", defaultValue = "drives",
        description = "folder the drive log is recorded under, one folder per drive (default: ${DEFAULT-VALUE})")
    Path drivesRoot;

    @Option(names = "--no-record", description = "do not record a drive log")
    boolean noRecord;

    @Option(names = "--summary-json", paramLabel = "FILE", description = "write the drive's figures as JSON")
    Path summaryJson;

    @Option(names = "--list-scenarios", description = "list the scenarios and exit")
    boolean listScenarios;

    public Integer call() throws Exception
    {
        final PrintWriter out = spec.commandLine().getOut();
        if (listScenarios)
        {
            for (final String name : ScenarioCatalog.names())
            {
                out.printf("%-22s %s%n", name, ScenarioCatalog.byName(name).description());
            }
            out.flush();
            return 0;
        }

        final DriveContext context = new DriveContext()
            .rig(null == rigFile ? RigLoader.loadDefault() : RigLoader.load(rigFile))
            .scenario(scenario)
            .seed(seed)
            .durationNs(duration.toNanos())
            .warmupNs(warmup.toNanos())
            .profile(Profile.fromName(profile))
            .recordRoot(noRecord ? null : drivesRoot);
        if ("fusion".equals(board))
        {
            context.sensorPublicationMask(SensorSelection.ipcSensorMask(context.rig()));
        }
        else if (!"all".equals(board))
        {
            throw new IllegalArgumentException("--board: expected all or fusion, was '" + board + "'");
        }
        context.startDelayNs(boardClock.startDelayNs(context.startDelayNs()));
        if (null != externalDriverDir)
        {
            context.embeddedDriver(false).aeronDirectoryName(externalDriverDir);
        }

        // Ctrl-C ends the drive early but still reports it: the JVM's shutdown waits for this barrier to close,
        // so everything is printed and written before it does.
        final AtomicBoolean running = new AtomicBoolean(true);
        final DriveReport report;
        try (ShutdownSignalBarrier ignore = new ShutdownSignalBarrier(() -> running.set(false)))
        {
            report = Drive.run(context, out, running::get);
            out.print(report.summaryText());
            if (null != summaryJson)
            {
                report.writeJson(summaryJson);
                out.printf(Locale.ROOT, "summary written to %s%n", summaryJson);
            }
            out.flush();
        }
        return report.errors() == 0 && report.totalDropped() == 0 ? 0 : 1;
    }
}
