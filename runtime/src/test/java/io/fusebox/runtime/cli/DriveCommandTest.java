package io.fusebox.runtime.cli;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.fusebox.sensors.rig.Rig;
import io.fusebox.sensors.rig.RigLoader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The README's main command, run in-process on a real embedded media driver for a short drive.
 */
class DriveCommandTest
{
    @Test
    void aShortDriveDeliversEverySensorAtItsRateWithNoGaps(@TempDir final Path dir) throws Exception
    {
        final Path summary = dir.resolve("summary.json");
        final StringWriter out = new StringWriter();
        final CommandLine commandLine = FuseboxCommand.commandLine();
        commandLine.setOut(new PrintWriter(out));

        final int exitCode = commandLine.execute(
            "drive", "--scenario", "cut-in", "--duration", "3s", "--summary-json", summary.toString(),
            "--drives", dir.resolve("drives").toString());

        assertEquals(0, exitCode, out.toString());
        assertTrue(out.toString().contains("[  1.0s] msg/s camera"), out.toString());
        assertTrue(out.toString().contains("sensor-to-sequencer latency"), out.toString());

        final List<Map<String, Object>> sensors = new ArrayList<>();
        final Map<String, Object> top = new HashMap<>();
        readSummary(summary, top, sensors);
        assertEquals("cut-in", top.get("scenario"));
        assertEquals(3.0, ((Number)top.get("durationS")).doubleValue(), 1e-9);

        final Rig rig = RigLoader.loadDefault();
        assertEquals(rig.sensorCount(), sensors.size());
        for (int i = 0; i < sensors.size(); i++)
        {
            final Map<String, Object> sensor = sensors.get(i);
            final double nominal = rig.sensor(i).messageRateHz();
            final long messages = ((Number)sensor.get("messages")).longValue();
            final String name = (String)sensor.get("name");
            assertEquals(rig.sensor(i).name(), name);
            // The window holds 3 s of each sensor's schedule; its phase decides whether one more falls inside.
            assertTrue(Math.abs(messages - nominal * 3) <= 1, name + " sent " + messages + " in 3 s at " + nominal + " Hz");
            assertEquals(0L, ((Number)sensor.get("gaps")).longValue(), name);
            assertEquals(0L, ((Number)sensor.get("dropped")).longValue(), name);
            assertEquals(0L, ((Number)sensor.get("malformed")).longValue(), name);
        }
        assertTrue(((Number)top.get("latencyCount")).longValue() > 0);

        // The drive was recorded, completely: the log holds every message that crossed into the fusion input.
        final Path drive;
        try (java.util.stream.Stream<Path> drives = java.nio.file.Files.list(dir.resolve("drives")))
        {
            drive = drives.findFirst().orElseThrow();
        }
        final StringWriter info = new StringWriter();
        final CommandLine infoCommand = FuseboxCommand.commandLine();
        infoCommand.setOut(new PrintWriter(info));
        assertEquals(0, infoCommand.execute("info", "--json", drive.toString()), info.toString());
        final java.util.regex.Matcher messages =
            java.util.regex.Pattern.compile("\"stream\" : \"fusion-input\",\\s*\"messages\" : (\\d+)").matcher(info.toString());
        assertTrue(messages.find(), info.toString());
        assertEquals(((Number)top.get("fusionInputMessages")).longValue(), Long.parseLong(messages.group(1)));
        assertTrue(info.toString().contains("\"torn\" : false"), info.toString());
        // Fusion ran in the drive: world models at 10 Hz of message time were published and recorded.
        final java.util.regex.Matcher worldModels = java.util.regex.Pattern.compile(
            "\"stream\" : \"world-model\",\\s*\"messages\" : (\\d+)").matcher(info.toString());
        assertTrue(worldModels.find(), info.toString());
        assertTrue(Long.parseLong(worldModels.group(1)) >= 25, "world models in 3 s: " + worldModels.group(1));

        // Replay is exact: fusion run again on the recorded input reproduces every recorded world model, byte for byte.
        final StringWriter replay = new StringWriter();
        final CommandLine replayCommand = FuseboxCommand.commandLine();
        replayCommand.setOut(new PrintWriter(replay));
        assertEquals(0, replayCommand.execute("replay", drive.toString(), "--rate", "max", "--verify"), replay.toString());
        assertTrue(replay.toString().contains("0 divergences: VERIFIED"), replay.toString());
        assertTrue(replay.toString().contains("world models " + worldModels.group(1) + " compared"), replay.toString());
    }

    private static void readSummary(
        final Path file, final Map<String, Object> top, final List<Map<String, Object>> sensors) throws Exception
    {
        try (JsonParser json = new JsonFactory().createParser(file.toFile()))
        {
            assertEquals(JsonToken.START_OBJECT, json.nextToken());
            while (json.nextToken() == JsonToken.FIELD_NAME)
            {
                final String field = json.getCurrentName();
                final JsonToken value = json.nextToken();
                if ("sensors".equals(field))
                {
                    while (json.nextToken() == JsonToken.START_OBJECT)
                    {
                        sensors.add(readFlatObject(json));
                    }
                }
                else if ("fusionInput".equals(field))
                {
                    top.put("fusionInputMessages", readFlatObject(json).get("messages"));
                }
                else if ("sequencerLatencyUs".equals(field))
                {
                    top.put("latencyCount", readFlatObject(json).get("count"));
                }
                else if (value == JsonToken.START_OBJECT || value == JsonToken.START_ARRAY)
                {
                    json.skipChildren();
                }
                else
                {
                    top.put(field, value.isNumeric() ? json.getNumberValue() : json.getText());
                }
            }
        }
    }

    private static Map<String, Object> readFlatObject(final JsonParser json) throws Exception
    {
        final Map<String, Object> object = new HashMap<>();
        while (json.nextToken() == JsonToken.FIELD_NAME)
        {
            final String field = json.getCurrentName();
            final JsonToken value = json.nextToken();
            object.put(field, value.isNumeric() ? json.getNumberValue() : json.getText());
        }
        return object;
    }
}
