package io.fusebox.runtime.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Old logs stay readable: a drive log committed as a fixture ({@code fixtures/drive-log}, recorded by
 * {@code scripts/record-fixture.sh}: 2 s of cut-in on a four-sensor rig) is inspected and replayed through
 * fusion and the planner with {@code --verify}, through the command line. A change to the schema, the log format, the reader
 * or fusion that breaks replaying logs recorded before it fails here.
 */
class OldDriveLogFixtureTest
{
    @Test
    void theCommittedDriveLogReplaysVerified(@TempDir final Path temp) throws Exception
    {
        // A copy: the fixture in the build tree stays as committed, whatever a reader does to its folder.
        final Path drive = Files.createDirectory(temp.resolve("drive-log"));
        final List<Path> files;
        try (Stream<Path> list = Files.list(fixture()))
        {
            files = list.toList();
        }
        for (final Path file : files)
        {
            Files.copy(file, drive.resolve(file.getFileName().toString()));
        }

        final StringWriter info = new StringWriter();
        assertEquals(0, execute(info, "info", drive.toString()), info.toString());
        assertTrue(info.toString().contains("state       complete (end marker: closed)"), info.toString());
        assertTrue(info.toString().contains("schema 7701 version 0; log format 1"), info.toString());

        final StringWriter out = new StringWriter();
        assertEquals(0, execute(out, "replay", drive.toString(), "--rate", "max", "--verify"), out.toString());
        assertTrue(out.toString().contains("replayed 400 fusion inputs"), out.toString());
        assertTrue(out.toString().contains("world models 20 compared of 20 recorded (20 produced)"), out.toString());
        assertTrue(out.toString().contains("trajectories 20 compared of 20 recorded (20 produced)"), out.toString());
        assertTrue(out.toString().contains("0 divergences: VERIFIED"), out.toString());
    }

    private static Path fixture() throws URISyntaxException
    {
        return Path.of(OldDriveLogFixtureTest.class.getResource("/fixtures/drive-log").toURI());
    }

    private static int execute(final StringWriter out, final String... args)
    {
        final CommandLine commandLine = FuseboxCommand.commandLine();
        commandLine.setOut(new PrintWriter(out));
        return commandLine.execute(args);
    }
}
