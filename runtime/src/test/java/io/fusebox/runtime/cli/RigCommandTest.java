package io.fusebox.runtime.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RigCommandTest
{
    @Test
    void printsEverySensorOfTheDefaultRig()
    {
        final StringWriter out = new StringWriter();
        final CommandLine commandLine = FuseboxCommand.commandLine();
        commandLine.setOut(new PrintWriter(out));
        assertEquals(0, commandLine.execute("rig"));
        assertTrue(out.toString().contains("35 sensors"), out.toString());
        assertTrue(out.toString().contains("lidar_roof"), out.toString());
        assertTrue(out.toString().contains("1280.0"), "LiDAR sends 10 sweeps/s x 128 sectors: " + out);
    }

    @Test
    void aBadRigFileExitsWithTheFileFieldAndReason(@TempDir final Path dir) throws Exception
    {
        final Path rig = dir.resolve("bad.yaml");
        Files.writeString(rig, "name: x\nbus: []\n");
        final StringWriter err = new StringWriter();
        final CommandLine commandLine = FuseboxCommand.commandLine();
        commandLine.setErr(new PrintWriter(err));
        assertEquals(FuseboxCommand.EXIT_CONFIG, commandLine.execute("rig", "--rig", rig.toString()));
        assertTrue(err.toString().contains("bad.yaml:2: bus: expected a mapping of fields"), err.toString());
    }
}
