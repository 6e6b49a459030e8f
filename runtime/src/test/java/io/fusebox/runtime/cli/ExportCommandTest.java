package io.fusebox.runtime.cli;

import io.fusebox.runtime.testing.TestDriveLogs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ExportCommandTest
{
    @Test
    void writesAnMcapFileAndSaysWhatIsInIt(@TempDir final Path root) throws Exception
    {
        final Path drive = TestDriveLogs.record(root.resolve("in"), 500, 1_000_000L, 256, true);
        final Path mcap = root.resolve("out/drive.mcap");
        final StringWriter out = new StringWriter();
        final CommandLine commandLine = new CommandLine(new ExportCommand());
        commandLine.setOut(new PrintWriter(out));
        assertEquals(0, commandLine.execute(drive.toString(), "--mcap", mcap.toString(), "--to", "0.4s"));
        assertTrue(Files.size(mcap) > 0);
        // 400 inputs over five sensors: the camera and the LiDAR of them are 80 each; 40 world models.
        assertTrue(out.toString().contains("/camera/cam_front_wide                   80"), out.toString());
        assertTrue(out.toString().contains("/fusion/objects                          40"), out.toString());
    }

    @Test
    void refusesWhatIsNotADriveLog(@TempDir final Path root)
    {
        final StringWriter err = new StringWriter();
        final CommandLine commandLine = new CommandLine(new ExportCommand());
        commandLine.setErr(new PrintWriter(err));
        assertEquals(FuseboxCommand.EXIT_CONFIG, commandLine.execute(root.toString(), "--mcap", root.resolve("x.mcap").toString()));
        assertTrue(err.toString().contains("not a drive log"), err.toString());
    }
}
