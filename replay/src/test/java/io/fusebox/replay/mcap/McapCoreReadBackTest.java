package io.fusebox.replay.mcap;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.fusebox.replay.inspect.DriveLogInspection;
import io.fusebox.replay.inspect.SensorFigures;
import io.fusebox.replay.log.RecordedStream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The export read back by Foxglove's own MCAP reader, {@code @mcap/core} from npm (installed at the repository
 * root by {@code .ci/run}): indexed (summary, chunk indexes, message indexes) and streamed with every CRC
 * validated. Schemas, channels, message counts and time range must match {@code info}. Skipped, saying why,
 * where node or the package is missing.
 */
class McapCoreReadBackTest
{
    private static final Path REPOSITORY = Path.of("").toAbsolutePath().getParent();
    private static final Path SCRIPT = Path.of("src/test/node/read-mcap.mjs").toAbsolutePath();

    @Test
    void foxglovesReaderSeesWhatInfoSees(@TempDir final Path root) throws Exception
    {
        final boolean installed = Files.isDirectory(REPOSITORY.resolve("node_modules/@mcap/core"));
        // CI installs the reader (.ci/run), so there a missing reader is a failure, never a skip.
        if (null != System.getenv("CI"))
        {
            org.junit.jupiter.api.Assertions.assertTrue(installed, "CI must install @mcap/core (see .ci/run)");
        }
        Assumptions.assumeTrue(installed,
            "@mcap/core is not installed at " + REPOSITORY + " (npm install --no-save @mcap/core@2.2.2 fzstd@0.1.1)");
        final Path drive = McapExporterTest.record(root, 3000);
        final Path file = root.resolve("drive.mcap");
        final McapExporter.Result result = McapExporter.export(drive, file, 0, Long.MAX_VALUE);
        final DriveLogInspection info = DriveLogInspection.inspect(drive);

        final Process node = new ProcessBuilder("node", SCRIPT.toString(), file.toString()).directory(REPOSITORY.toFile())
            .redirectErrorStream(true).start();
        final String output = new String(node.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(node.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, node.exitValue(), output);
        final Map<String, String> read = flatten(output);

        assertEquals("foxglove.PointCloud", read.get("channels./lidar/lidar_roof.schema"));
        assertEquals("foxglove.ImageAnnotations", read.get("channels./camera/cam_front_wide.schema"));
        assertEquals("foxglove.SceneUpdate", read.get("channels./fusion/objects.schema"));
        assertEquals("foxglove.SceneUpdate", read.get("channels./planner/trajectory.schema"));
        assertEquals("jsonschema", read.get("channels./lidar/lidar_roof.schemaEncoding"));
        assertEquals("json", read.get("channels./lidar/lidar_roof.encoding"));

        assertEquals(Long.toString(result.messages()), read.get("statistics.messageCount"));
        assertEquals(Long.toString(result.messages()), read.get("indexedMessages"));
        assertEquals(Long.toString(result.messages()), read.get("streamedMessages"));
        assertEquals("0", read.get("notJson"));
        assertEquals("true", read.get("dataEnd"));
        assertEquals("true", read.get("done"));
        assertEquals(Long.toString(info.firstFusionInputNs()), read.get("statistics.messageStartTime"));
        assertEquals(Long.toString(info.lastFusionInputNs()), read.get("statistics.messageEndTime"));
        assertEquals(read.get("statistics.chunkCount"), read.get("chunkIndexes"));

        for (final SensorFigures sensor : info.sensors())
        {
            final String topic = "/" + sensor.kind() + "/" + sensor.name();
            assertEquals(Long.toString(sensor.messages()), read.get("indexed." + topic), topic);
            assertEquals(Long.toString(sensor.messages()), read.get("streamed." + topic), topic);
        }
        assertEquals(Long.toString(info.stream(RecordedStream.WORLD_MODEL).messages()), read.get("indexed./fusion/objects"));
        assertEquals(Long.toString(info.stream(RecordedStream.TRAJECTORY).messages()),
            read.get("indexed./planner/trajectory"));
        assertEquals(Long.toString(info.stream(RecordedStream.HEALTH).messages()), read.get("indexed./fusion/health"));
    }

    /**
     * @return every scalar of a JSON document by its dotted path, as text.
     */
    private static Map<String, String> flatten(final String json) throws IOException
    {
        final Map<String, String> values = new HashMap<>();
        try (JsonParser parser = new JsonFactory().createParser(json.substring(json.indexOf('{'))))
        {
            final StringBuilder path = new StringBuilder();
            final java.util.ArrayDeque<Integer> marks = new java.util.ArrayDeque<>();
            String name = null;
            for (JsonToken token = parser.nextToken(); null != token; token = parser.nextToken())
            {
                switch (token)
                {
                    case FIELD_NAME:
                        name = parser.currentName();
                        break;
                    case START_OBJECT:
                    case START_ARRAY:
                        marks.push(path.length());
                        if (null != name)
                        {
                            path.append(path.length() > 0 ? "." : "").append(name);
                        }
                        name = null;
                        break;
                    case END_OBJECT:
                    case END_ARRAY:
                        path.setLength(marks.pop());
                        break;
                    default:
                        if (null != name)
                        {
                            values.put((path.length() > 0 ? path + "." : "") + name, parser.getValueAsString());
                        }
                        name = null;
                        break;
                }
            }
        }
        return values;
    }
}
