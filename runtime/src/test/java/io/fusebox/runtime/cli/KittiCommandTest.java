package io.fusebox.runtime.cli;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.fusebox.runtime.fusion.kitti.KittiData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class KittiCommandTest
{
    @TempDir
    Path temp;

    @Test
    void tracksScoresAndWritesSummary() throws IOException
    {
        final Path data = KittiData.root();
        final Path out = temp.resolve("out");
        final Path summary = temp.resolve("summary.json");
        final StringWriter stdout = new StringWriter();
        final CommandLine commandLine = new CommandLine(new KittiCommand());
        commandLine.setOut(new PrintWriter(stdout));

        final int exitCode = commandLine.execute(
            "--detections", data.resolve("detections").toString(),
            "--calib", data.resolve("calib").toString(),
            "--labels", data.resolve("labels").toString(),
            "--out", out.toString(),
            "--summary-json", summary.toString(),
            "--sequences", "0000",
            "--warmup-passes", "1",
            "--timed-passes", "1");

        assertEquals(0, exitCode, stdout.toString());
        final String printed = stdout.toString();
        assertTrue(printed.contains("MOTA"), printed);
        for (final String name : List.of("Car", "Pedestrian", "Cyclist"))
        {
            assertTrue(printed.contains("\n" + name + " "), printed);
        }
        assertTrue(printed.contains("frames/s on one core"), printed);
        assertTrue(printed.contains("file I/O"), printed);

        final List<String> lines = Files.readAllLines(out.resolve("0000.txt"));
        assertTrue(lines.size() > 500);
        assertEquals(18, lines.get(0).split(" ").length);
        assertTrue(Files.notExists(out.resolve("0002.txt")));

        final Map<String, Double> numbers = numbers(summary);
        assertTrue(numbers.get("Car.mota") > 0.8, numbers.toString());
        assertTrue(numbers.get("speed.framesPerSecond") > 0.0, numbers.toString());
        assertEquals(154.0, numbers.get("frames"));
        assertTrue(numbers.containsKey("Cyclist.fn"), numbers.toString());
        // Scored as the KITTI devkit scores (each frame matched afresh), so figures compare with published ones.
        assertTrue(Files.readString(summary).contains("\"matching\" : \"devkit\""), Files.readString(summary));
    }

    @Test
    void withoutLabelsItOnlyTracks()
    {
        final Path data = KittiData.root();
        final StringWriter stdout = new StringWriter();
        final CommandLine commandLine = new CommandLine(new KittiCommand());
        commandLine.setOut(new PrintWriter(stdout));

        final int exitCode = commandLine.execute(
            "--detections", data.resolve("detections").toString(),
            "--calib", data.resolve("calib").toString(),
            "--out", temp.resolve("out").toString(),
            "--sequences", "0000,0003",
            "--warmup-passes", "0",
            "--timed-passes", "1");

        assertEquals(0, exitCode);
        assertTrue(Files.exists(temp.resolve("out").resolve("0003.txt")));
        assertTrue(!stdout.toString().contains("MOTA"), stdout.toString());
    }

    @Test
    void missingDirectoryFails()
    {
        final StringWriter stderr = new StringWriter();
        final CommandLine commandLine = new CommandLine(new KittiCommand());
        commandLine.setErr(new PrintWriter(stderr));

        final int exitCode = commandLine.execute(
            "--detections", temp.resolve("absent").toString(),
            "--calib", temp.toString(),
            "--out", temp.resolve("out").toString());

        assertNotEquals(0, exitCode);
        assertTrue(stderr.toString().contains("--detections"), stderr.toString());
    }

    private static Map<String, Double> numbers(final Path json) throws IOException
    {
        // Flattens numeric fields to "object.field" (innermost object only), enough to check the summary.
        final Map<String, Double> numbers = new HashMap<>();
        try (JsonParser parser = new JsonFactory().createParser(json.toFile()))
        {
            String object = "";
            String lastField = "";
            JsonToken token;
            while (null != (token = parser.nextToken()))
            {
                if (token == JsonToken.FIELD_NAME)
                {
                    lastField = parser.currentName();
                }
                else if (token == JsonToken.START_OBJECT)
                {
                    object = lastField;
                }
                else if (token == JsonToken.END_OBJECT)
                {
                    object = "";
                }
                else if (token.isNumeric())
                {
                    numbers.put(object.isEmpty() ? lastField : object + "." + lastField, parser.getDoubleValue());
                }
            }
        }
        return numbers;
    }
}
