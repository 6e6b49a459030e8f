package io.fusebox.sensors.message;

import io.fusebox.sensors.codec.CameraFrameDecoder;
import io.fusebox.sensors.codec.LidarSectorDecoder;
import io.fusebox.sensors.codec.MessageHeaderDecoder;
import io.fusebox.sensors.codec.RadarScanDecoder;
import io.fusebox.sensors.codec.SensorKind;
import io.fusebox.sensors.codec.SensorStampDecoder;
import io.fusebox.sensors.rig.Rig;
import io.fusebox.sensors.rig.RigLoader;
import io.fusebox.sensors.rig.SensorConfig;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SyntheticRigSourceTest
{
    private static final long START_NS = 5_000_000_000L;
    private static final long SECOND_NS = 1_000_000_000L;
    private static Rig rig;

    private final UnsafeBuffer buffer = new UnsafeBuffer(new byte[RigLoader.MAX_SENSOR_MESSAGE_BYTES]);
    private final MessageHeaderDecoder header = new MessageHeaderDecoder();
    private final SensorStampDecoder stamp = new SensorStampDecoder();

    @BeforeAll
    static void loadRig()
    {
        rig = RigLoader.loadDefault();
    }

    @Test
    void everySensorAtItsNominalRateInTimeOrderWithContiguousSequences()
    {
        final long endNs = START_NS + 2 * SECOND_NS;
        final SyntheticRigSource source = new SyntheticRigSource(rig, START_NS, endNs);
        final long[] counts = new long[rig.sensorCount()];
        final Set<Long> phases = new HashSet<>();
        long previousNs = Long.MIN_VALUE;
        while (source.nextCaptureTimeNs() != Long.MAX_VALUE)
        {
            final long captureNs = source.nextCaptureTimeNs();
            final int index = source.nextSensorIndex();
            final int length = source.encodeNext(buffer, 0);
            assertEquals(MalformedReason.OK, MessageGuard.validateSensorMessage(buffer, 0, length, rig.sensor(index).id()));
            assertTrue(length <= RigLoader.MAX_SENSOR_MESSAGE_BYTES);
            assertTrue(captureNs >= previousNs, "time order");
            assertTrue(captureNs >= START_NS && captureNs < endNs);
            stamp.wrap(buffer, MessageHeaderDecoder.ENCODED_LENGTH);
            assertEquals(captureNs, stamp.captureTimeNs());
            assertEquals(counts[index], stamp.sequence(), "contiguous per-sensor sequence");
            assertEquals(source.captureTimeNs(index, counts[index]), captureNs);
            if (0 == counts[index])
            {
                phases.add(captureNs - START_NS);
            }
            counts[index]++;
            previousNs = captureNs;
        }

        for (final SensorConfig sensor : rig.sensors())
        {
            final long expected = Math.round(2 * sensor.messageRateHz());
            assertEquals(expected, counts[sensor.index()], sensor.name());
            assertEquals(expected, source.messageCountBefore(sensor.index(), endNs), sensor.name());
        }
        assertTrue(phases.size() > rig.sensorCount() / 2, "sensors do not all fire together: " + phases.size());
    }

    @Test
    void timeOfMessageKDoesNotDrift()
    {
        final SyntheticRigSource source = new SyntheticRigSource(rig, START_NS);
        for (final SensorConfig sensor : rig.sensors())
        {
            final int i = sensor.index();
            final long phase = source.captureTimeNs(i, 0) - START_NS;
            final long rate = Math.round(sensor.messageRateHz());
            // After a day of messages the sensor is exactly on its nominal grid.
            final long day = 86_400L;
            assertEquals(START_NS + phase + day * SECOND_NS, source.captureTimeNs(i, day * rate), sensor.name());
            assertTrue(phase >= 0 && phase < SECOND_NS / rate, sensor.name());
        }
    }

    @Test
    void sameConstructionSameBytes()
    {
        final SyntheticRigSource first = new SyntheticRigSource(rig, START_NS);
        final SyntheticRigSource second = new SyntheticRigSource(rig, START_NS);
        final UnsafeBuffer other = new UnsafeBuffer(new byte[RigLoader.MAX_SENSOR_MESSAGE_BYTES]);
        for (int n = 0; n < 3_000; n++)
        {
            assertEquals(first.nextCaptureTimeNs(), second.nextCaptureTimeNs());
            assertEquals(first.nextSensorIndex(), second.nextSensorIndex());
            final int length = first.encodeNext(buffer, 0);
            assertEquals(length, second.encodeNext(other, 0));
            final byte[] a = new byte[length];
            final byte[] b = new byte[length];
            buffer.getBytes(0, a);
            other.getBytes(0, b);
            assertArrayEquals(a, b);
        }
    }

    @Test
    void realisticSizes()
    {
        final SyntheticRigSource source = new SyntheticRigSource(rig, START_NS, START_NS + SECOND_NS / 2);
        final CameraFrameDecoder camera = new CameraFrameDecoder();
        final RadarScanDecoder radar = new RadarScanDecoder();
        final LidarSectorDecoder lidar = new LidarSectorDecoder();
        int lidarSectors = 0;
        while (source.nextCaptureTimeNs() != Long.MAX_VALUE)
        {
            final SensorConfig sensor = rig.sensor(source.nextSensorIndex());
            source.encodeNext(buffer, 0);
            header.wrap(buffer, 0);
            final int bodyOffset = MessageHeaderDecoder.ENCODED_LENGTH;
            if (SensorKind.CAMERA == sensor.kind())
            {
                camera.wrap(buffer, bodyOffset, header.blockLength(), header.version());
                final int count = camera.objects().count();
                assertTrue(count >= 9 && count <= 11, "camera objects " + count);
            }
            else if (SensorKind.RADAR == sensor.kind())
            {
                radar.wrap(buffer, bodyOffset, header.blockLength(), header.version());
                assertEquals(SyntheticRigSource.RADAR_DETECTIONS, radar.detections().count());
            }
            else if (SensorKind.LIDAR == sensor.kind())
            {
                lidar.wrap(buffer, bodyOffset, header.blockLength(), header.version());
                assertEquals(lidarSectors % sensor.lidar().sectors(), lidar.sectorIndex());
                assertEquals(sensor.lidar().maxPointsPerSector(), lidar.points().count());
                lidarSectors++;
            }
        }
        assertEquals(Math.round(rig.sensors().stream()
            .filter((s) -> s.kind() == SensorKind.LIDAR).mapToDouble(SensorConfig::messageRateHz).sum() / 2), lidarSectors);
    }

    @Test
    void encodingAllocatesNothing()
    {
        final SyntheticRigSource source = new SyntheticRigSource(rig, START_NS);
        final Runnable encodeSome = () ->
        {
            for (int n = 0; n < 2_000; n++)
            {
                source.encodeNext(buffer, 0);
            }
        };
        encodeSome.run();
        assertEquals(0, MessageGuardTest.allocatedBytes(encodeSome));
    }
}
