package io.fusebox.runtime.cli;

import io.fusebox.sensors.rig.Rig;
import io.fusebox.sensors.rig.RigLoader;
import io.fusebox.sensors.rig.SensorConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;

/**
 * Loads and validates a rig file and prints its sensors and stream layout.
 */
@Command(name = "rig", mixinStandardHelpOptions = true,
    description = "Validate a rig file and print its sensors and streams (default: the built-in rig).")
final class RigCommand implements Callable<Integer>
{
    @Spec
    CommandSpec spec;

    @Option(names = "--rig", paramLabel = "FILE", description = "rig file (YAML); default: the built-in Hyperion-8-style rig")
    Path rigFile;

    public Integer call()
    {
        final Rig rig = null == rigFile ? RigLoader.loadDefault() : RigLoader.load(rigFile);
        final PrintWriter out = spec.commandLine().getOut();
        out.printf("rig %s (%s): %d sensors%n", rig.name(), rig.source(), rig.sensorCount());
        out.printf("bus: sensors on %s; fusion input %s stream %d; world model stream %d; trajectory stream %d;" +
            " health stream %d%n", rig.bus().sensorChannel(), rig.bus().fusionInputChannel(),
            rig.bus().fusionInputStreamId(), rig.bus().worldModelStreamId(), rig.bus().trajectoryStreamId(),
            rig.bus().healthStreamId());
        out.printf("%-5s %-26s %-14s %7s %9s %10s%n", "id", "name", "kind", "stream", "rate Hz", "msgs/s");
        for (final SensorConfig sensor : rig.sensors())
        {
            out.printf(Locale.ROOT, "%-5d %-26s %-14s %7d %9.1f %10.1f%n", sensor.id(), sensor.name(),
                sensor.kind().name().toLowerCase(Locale.ROOT), sensor.streamId(), sensor.rateHz(),
                sensor.messageRateHz());
        }
        return 0;
    }
}
