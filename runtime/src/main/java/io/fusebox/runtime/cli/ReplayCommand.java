package io.fusebox.runtime.cli;

import io.fusebox.replay.log.DriveLogException;
import io.fusebox.runtime.bus.Profile;
import io.fusebox.runtime.replay.Replay;
import io.fusebox.runtime.replay.ReplayContext;
import io.fusebox.runtime.replay.ReplayFaults;
import io.fusebox.runtime.replay.ReplayPipeline;
import io.fusebox.runtime.replay.ReplayReport;
import io.fusebox.sensors.codec.SensorKind;
import org.agrona.concurrent.ShutdownSignalBarrier;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * {@code fusebox replay DRIVE}: the recorded fusion input, published again on the fusion-input stream.
 */
@Command(name = "replay", mixinStandardHelpOptions = true, sortOptions = false,
    description = "Replay a drive log: publish its recorded fusion input on the fusion-input stream, on the " +
        "recorded schedule (scaled by --rate) or as fast as possible, through the pipeline attached to replay. " +
        "--verify compares every world model and trajectory produced with the recorded one, byte for byte, and " +
        "exits non-zero naming the first divergence (or when nothing could be compared).")
final class ReplayCommand implements Callable<Integer>
{
    private final ReplayPipeline pipeline;

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "DRIVE", description = "the drive log's folder")
    Path drive;

    @Option(names = "--rate", paramLabel = "RATE", defaultValue = "1",
        description = "times recorded speed, e.g. 0.5, 1, 2; or max (as fast as possible); default: ${DEFAULT-VALUE}")
    String rate;

    @Mixin
    DriveWindowOptions window;

    @Option(names = "--loop", description = "go round again at the end, until Ctrl-C")
    boolean loop;

    @Option(names = "--only", paramLabel = "KINDS", split = ",",
        description = "replay only these sensor kinds: camera, radar, lidar, ultrasonic, vehicle")
    Set<String> only;

    @Option(names = "--drop", paramLabel = "SENSOR_ID", split = ",",
        description = "fault: withhold these sensors' messages (a dead sensor), e.g. --drop 31,21")
    List<String> drop;

    @Option(names = "--delay", paramLabel = "SENSOR_ID=TIME", split = ",",
        description = "fault: publish these sensors' messages that much later in the replay schedule (a late " +
            "sensor), e.g. --delay 21=50ms,1=120ms; re-sequenced as the live sequencer would have")
    List<String> delay;

    @Option(names = "--verify", description = "compare produced world models and trajectories with the recorded ones")
    boolean verify;

    @Option(names = "--summary-json", paramLabel = "FILE", description = "write the replay's figures as JSON")
    Path summaryJson;

    @Option(names = "--profile", defaultValue = "${sys:fusebox.profile:-laptop}",
        description = "laptop or thor, as for drive; default: ${DEFAULT-VALUE}")
    String profile;

    @Option(names = "--aeron-dir", paramLabel = "DIR",
        description = "use the external media driver running in DIR instead of an embedded one")
    String externalDriverDir;

    /**
     * Replays through fusion, the code that drove: the same agent, made on the replay's bus from the
     * recorded rig.
     */
    ReplayCommand()
    {
        this((bus, header) -> List.of(
            new io.fusebox.runtime.fusion.FusionAgent(bus, new io.fusebox.runtime.fusion.FusionContext().rig(bus.rig()))));
    }

    /**
     * @param pipeline the agents (fusion, planner) replay runs on the replayed input.
     */
    ReplayCommand(final ReplayPipeline pipeline)
    {
        this.pipeline = pipeline;
    }

    public Integer call() throws Exception
    {
        final PrintWriter out = spec.commandLine().getOut();
        final PrintWriter err = spec.commandLine().getErr();
        final ReplayContext context;
        try
        {
            context = new ReplayContext()
                .drive(drive)
                .rate(parseRate(rate))
                .fromNs(window.fromNs())
                .toNs(window.toNs())
                .loop(loop)
                .only(null == only ? null : kinds(only))
                .faults(faults(drop, delay))
                .verify(verify)
                .pipeline(pipeline)
                .profile(Profile.fromName(profile));
            if (null != externalDriverDir)
            {
                context.embeddedDriver(false).aeronDirectoryName(externalDriverDir);
            }
            context.conclude();
        }
        catch (final IllegalArgumentException ex)
        {
            err.println("fusebox: " + ex.getMessage());
            err.flush();
            return FuseboxCommand.EXIT_CONFIG;
        }

        final AtomicBoolean running = new AtomicBoolean(true);
        final ReplayReport report;
        try (ShutdownSignalBarrier ignore = new ShutdownSignalBarrier(() -> running.set(false)))
        {
            report = Replay.run(context, out, running::get);
        }
        catch (final DriveLogException | IllegalArgumentException ex)
        {
            err.println("fusebox: " + ex.getMessage());
            err.flush();
            return FuseboxCommand.EXIT_CONFIG;
        }
        out.print(report.summaryText());
        if (null != summaryJson)
        {
            report.writeJson(summaryJson);
            out.printf(Locale.ROOT, "summary written to %s%n", summaryJson);
        }
        out.flush();
        if (!report.isComplete())
        {
            return 1;
        }
        return verify && !report.verified() ? 1 : 0;
    }

    static double parseRate(final String text)
    {
        if ("max".equalsIgnoreCase(text.trim()))
        {
            return ReplayContext.RATE_MAX;
        }
        try
        {
            final double value = Double.parseDouble(text.trim());
            if (value > 0 && !Double.isInfinite(value))
            {
                return value;
            }
        }
        catch (final NumberFormatException ex)
        {
            // falls through to the message below
        }
        throw new IllegalArgumentException("rate: '" + text + "' is not a positive number or max");
    }

    static ReplayFaults faults(final List<String> drop, final List<String> delay)
    {
        final ReplayFaults faults = new ReplayFaults();
        if (null != drop)
        {
            for (final String id : drop)
            {
                faults.drop(sensorId("drop", id, id));
            }
        }
        if (null != delay)
        {
            for (final String item : delay)
            {
                final int equals = item.indexOf('=');
                if (equals < 0)
                {
                    throw new IllegalArgumentException("delay: '" + item + "' is not SENSOR_ID=TIME (e.g. 21=50ms)");
                }
                final Duration delayTime;
                try
                {
                    delayTime = new DurationConverter().convert(item.substring(equals + 1));
                }
                catch (final CommandLine.TypeConversionException ex)
                {
                    throw new IllegalArgumentException("delay: '" + item + "': " + ex.getMessage());
                }
                faults.delay(sensorId("delay", item.substring(0, equals), item), delayTime.toNanos());
            }
        }
        return faults;
    }

    private static int sensorId(final String field, final String text, final String item)
    {
        try
        {
            return Integer.parseInt(text.trim());
        }
        catch (final NumberFormatException ex)
        {
            throw new IllegalArgumentException(field + ": '" + item + "' does not start with a sensor id (a number, " +
                "as `fusebox rig` lists them)");
        }
    }

    static Set<SensorKind> kinds(final Set<String> names)
    {
        final Set<SensorKind> kinds = EnumSet.noneOf(SensorKind.class);
        for (final String name : names)
        {
            switch (name.trim().toLowerCase(Locale.ROOT))
            {
                case "camera":
                case "cameras":
                    kinds.add(SensorKind.CAMERA);
                    break;
                case "radar":
                case "radars":
                    kinds.add(SensorKind.RADAR);
                    break;
                case "lidar":
                    kinds.add(SensorKind.LIDAR);
                    break;
                case "ultrasonic":
                case "ultrasonics":
                    kinds.add(SensorKind.ULTRASONIC);
                    break;
                case "vehicle":
                case "vehicle-state":
                case "vehicle_state":
                    kinds.add(SensorKind.VEHICLE_STATE);
                    break;
                default:
                    throw new IllegalArgumentException("only: unknown sensor kind '" + name +
                        "' (expected camera, radar, lidar, ultrasonic, vehicle)");
            }
        }
        return kinds;
    }

    /**
     * For tests: the command line with this command, its output and errors captured.
     */
    static CommandLine commandLine(final ReplayPipeline pipeline)
    {
        return new CommandLine(new ReplayCommand(pipeline));
    }
}
