package io.fusebox.runtime.cli;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.fusebox.runtime.testing.TestDriveLogs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class InfoCommandTest
{
    @Test
    void printsTheFiguresOfACompleteLog(@TempDir final Path root)
    {
        final Path drive = TestDriveLogs.record(root, 500, 2_000_000L, 256, true);
        final StringWriter out = new StringWriter();
        final CommandLine commandLine = new CommandLine(new InfoCommand());
        commandLine.setOut(new PrintWriter(out));
        assertEquals(0, commandLine.execute(drive.toString()));
        final String text = out.toString();
        assertTrue(text.contains("scenario    replay-test"), text);
        assertTrue(text.contains("duration    0.998 s"), text);
        assertTrue(text.contains("complete (end marker: closed)"), text);
        assertTrue(text.contains("cam_front_wide"), text);
        assertTrue(text.contains("lidar_roof") || text.contains("lidar"), text);
        assertTrue(text.contains("world-model          50"), text);
    }

    @Test
    void printsJson(@TempDir final Path root) throws Exception
    {
        final Path drive = TestDriveLogs.record(root, 500, 2_000_000L, 256, true);
        final StringWriter out = new StringWriter();
        final CommandLine commandLine = new CommandLine(new InfoCommand());
        commandLine.setOut(new PrintWriter(out));
        assertEquals(0, commandLine.execute(drive.toString(), "--json"));
        final Map<String, String> top = topLevel(out.toString());
        assertEquals("false", top.get("torn"));
        assertEquals("complete", top.get("tail"));
        assertEquals("600", top.get("messages"));
        assertEquals("0.998", top.get("durationS"));
        assertEquals("replay-test", top.get("scenario"));
    }

    @Test
    void refusesAFolderThatIsNotADriveLog(@TempDir final Path root) throws Exception
    {
        Files.createDirectories(root.resolve("nothing"));
        final StringWriter err = new StringWriter();
        final CommandLine commandLine = new CommandLine(new InfoCommand());
        commandLine.setErr(new PrintWriter(err));
        assertEquals(FuseboxCommand.EXIT_CONFIG, commandLine.execute(root.resolve("nothing").toString()));
        assertTrue(err.toString().contains("not a drive log"), err.toString());
    }

    /**
     * @return the scalar fields of a JSON object's top level, as text.
     */
    static Map<String, String> topLevel(final String json) throws Exception
    {
        final Map<String, String> fields = new HashMap<>();
        try (JsonParser parser = new JsonFactory().createParser(json))
        {
            assertEquals(JsonToken.START_OBJECT, parser.nextToken());
            while (parser.nextToken() == JsonToken.FIELD_NAME)
            {
                final String name = parser.currentName();
                final JsonToken value = parser.nextToken();
                if (value == JsonToken.START_OBJECT || value == JsonToken.START_ARRAY)
                {
                    parser.skipChildren();
                }
                else
                {
                    fields.put(name, parser.getValueAsString());
                }
            }
        }
        return fields;
    }
}
