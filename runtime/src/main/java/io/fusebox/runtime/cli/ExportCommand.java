package io.fusebox.runtime.cli;

import io.fusebox.replay.log.DriveLogException;
import io.fusebox.replay.mcap.McapExporter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code fusebox export DRIVE --mcap OUT.mcap}: a drive log as an MCAP file Foxglove opens.
 */
@Command(name = "export", mixinStandardHelpOptions = true, sortOptions = false,
    description = "Export a drive log as MCAP (zstd-compressed chunks, message indexes, summary): LiDAR and radar " +
        "as foxglove.PointCloud, camera detections as foxglove.ImageAnnotations, tracked objects and the " +
        "trajectory as foxglove.SceneUpdate, sensor mounts as foxglove.FrameTransforms.")
final class ExportCommand implements Callable<Integer>
{
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "DRIVE", description = "the drive log's folder")
    Path drive;

    @Option(names = "--mcap", paramLabel = "FILE", required = true, description = "the MCAP file to write")
    Path mcap;

    @Mixin
    DriveWindowOptions window;

    public Integer call() throws IOException
    {
        final PrintWriter out = spec.commandLine().getOut();
        final McapExporter.Result result;
        try
        {
            result = McapExporter.export(drive, mcap, window.fromNs(),
                window.toNs());
        }
        catch (final DriveLogException | IllegalArgumentException ex)
        {
            spec.commandLine().getErr().println("fusebox: " + ex.getMessage());
            spec.commandLine().getErr().flush();
            return FuseboxCommand.EXIT_CONFIG;
        }
        out.printf(Locale.ROOT, "wrote %s: %d messages over %.3f s%n", result.file(), result.messages(),
            (result.endTimeNs() - result.startTimeNs()) / 1e9);
        for (final Map.Entry<String, Long> topic : result.messagesByTopic().entrySet())
        {
            if (topic.getValue() > 0)
            {
                out.printf(Locale.ROOT, "  %-34s %8d%n", topic.getKey(), topic.getValue());
            }
        }
        out.flush();
        return 0;
    }
}
