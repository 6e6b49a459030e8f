package io.fusebox.replay.inspect;

import io.fusebox.replay.log.DriveLogContext;
import io.fusebox.replay.log.DriveLogEnd;
import io.fusebox.replay.log.DriveLogTail;
import io.fusebox.replay.log.DriveLogWriter;
import io.fusebox.replay.log.RecordedStream;
import io.fusebox.replay.testing.TestMessages;
import org.agrona.ExpandableArrayBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DriveLogInspectionTest
{
    private static final long START_NS = 1_800_000_000_000_000_000L;
    private static final long MS = 1_000_000L;

    @Test
    void countsPerStreamAndPerSensorWithRatesAndGaps(@TempDir final Path root)
    {
        final TestMessages messages = new TestMessages();
        final ExpandableArrayBuffer buffer = new ExpandableArrayBuffer();
        final Path directory;
        try (DriveLogWriter writer = DriveLogWriter.open(new DriveLogContext().rootDirectory(root).startTimeNs(START_NS)
            .scenario("highway-cruise").seed(3).softwareVersion("9.9.9")))
        {
            directory = writer.directory();
            long globalSequence = 0;
            long lidarSequence = 0;
            // Two seconds: camera 1 at 10 Hz with sensor sequence 5 missing; LiDAR 31 at 100 Hz.
            for (int tick = 0; tick <= 200; tick++)
            {
                final long receiveNs = START_NS + 100 * MS + tick * 10 * MS;
                if (tick % 10 == 0 && tick != 50)
                {
                    final int length = messages.cameraInput(buffer, 0, globalSequence++, receiveNs, 1, tick / 10, 2);
                    writer.append(RecordedStream.FUSION_INPUT, buffer, 0, length);
                }
                if (tick == 150)
                {
                    globalSequence += 4;
                    writer.appendGap(RecordedStream.FUSION_INPUT, 4);
                }
                writer.append(RecordedStream.FUSION_INPUT, buffer, 0,
                    messages.lidarInput(buffer, 0, globalSequence++, receiveNs, 31, lidarSequence++, 10));
                if (tick % 20 == 0)
                {
                    writer.append(RecordedStream.WORLD_MODEL, buffer, 0, messages.worldModel(buffer, 0, receiveNs, tick, 3));
                }
            }
        }

        final DriveLogInspection inspection = DriveLogInspection.inspect(directory);
        assertEquals("highway-cruise", inspection.header().scenario());
        assertEquals("9.9.9", inspection.header().softwareVersion());
        assertEquals("hyperion8-sim", inspection.rigName());
        assertEquals(2.0, inspection.durationS(), 1e-9);
        assertEquals(START_NS + 100 * MS, inspection.firstFusionInputNs());
        assertEquals(20 + 201, inspection.stream(RecordedStream.FUSION_INPUT).messages());
        assertEquals(4, inspection.stream(RecordedStream.FUSION_INPUT).dropped());
        assertEquals(4, inspection.globalSequenceGaps());
        assertEquals(11, inspection.stream(RecordedStream.WORLD_MODEL).messages());
        assertEquals(0, inspection.stream(RecordedStream.TRAJECTORY).messages());
        assertEquals(20 + 201 + 11, inspection.totalMessages());

        assertEquals(2, inspection.sensors().size());
        final SensorFigures camera = inspection.sensors().get(0);
        assertEquals(1, camera.sensorId());
        assertEquals("cam_front_wide", camera.name());
        assertEquals("camera", camera.kind());
        assertEquals(20, camera.messages());
        assertEquals(1, camera.gaps(), "sensor sequence 5 is missing");
        // Over its capture window, 2.0 s: 20 frames of the 21 sent, 19 intervals.
        assertEquals(9.5, camera.ratePerSecond(), 1e-9);
        assertTrue(camera.bytes() > 0);
        final SensorFigures lidar = inspection.sensors().get(1);
        assertEquals(31, lidar.sensorId());
        assertEquals("lidar", lidar.kind());
        assertEquals(201, lidar.messages());
        assertEquals(0, lidar.gaps());
        assertEquals(100.0, lidar.ratePerSecond(), 1e-9, "201 sectors, 200 intervals of 10 ms");

        assertEquals(DriveLogTail.COMPLETE, inspection.tail());
        assertFalse(inspection.isTorn());
        assertEquals(DriveLogEnd.Reason.CLOSED, inspection.end().reason());
        assertTrue(inspection.sizeOnDisk() > 0);
        assertEquals(0, inspection.malformedEntries());
    }
}
