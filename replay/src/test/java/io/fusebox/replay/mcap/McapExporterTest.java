package io.fusebox.replay.mcap;

import io.fusebox.replay.inspect.DriveLogInspection;
import io.fusebox.replay.log.DriveLogContext;
import io.fusebox.replay.log.DriveLogWriter;
import io.fusebox.replay.log.RecordedStream;
import io.fusebox.replay.testing.TestMessages;
import org.agrona.ExpandableArrayBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class McapExporterTest
{
    static final long START_NS = 1_800_000_000_000_000_000L;
    static final long MS = 1_000_000L;

    @Test
    void exportsEveryMessageWithSchemasChannelsIndexesAndSummary(@TempDir final Path root) throws Exception
    {
        final Path drive = record(root, 3000);
        final Path file = root.resolve("drive.mcap");
        final McapExporter.Result result = McapExporter.export(drive, file, 0, Long.MAX_VALUE);
        final McapFile mcap = McapFile.read(file);
        final DriveLogInspection info = DriveLogInspection.inspect(drive);

        assertEquals(info.totalMessages() + 1, result.messages(), "every message, and the transforms");
        assertEquals(result.messages(), mcap.statisticsMessageCount);
        assertEquals(result.messages(), mcap.messagesInChunks);
        assertTrue(mcap.chunkCount >= 2, "a 3000-sector drive fills more than one 4 MiB chunk: " + mcap.chunkCount);
        assertEquals(info.firstFusionInputNs(), mcap.statisticsStart);
        assertEquals(info.lastFusionInputNs(), mcap.statisticsEnd);
        assertEquals(mcap.minLogTime, mcap.statisticsStart);

        assertEquals("foxglove.PointCloud", mcap.schemaNames.get(1));
        assertTrue(mcap.schemaNames.containsValue("foxglove.SceneUpdate"));
        assertTrue(mcap.schemaNames.containsValue("foxglove.ImageAnnotations"));
        assertEquals(1, mcap.messagesByTopic.get("/tf"));
        assertEquals(counted(info, 31), mcap.messagesByTopic.get("/lidar/lidar_roof"));
        assertEquals(counted(info, 1), mcap.messagesByTopic.get("/camera/cam_front_wide"));
        assertEquals(info.stream(RecordedStream.WORLD_MODEL).messages(), mcap.messagesByTopic.get("/fusion/objects"));
        assertEquals(info.stream(RecordedStream.TRAJECTORY).messages(), mcap.messagesByTopic.get("/planner/trajectory"));
        assertEquals(info.stream(RecordedStream.HEALTH).messages(), mcap.messagesByTopic.get("/fusion/health"));
        for (final Map.Entry<String, Long> topic : result.messagesByTopic().entrySet())
        {
            assertEquals(topic.getValue(), mcap.messagesByTopic.get(topic.getKey()), topic.getKey());
        }

        final String cloud = new String(mcap.firstMessage.get("/lidar/lidar_roof"), StandardCharsets.UTF_8);
        assertTrue(cloud.contains("\"frame_id\":\"lidar_roof\"") && cloud.contains("\"point_stride\":16") &&
            cloud.contains("\"data\":\""), cloud.substring(0, 200));
        final String objects = new String(mcap.firstMessage.get("/fusion/objects"), StandardCharsets.UTF_8);
        assertTrue(objects.contains("\"cubes\":[{\"pose\""), objects);
        final String plan = new String(mcap.firstMessage.get("/planner/trajectory"), StandardCharsets.UTF_8);
        assertTrue(plan.contains("\"lines\":[{\"type\":0"), plan);
    }

    @Test
    void exportsAWindow(@TempDir final Path root) throws Exception
    {
        final Path drive = record(root, 1000);
        final Path file = root.resolve("window.mcap");
        final McapExporter.Result result = McapExporter.export(drive, file, 100 * MS, 200 * MS);
        final McapFile mcap = McapFile.read(file);
        assertEquals(START_NS + 100 * MS, mcap.statisticsStart);
        assertEquals(START_NS + 199 * MS, mcap.statisticsEnd);
        assertEquals(result.messages(), mcap.statisticsMessageCount);
    }

    @Test
    void anEmptyFileIsStillValid(@TempDir final Path root) throws Exception
    {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        new McapWriter(out, "", "test").close();
        final Path file = root.resolve("empty.mcap");
        java.nio.file.Files.write(file, out.toByteArray());
        assertEquals(0, McapFile.read(file).statisticsMessageCount);
    }

    /**
     * A drive of {@code count} ms: camera 1 and LiDAR 31 inputs each ms, every tenth ms a world model,
     * trajectory and health report.
     */
    static Path record(final Path root, final int count)
    {
        final TestMessages messages = new TestMessages();
        final ExpandableArrayBuffer buffer = new ExpandableArrayBuffer(128 * 1024);
        try (DriveLogWriter writer = DriveLogWriter.open(new DriveLogContext().rootDirectory(root).scenario("mcap")
            .startTimeNs(START_NS)))
        {
            long sequence = 0;
            for (int i = 0; i < count; i++)
            {
                final long receiveNs = START_NS + i * MS;
                writer.append(RecordedStream.FUSION_INPUT, buffer, 0, messages.lidarInput(buffer, 0, sequence++,
                    receiveNs, 31, i, 200));
                if (i % 3 == 0)
                {
                    writer.append(RecordedStream.FUSION_INPUT, buffer, 0, messages.cameraInput(buffer, 0, sequence++,
                        receiveNs, 1, i / 3, 3));
                }
                if (i % 10 == 0)
                {
                    writer.append(RecordedStream.WORLD_MODEL, buffer, 0, messages.worldModel(buffer, 0, receiveNs, i / 10, 4));
                    writer.append(RecordedStream.TRAJECTORY, buffer, 0, messages.trajectory(buffer, 0, receiveNs, i / 10, 10));
                    writer.append(RecordedStream.HEALTH, buffer, 0, messages.health(buffer, 0, receiveNs, 3));
                }
            }
            return writer.directory();
        }
    }

    private static long counted(final DriveLogInspection info, final int sensorId)
    {
        return info.sensors().stream().filter((sensor) -> sensor.sensorId() == sensorId).findFirst().orElseThrow()
            .messages();
    }
}
