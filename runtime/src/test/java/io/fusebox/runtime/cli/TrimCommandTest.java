package io.fusebox.runtime.cli;

import io.fusebox.replay.inspect.DriveLogInspection;
import io.fusebox.replay.inspect.SensorFigures;
import io.fusebox.replay.log.RecordedStream;
import io.fusebox.runtime.replay.ReplayPipeline;
import io.fusebox.runtime.testing.TestDriveLogs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TrimCommandTest
{
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @Test
    void cutsAWindowOfSomeSensorKinds(@TempDir final Path root)
    {
        final Path drive = TestDriveLogs.record(root.resolve("in"), 1000, 1_000_000L, 256, true);
        final Path cut = root.resolve("cut");
        assertEquals(0, execute(new TrimCommand(), drive.toString(), "--from", "200ms", "--to", "700ms",
            "--only", "camera,lidar", "--out", cut.toString()), err.toString());
        assertTrue(out.toString().contains("200 fusion inputs"), out.toString());

        final DriveLogInspection inspection = DriveLogInspection.inspect(cut);
        assertEquals(200, inspection.stream(RecordedStream.FUSION_INPUT).messages());
        assertEquals(0, inspection.stream(RecordedStream.WORLD_MODEL).messages(), "outputs of all sensors left out");
        assertEquals(TestDriveLogs.START_NS + 200_000_000L, inspection.firstFusionInputNs());
        assertEquals(TestDriveLogs.START_NS + 697_000_000L, inspection.lastFusionInputNs(), "697 is the last LiDAR input");
        for (final SensorFigures sensor : inspection.sensors())
        {
            assertTrue(sensor.sensorId() == 1 || sensor.sensorId() == 31, sensor.toString());
        }
        assertEquals("replay-test", inspection.header().scenario());
    }

    @Test
    void aWholeCopyReplaysLikeTheOriginalAndVerifies(@TempDir final Path root)
    {
        final Path drive = TestDriveLogs.record(root.resolve("in"), 400, 1_000_000L, 256, true);
        final Path copy = root.resolve("copy");
        assertEquals(0, execute(new TrimCommand(), drive.toString(), "--out", copy.toString()), err.toString());
        assertEquals(0, execute(new ReplayCommand(TestDriveLogs.echoFusion(-1)), copy.toString(), "--rate", "max",
            "--verify"), out.toString());
        assertTrue(out.toString().contains("world models 40 compared of 40 recorded"), out.toString());
    }

    @Test
    void refusesAnExistingTarget(@TempDir final Path root)
    {
        final Path drive = TestDriveLogs.record(root.resolve("in"), 10, 1_000_000L, 64, false);
        assertEquals(FuseboxCommand.EXIT_CONFIG, execute(new TrimCommand(), drive.toString(), "--out", drive.toString()));
        assertTrue(err.toString().contains("never appended to"), err.toString());
        assertEquals(2, execute(new ReplayCommand(ReplayPipeline.NONE), drive.toString(), "--rate", "0"));
    }

    private int execute(final Object command, final String... args)
    {
        final CommandLine commandLine = new CommandLine(command);
        commandLine.setOut(new PrintWriter(out));
        commandLine.setErr(new PrintWriter(err));
        return commandLine.execute(args);
    }
}
