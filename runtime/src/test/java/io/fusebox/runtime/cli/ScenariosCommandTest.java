package io.fusebox.runtime.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ScenariosCommandTest
{
    @Test
    void theTraceWindowListsWhatIsNearTheEgoOnlyWithinIt(@TempDir final Path dir) throws Exception
    {
        final Path trace = dir.resolve("trace.txt");
        final CommandLine commandLine = FuseboxCommand.commandLine();
        commandLine.setOut(new PrintWriter(new StringWriter()));
        assertEquals(0, commandLine.execute("scenarios", "--scenario", "stop-and-go", "--trace", trace.toString(),
            "--trace-window", "30.0:30.5"));

        final List<String> lines = Files.readAllLines(trace);
        double planTime = Double.NaN;
        int nearTracks = 0;
        int nearTruths = 0;
        int plansInWindow = 0;
        for (final String line : lines)
        {
            if (!line.startsWith(" ") && !line.startsWith("#"))
            {
                planTime = Double.parseDouble(line.substring(0, line.indexOf(' ')));
                plansInWindow += planTime >= 30.0 && planTime <= 30.5 ? 1 : 0;
            }
            else if (line.startsWith("  near "))
            {
                assertTrue(planTime >= 30.0 && planTime <= 30.5, "listed at " + planTime + ": " + line);
                nearTracks += line.startsWith("  near track ") ? 1 : 0;
                nearTruths += line.startsWith("  near truth ") ? 1 : 0;
            }
        }
        // World models at 10 Hz: 30.0 to 30.5 s holds six plans; in the queue at 30 s the lead is within 20 m.
        assertEquals(6, plansInWindow, "plans in the window");
        assertTrue(nearTracks >= plansInWindow, "a track near the ego at every plan: " + nearTracks);
        assertTrue(nearTruths >= plansInWindow, "an actor near the ego at every plan: " + nearTruths);
    }

    @Test
    void aBadTraceWindowIsRefusedWithTheExpectedForm(@TempDir final Path dir)
    {
        final StringWriter err = new StringWriter();
        final CommandLine commandLine = FuseboxCommand.commandLine();
        commandLine.setErr(new PrintWriter(err));
        assertNotEquals(0, commandLine.execute("scenarios", "--scenario", "cut-in", "--trace",
            dir.resolve("t.txt").toString(), "--trace-window", "10-12"));
        assertTrue(err.toString().contains("--trace-window: expected FROM:TO"), err.toString());
        assertTrue(err.toString().contains("'10-12'"), err.toString());

        final StringWriter alone = new StringWriter();
        final CommandLine withoutTrace = FuseboxCommand.commandLine();
        withoutTrace.setErr(new PrintWriter(alone));
        assertNotEquals(0, withoutTrace.execute("scenarios", "--scenario", "cut-in", "--trace-window", "1:2"));
        assertTrue(alone.toString().contains("--trace-window needs --trace FILE"), alone.toString());
    }
}
