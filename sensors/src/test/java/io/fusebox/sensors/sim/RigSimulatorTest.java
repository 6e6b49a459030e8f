package io.fusebox.sensors.sim;

import io.fusebox.sensors.codec.CameraFrameDecoder;
import io.fusebox.sensors.codec.LidarSectorDecoder;
import io.fusebox.sensors.codec.MessageHeaderDecoder;
import io.fusebox.sensors.codec.RadarScanDecoder;
import io.fusebox.sensors.codec.SensorKind;
import io.fusebox.sensors.codec.UltrasonicEchoDecoder;
import io.fusebox.sensors.codec.VehicleStateDecoder;
import io.fusebox.sensors.rig.Rig;
import io.fusebox.sensors.rig.RigLoader;
import io.fusebox.sensors.rig.SensorConfig;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RigSimulatorTest
{
    private static final long SECOND_NS = 1_000_000_000L;
    private static final long CLOCK_BASE_NS = 1_700_000_000_000_000_000L;

    private final Rig rig = RigLoader.loadDefault();
    private final UnsafeBuffer buffer = TestRigs.buffer();
    private final MessageHeaderDecoder header = new MessageHeaderDecoder();
    private final CameraFrameDecoder camera = new CameraFrameDecoder();
    private final RadarScanDecoder radar = new RadarScanDecoder();
    private final LidarSectorDecoder lidar = new LidarSectorDecoder();
    private final UltrasonicEchoDecoder ultrasonic = new UltrasonicEchoDecoder();
    private final VehicleStateDecoder vehicleState = new VehicleStateDecoder();

    @Test
    void everySensorSendsItsNominalCountWithContiguousSequencesThatDecode()
    {
        final RigSimulator simulator = new RigSimulator(rig, ScenarioCatalog.byName("urban-intersection"), 42, CLOCK_BASE_NS);
        final int sensors = rig.sensorCount();
        final long[] counts = new long[sensors];
        final long[] lastSequence = new long[sensors];
        Arrays.fill(lastSequence, -1);
        long lastTime = Long.MIN_VALUE;
        int lastIndex = -1;
        long lidarPoints = 0;
        long cameraObjects = 0;
        long radarDetections = 0;
        long echoes = 0;
        while (simulator.nextCaptureTimeNs() < CLOCK_BASE_NS + 10 * SECOND_NS)
        {
            final long time = simulator.nextCaptureTimeNs();
            final int index = simulator.nextSensorIndex();
            assertTrue(time > lastTime || (time == lastTime && index > lastIndex),
                "messages in time order, ties by rig index: " + lastTime + "/" + lastIndex + " then " + time + "/" + index);
            lastTime = time;
            lastIndex = index;
            final SensorConfig sensor = rig.sensor(index);
            final int length = simulator.encodeNext(buffer, 0);
            assertTrue(length > 0 && length <= RigLoader.MAX_SENSOR_MESSAGE_BYTES, "length " + length);

            header.wrap(buffer, 0);
            assertEquals(MessageHeaderDecoder.SCHEMA_ID, header.schemaId());
            assertEquals(MessageHeaderDecoder.SCHEMA_VERSION, header.version());
            assertEquals(expectedTemplate(sensor.kind()), header.templateId(), sensor.name());
            final int body = MessageHeaderDecoder.ENCODED_LENGTH;
            final int blockLength = header.blockLength();
            final int version = header.version();
            final long sequence;
            final long captureTime;
            final int sensorId;
            final int decodedLength;
            switch (sensor.kind())
            {
                case CAMERA:
                    camera.wrap(buffer, body, blockLength, version);
                    sequence = camera.stamp().sequence();
                    captureTime = camera.stamp().captureTimeNs();
                    sensorId = camera.stamp().sensorId();
                    for (final CameraFrameDecoder.ObjectsDecoder object : camera.objects())
                    {
                        assertTrue(object.confidence() > 0 && object.confidence() < 1);
                        assertTrue(object.box2d().x1() <= object.box2d().x2() && object.box2d().y1() <= object.box2d().y2());
                        assertTrue(object.box2d().x2() <= sensor.camera().widthPx() && object.box2d().x1() >= 0);
                        cameraObjects++;
                    }
                    assertEquals(0, camera.compressedImageLength());
                    camera.skipCompressedImage();
                    decodedLength = camera.encodedLength();
                    break;
                case RADAR:
                    radar.wrap(buffer, body, blockLength, version);
                    sequence = radar.stamp().sequence();
                    captureTime = radar.stamp().captureTimeNs();
                    sensorId = radar.stamp().sensorId();
                    final RadarScanDecoder.DetectionsDecoder detections = radar.detections();
                    assertTrue(detections.count() <= sensor.radar().maxDetections());
                    for (final RadarScanDecoder.DetectionsDecoder detection : detections)
                    {
                        assertTrue(detection.rangeM() > 0 && detection.rangeM() < sensor.radar().maxRangeM() + 1);
                        radarDetections++;
                    }
                    decodedLength = radar.encodedLength();
                    break;
                case LIDAR:
                    lidar.wrap(buffer, body, blockLength, version);
                    sequence = lidar.stamp().sequence();
                    captureTime = lidar.stamp().captureTimeNs();
                    sensorId = lidar.stamp().sensorId();
                    assertEquals(sequence / sensor.lidar().sectors(), lidar.sweepId());
                    assertEquals(sequence % sensor.lidar().sectors(), lidar.sectorIndex());
                    assertEquals(sensor.lidar().sectors(), lidar.sectorCount());
                    int lastOffset = 0;
                    for (final LidarSectorDecoder.PointsDecoder point : lidar.points())
                    {
                        assertTrue(point.ring() < sensor.lidar().beams());
                        assertTrue(point.timeOffsetUs() >= lastOffset);
                        lastOffset = point.timeOffsetUs();
                        lidarPoints++;
                    }
                    assertTrue(lastOffset * 1000L < sensor.periodNs() / sensor.lidar().sectors());
                    decodedLength = lidar.encodedLength();
                    break;
                case ULTRASONIC:
                    ultrasonic.wrap(buffer, body, blockLength, version);
                    sequence = ultrasonic.stamp().sequence();
                    captureTime = ultrasonic.stamp().captureTimeNs();
                    sensorId = ultrasonic.stamp().sensorId();
                    echoes += ultrasonic.hasEcho() == io.fusebox.sensors.codec.BooleanType.TRUE ? 1 : 0;
                    decodedLength = ultrasonic.encodedLength();
                    break;
                default:
                    vehicleState.wrap(buffer, body, blockLength, version);
                    sequence = vehicleState.stamp().sequence();
                    captureTime = vehicleState.stamp().captureTimeNs();
                    sensorId = vehicleState.stamp().sensorId();
                    assertTrue(vehicleState.speedMps() >= 0);
                    decodedLength = vehicleState.encodedLength();
                    break;
            }
            assertEquals(length, body + decodedLength, sensor.name() + ": the decoder reads exactly what was encoded");
            assertEquals(sensor.id(), sensorId, sensor.name());
            assertEquals(time, captureTime, sensor.name());
            assertEquals(lastSequence[index] + 1, sequence, sensor.name() + " sequence");
            lastSequence[index] = sequence;
            counts[index]++;
        }
        for (int i = 0; i < sensors; i++)
        {
            final SensorConfig sensor = rig.sensor(i);
            final long nominal = Math.round(sensor.messageRateHz() * 10);
            assertTrue(Math.abs(counts[i] - nominal) <= 1, sensor.name() + ": " + counts[i] + " messages, nominal " + nominal);
        }
        assertTrue(lidarPoints > 10_000_000, "LiDAR points " + lidarPoints);
        assertTrue(cameraObjects > 1000, "camera objects " + cameraObjects);
        assertTrue(radarDetections > 1000, "radar detections " + radarDetections);
        assertTrue(echoes > 0, "ultrasonic echoes " + echoes);
    }

    @Test
    void sensorsAreNotAllInPhaseAndEveryWholeSecondHoldsTheNominalCount()
    {
        final RigSimulator simulator = new RigSimulator(rig, ScenarioCatalog.byName("highway-cruise"), 7, 0);
        final Map<Long, Integer> firstTimes = new HashMap<>();
        final long[][] perSecond = new long[rig.sensorCount()][4];
        while (simulator.nextCaptureTimeNs() < 4 * SECOND_NS)
        {
            final int index = simulator.nextSensorIndex();
            final long time = simulator.nextCaptureTimeNs();
            perSecond[index][(int)(time / SECOND_NS)]++;
            simulator.encodeNext(buffer, 0);
        }
        final SensorClock[] clocks = new SensorClock[rig.sensorCount()];
        for (int i = 0; i < rig.sensorCount(); i++)
        {
            clocks[i] = new SensorClock(rig.sensor(i));
            firstTimes.merge(clocks[i].phaseNs(), 1, Integer::sum);
            // Any window [phase + n s, phase + (n+1) s) holds exactly the nominal count.
            final long nominal = Math.round(rig.sensor(i).messageRateHz());
            final long start = clocks[i].timeOf(0) + 123 * SECOND_NS;
            long count = 0;
            for (long k = 123 * nominal - 2; clocks[i].timeOf(k) < start + SECOND_NS; k++)
            {
                count += clocks[i].timeOf(k) >= start ? 1 : 0;
            }
            assertEquals(nominal, count, rig.sensor(i).name());
            for (int second = 1; second < 4; second++)
            {
                assertTrue(Math.abs(perSecond[i][second] - nominal) <= 1, rig.sensor(i).name());
            }
        }
        assertTrue(firstTimes.size() > rig.sensorCount() / 2, "phases spread: " + firstTimes);
    }

    @Test
    void sameSeedGivesTheSameBytesAndAnotherSeedDoesNot()
    {
        final byte[] first = digest("urban-intersection", 1234, 5);
        final byte[] second = digest("urban-intersection", 1234, 5);
        final byte[] otherSeed = digest("urban-intersection", 1235, 5);
        assertArrayEquals(first, second);
        assertFalse(Arrays.equals(first, otherSeed));
    }

    @Test
    void aSensorsMessagesDoNotDependOnWhichOtherSensorsExist()
    {
        // A rig of just the roof LiDAR and the wide front camera, both with the default rig's ids.
        final StringBuilder yaml = new StringBuilder();
        boolean keep = true;
        for (final String line : TestRigs.defaultYaml().split("\n", -1))
        {
            if (line.startsWith("  - id:"))
            {
                keep = line.equals("  - id: 1") || line.equals("  - id: 31") || line.equals("  - id: 44");
            }
            if (keep)
            {
                yaml.append(line).append('\n');
            }
        }
        final Rig small = RigLoader.parse("small", yaml.toString());
        assertEquals(3, small.sensorCount());
        final Scenario scenario = ScenarioCatalog.byName("cut-in");
        final Map<Integer, MessageDigest> full = perSensorDigests(new RigSimulator(rig, scenario, 99, 5), rig, 2);
        final Map<Integer, MessageDigest> part = perSensorDigests(new RigSimulator(small, scenario, 99, 5), small, 2);
        for (final int id : new int[]{ 1, 31, 44 })
        {
            assertArrayEquals(full.get(id).digest(), part.get(id).digest(), "sensor " + id);
        }
    }

    private byte[] digest(final String scenario, final long seed, final int seconds)
    {
        final RigSimulator simulator = new RigSimulator(rig, ScenarioCatalog.byName(scenario), seed, CLOCK_BASE_NS);
        final MessageDigest digest = sha256();
        final byte[] bytes = new byte[RigLoader.MAX_SENSOR_MESSAGE_BYTES];
        while (simulator.nextCaptureTimeNs() < CLOCK_BASE_NS + seconds * SECOND_NS)
        {
            final int length = simulator.encodeNext(buffer, 0);
            buffer.getBytes(0, bytes, 0, length);
            digest.update(bytes, 0, length);
        }
        return digest.digest();
    }

    private Map<Integer, MessageDigest> perSensorDigests(final RigSimulator simulator, final Rig rig, final int seconds)
    {
        final Map<Integer, MessageDigest> digests = new HashMap<>();
        final byte[] bytes = new byte[RigLoader.MAX_SENSOR_MESSAGE_BYTES];
        while (simulator.nextCaptureTimeNs() < 5 + seconds * SECOND_NS)
        {
            final int id = rig.sensor(simulator.nextSensorIndex()).id();
            final int length = simulator.encodeNext(buffer, 0);
            buffer.getBytes(0, bytes, 0, length);
            digests.computeIfAbsent(id, ignore -> sha256()).update(bytes, 0, length);
        }
        return digests;
    }

    private static MessageDigest sha256()
    {
        try
        {
            return MessageDigest.getInstance("SHA-256");
        }
        catch (final NoSuchAlgorithmException ex)
        {
            throw new IllegalStateException(ex);
        }
    }

    private static int expectedTemplate(final SensorKind kind)
    {
        switch (kind)
        {
            case CAMERA:
                return CameraFrameDecoder.TEMPLATE_ID;
            case RADAR:
                return RadarScanDecoder.TEMPLATE_ID;
            case LIDAR:
                return LidarSectorDecoder.TEMPLATE_ID;
            case ULTRASONIC:
                return UltrasonicEchoDecoder.TEMPLATE_ID;
            default:
                return VehicleStateDecoder.TEMPLATE_ID;
        }
    }
}
