package io.fusebox.runtime.cli;

import io.fusebox.runtime.replay.ReplayPipeline;
import io.fusebox.runtime.testing.TestDriveLogs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ReplayCommandTest
{
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @Test
    void replaysAtMaxRateAndWritesTheSummary(@TempDir final Path root) throws Exception
    {
        final Path drive = TestDriveLogs.record(root, 800, 1_000_000L, 1024, false);
        final Path summary = root.resolve("summary.json");
        assertEquals(0, execute(ReplayPipeline.NONE, drive.toString(), "--rate", "max", "--profile", "laptop",
            "--summary-json", summary.toString()), err.toString());
        final Map<String, String> json = InfoCommandTest.topLevel(Files.readString(summary));
        assertEquals("800", json.get("messages"));
        assertEquals("0.799", json.get("driveS"));
        assertTrue(Double.parseDouble(json.get("wallS")) > 0);
        assertTrue(Double.parseDouble(json.get("speedup")) > 1, json.toString());
        assertEquals("false", json.get("verified"));
        assertEquals("0", json.get("divergences"));
        assertEquals("max", json.get("rate"));
        assertTrue(out.toString().contains("replayed 800 fusion inputs"), out.toString());
    }

    @Test
    void verifyExitsNonZeroWhenNothingWasCompared(@TempDir final Path root) throws Exception
    {
        final Path drive = TestDriveLogs.record(root, 200, 1_000_000L, 128, true);
        final Path summary = root.resolve("summary.json");
        assertEquals(1, execute(ReplayPipeline.NONE, drive.toString(), "--rate", "max", "--verify",
            "--summary-json", summary.toString()));
        assertTrue(out.toString().contains("world models 0 compared of 20 recorded"), out.toString());
        assertTrue(out.toString().contains("nothing was compared: no pipeline is attached"), out.toString());
        assertEquals("false", InfoCommandTest.topLevel(Files.readString(summary)).get("verified"));
    }

    @Test
    void verifyPassesWithAPipelineThatReproducesTheOutputs(@TempDir final Path root)
    {
        final Path drive = TestDriveLogs.record(root, 300, 1_000_000L, 128, true);
        assertEquals(0, execute(TestDriveLogs.echoFusion(-1), drive.toString(), "--rate", "max", "--verify"),
            out.toString());
        assertTrue(out.toString().contains("world models 30 compared of 30 recorded"), out.toString());
        assertTrue(out.toString().contains("VERIFIED"), out.toString());
    }

    @Test
    void verifyFailsNamingTheFirstDivergence(@TempDir final Path root)
    {
        final Path drive = TestDriveLogs.record(root, 300, 1_000_000L, 128, true);
        assertEquals(1, execute(TestDriveLogs.echoFusion(7), drive.toString(), "--rate", "max", "--verify"));
        assertTrue(out.toString().contains("first divergence: world-model #7 (sequence 7"), out.toString());
        assertTrue(out.toString().contains("objects[1].x"), out.toString());
    }

    @Test
    void refusesVerifyWithOnlyAndABadRate(@TempDir final Path root)
    {
        final Path drive = TestDriveLogs.record(root, 10, 1_000_000L, 128, false);
        assertEquals(FuseboxCommand.EXIT_CONFIG, execute(ReplayPipeline.NONE, drive.toString(), "--verify", "--only", "camera"));
        assertTrue(err.toString().contains("cannot be combined"), err.toString());
        assertEquals(FuseboxCommand.EXIT_CONFIG, execute(ReplayPipeline.NONE, drive.toString(), "--rate", "fast"));
        assertEquals(FuseboxCommand.EXIT_CONFIG, execute(ReplayPipeline.NONE, drive.toString(), "--only", "sonar"));
        assertEquals(FuseboxCommand.EXIT_CONFIG, execute(ReplayPipeline.NONE, root.resolve("absent").toString()));
    }

    @Test
    void refusesBadFaultsNamingTheOptionAndTheReason(@TempDir final Path root)
    {
        final Path drive = TestDriveLogs.record(root, 10, 1_000_000L, 128, false);
        assertEquals(FuseboxCommand.EXIT_CONFIG, execute(ReplayPipeline.NONE, drive.toString(), "--delay", "21"));
        assertTrue(err.toString().contains("delay: '21' is not SENSOR_ID=TIME (e.g. 21=50ms)"), err.toString());
        assertEquals(FuseboxCommand.EXIT_CONFIG, execute(ReplayPipeline.NONE, drive.toString(), "--delay", "21=soon"));
        assertTrue(err.toString().contains("delay: '21=soon': 'soon' is not a duration"), err.toString());
        assertEquals(FuseboxCommand.EXIT_CONFIG, execute(ReplayPipeline.NONE, drive.toString(), "--drop", "lidar"));
        assertTrue(err.toString().contains("drop: 'lidar' does not start with a sensor id"), err.toString());
        assertEquals(FuseboxCommand.EXIT_CONFIG, execute(ReplayPipeline.NONE, drive.toString(), "--drop", "99"));
        assertTrue(err.toString().contains("drop: sensor 99 is not in the recorded rig"), err.toString());
        assertEquals(FuseboxCommand.EXIT_CONFIG, execute(ReplayPipeline.NONE, drive.toString(), "--drop", "31",
            "--verify"));
        assertTrue(err.toString().contains("verify: with --drop or --delay"), err.toString());
    }

    private int execute(final ReplayPipeline pipeline, final String... args)
    {
        final CommandLine commandLine = new CommandLine(new ReplayCommand(pipeline));
        commandLine.setOut(new PrintWriter(out));
        commandLine.setErr(new PrintWriter(err));
        return commandLine.execute(args);
    }
}
