package io.fusebox.runtime.cli;

import io.fusebox.runtime.bus.Profile;
import io.fusebox.runtime.control.ControlPlaneContext;
import io.fusebox.runtime.drive.Drive;
import io.fusebox.runtime.drive.DriveContext;
import io.fusebox.runtime.drive.DriveReport;
import io.fusebox.runtime.record.SnapshotContext;
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
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
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

    @Option(names = "--snapshot", paramLabel = "TIME", converter = DurationConverter.class,
        description = "snapshot mode: keep only the last TIME of the drive in memory and write it out as a drive log " +
            "under DIR/snapshots when triggered (kill -USR2 PID, or the SnapshotTrigger API); e.g. 30s")
    Duration snapshot;

    @Option(names = "--summary-json", paramLabel = "FILE", description = "write the drive's figures as JSON")
    Path summaryJson;

    @Option(names = "--list-scenarios", description = "list the scenarios and exit")
    boolean listScenarios;

    @Option(names = "--no-http", description = "do not start the control plane (REST API, WebSocket, dashboard)")
    boolean noHttp;

    @Option(names = "--http-host", paramLabel = "ADDRESS", defaultValue = ControlPlaneContext.HOST_DEFAULT,
        description = "address the control plane binds to (default: ${DEFAULT-VALUE}, this machine only)")
    String httpHost;

    @Option(names = "--http-port", paramLabel = "PORT", defaultValue = "0",
        description = "control plane port; 0 picks a free one (default: ${DEFAULT-VALUE}); the URL is printed")
    int httpPort;

    @Option(names = "--http-token-file", paramLabel = "FILE",
        description = "file holding the token for recording controls (default: one is generated and printed)")
    Path httpTokenFile;

    @Option(names = "--http-allow-origin", paramLabel = "ORIGIN",
        description = "another origin (e.g. http://10.0.0.5:8080) whose pages may open the WebSocket; repeatable")
    List<String> httpAllowedOrigins = List.of();

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
        if (null != snapshot)
        {
            context.snapshot(new SnapshotContext().windowNs(snapshot.toNanos()).triggerOnSignal(true));
        }
        if (!noHttp)
        {
            final ControlPlaneContext controlPlane = new ControlPlaneContext()
                .host(httpHost)
                .port(httpPort)
                .allowedOrigins(httpAllowedOrigins);
            if (null != httpTokenFile)
            {
                controlPlane.authToken(Files.readString(httpTokenFile).strip());
            }
            context.controlPlane(controlPlane);
        }
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
