package io.fusebox.replay.log;

import io.fusebox.replay.testing.TestMessages;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.Locale;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * How fast the writer appends: LiDAR sectors (32 KiB) and small camera frames, the two ends of what a
 * drive records, from a direct buffer as the recorder's ring holds them. The full rig needs about
 * 45 MB/s and 2,600 messages/s; the floor asserted is that, the figure printed is what this machine does.
 */
class DriveLogWriterThroughputTest
{
    private static final int SECTORS = Integer.getInteger("fusebox.test.writer.sectors", 2000);
    private static final int FRAMES = Integer.getInteger("fusebox.test.writer.frames", 20000);

    @Test
    void appendsFasterThanTheRigProduces(@TempDir final Path root)
    {
        final TestMessages messages = new TestMessages();
        final UnsafeBuffer lidar = new UnsafeBuffer(ByteBuffer.allocateDirect(64 * 1024));
        final UnsafeBuffer camera = new UnsafeBuffer(ByteBuffer.allocateDirect(4 * 1024));
        final int lidarLength = messages.lidarInput(lidar, 0, 0, 1, 31, 0, 2000);
        final int cameraLength = messages.cameraInput(camera, 0, 0, 1, 1, 0, 8);

        try (DriveLogWriter writer = DriveLogWriter.open(new DriveLogContext().rootDirectory(root).startTimeNs(0)))
        {
            // Warm up the path, then time it.
            for (int i = 0; i < 200; i++)
            {
                writer.append(RecordedStream.FUSION_INPUT, lidar, 0, lidarLength);
                writer.append(RecordedStream.FUSION_INPUT, camera, 0, cameraLength);
            }
            final long lidarStartNs = System.nanoTime();
            for (int i = 0; i < SECTORS; i++)
            {
                writer.append(RecordedStream.FUSION_INPUT, lidar, 0, lidarLength);
            }
            final double lidarS = (System.nanoTime() - lidarStartNs) / 1e9;
            final long cameraStartNs = System.nanoTime();
            for (int i = 0; i < FRAMES; i++)
            {
                writer.append(RecordedStream.FUSION_INPUT, camera, 0, cameraLength);
            }
            final double cameraS = (System.nanoTime() - cameraStartNs) / 1e9;
            assertEquals(200L * 2 + SECTORS + FRAMES, writer.entries(RecordedStream.FUSION_INPUT));

            final double lidarMBps = (double)SECTORS * lidarLength / lidarS / 1e6;
            final double cameraPerS = FRAMES / cameraS;
            System.out.printf(Locale.ROOT, "FIGURES writer: %d-byte LiDAR inputs %.0f MB/s (%.0f msg/s); %d-byte camera " +
                "inputs %.0f msg/s (%.1f MB/s)%n", lidarLength, lidarMBps, SECTORS / lidarS, cameraLength, cameraPerS,
                cameraPerS * cameraLength / 1e6);
            assertTrue(lidarMBps > 45, "LiDAR-sized appends keep up with the rig: " + lidarMBps + " MB/s");
            assertTrue(cameraPerS > 2600, "small appends keep up with the rig: " + cameraPerS + " msg/s");
        }
    }
}
