package io.fusebox.bench.codec;

import io.fusebox.sensors.codec.BooleanType;
import io.fusebox.sensors.codec.CameraFrameDecoder;
import io.fusebox.sensors.codec.FusionInputEncoder;
import io.fusebox.sensors.codec.LidarSectorEncoder;
import io.fusebox.sensors.codec.MessageHeaderEncoder;
import io.fusebox.sensors.codec.RadarScanEncoder;
import io.fusebox.sensors.codec.SensorHealthEncoder;
import io.fusebox.sensors.codec.SensorKind;
import io.fusebox.sensors.codec.TrajectoryEncoder;
import io.fusebox.sensors.codec.WorldModelEncoder;
import io.fusebox.sensors.rig.Rig;
import io.fusebox.sensors.rig.RigLoader;
import io.fusebox.sensors.rig.SensorConfig;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.openjdk.jmh.annotations.Benchmark;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntPredicate;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Keeps the benchmarks honest: they run, they measure messages of the advertised size, and decode
 * reads every byte it is given (a decode that skipped a field would let the JIT skip it too).
 */
final class CodecBenchmarkTest
{
    private static final Rig RIG = RigLoader.loadDefault();
    private static final long TIME_NS = 1_750_000_000_000_000_000L;
    private static final long SEED = 42;

    @Test
    void everyBenchmarkRunsAndRepeats() throws Exception
    {
        final CodecBenchmark benchmark = new CodecBenchmark();
        benchmark.setup();

        final List<String> names = new ArrayList<>();
        for (final Method method : CodecBenchmark.class.getDeclaredMethods())
        {
            if (method.isAnnotationPresent(Benchmark.class))
            {
                final Number first = (Number)method.invoke(benchmark);
                final Number second = (Number)method.invoke(benchmark);
                assertNotEquals(0L, first.longValue(), method.getName());
                if (method.getName().startsWith("decode"))
                {
                    assertEquals(first, second, method.getName() + " reads the same message twice");
                }
                else
                {
                    assertEquals(first, second, method.getName() + " encodes the same length twice");
                }
                names.add(method.getName());
            }
        }
        for (final String message : new String[]{ "CameraFrame", "RadarScan", "LidarSector", "UltrasonicEcho",
            "VehicleState", "FusionInputLidar", "FusionInputRadar", "WorldModel", "Trajectory", "SensorHealth" })
        {
            assertTrue(names.contains("encode" + message), "encode" + message);
            assertTrue(names.contains("decode" + message), "decode" + message);
        }
    }

    @Test
    void lidarSectorIsTheDefaultRigSector()
    {
        final SensorConfig lidar = first(SensorKind.LIDAR);
        final LidarSectorFixture fixture = lidarFixture(lidar);
        final int expected = MessageHeaderEncoder.ENCODED_LENGTH + LidarSectorEncoder.BLOCK_LENGTH +
            LidarSectorEncoder.PointsEncoder.sbeHeaderSize() +
            lidar.lidar().maxPointsPerSector() * LidarSectorEncoder.PointsEncoder.sbeBlockLength();

        assertEquals(2048, fixture.pointCount());
        assertEquals(expected, fixture.encode(newBuffer(), 0));
        assertTrue(expected <= RigLoader.MAX_SENSOR_MESSAGE_BYTES);
    }

    @Test
    void messagesHaveTheAdvertisedContent()
    {
        final UnsafeBuffer buffer = newBuffer();
        assertEquals(MessageHeaderEncoder.ENCODED_LENGTH + RadarScanEncoder.BLOCK_LENGTH + 4 +
            CodecBenchmark.RADAR_DETECTIONS * RadarScanEncoder.DetectionsEncoder.sbeBlockLength(),
            radarFixture().encode(buffer, 0));
        assertEquals(MessageHeaderEncoder.ENCODED_LENGTH + WorldModelEncoder.BLOCK_LENGTH + 4 +
            CodecBenchmark.WORLD_MODEL_OBJECTS * WorldModelEncoder.ObjectsEncoder.sbeBlockLength() +
            WorldModelEncoder.occupancyHeaderLength() + CodecBenchmark.GRID_CELLS * CodecBenchmark.GRID_CELLS,
            worldModelFixture().encode(buffer, 0));
        assertEquals(MessageHeaderEncoder.ENCODED_LENGTH + TrajectoryEncoder.BLOCK_LENGTH + 4 +
            CodecBenchmark.TRAJECTORY_POINTS * TrajectoryEncoder.PointsEncoder.sbeBlockLength(),
            new TrajectoryFixture(CodecBenchmark.TRAJECTORY_POINTS, TIME_NS).encode(buffer, 0));
        assertEquals(MessageHeaderEncoder.ENCODED_LENGTH + SensorHealthEncoder.BLOCK_LENGTH + 4 +
            RIG.sensorCount() * SensorHealthEncoder.SensorsEncoder.sbeBlockLength(),
            new SensorHealthFixture(RIG, TIME_NS).encode(buffer, 0));
    }

    @Test
    void cameraDecodeReadsEveryByteItShould()
    {
        final CameraFrameFixture fixture = cameraFixture();
        final UnsafeBuffer buffer = newBuffer();
        final int length = fixture.encode(buffer, 0);

        // A 3D box flagged absent is not valid data, so a consumer rightly never reads it.
        final CameraFrameDecoder decoder = new CameraFrameDecoder();
        decoder.wrap(buffer, MessageHeaderEncoder.ENCODED_LENGTH, CameraFrameDecoder.BLOCK_LENGTH, 0);
        final int elements = MessageHeaderEncoder.ENCODED_LENGTH + CameraFrameDecoder.BLOCK_LENGTH +
            CameraFrameDecoder.ObjectsDecoder.HEADER_SIZE;
        final int stride = CameraFrameDecoder.ObjectsDecoder.sbeBlockLength();
        final boolean[] unreadBox3d = new boolean[CodecBenchmark.CAMERA_OBJECTS];
        int absent = 0;
        int i = 0;
        for (final CameraFrameDecoder.ObjectsDecoder object : decoder.objects())
        {
            unreadBox3d[i] = BooleanType.TRUE != object.hasBox3d();
            absent += unreadBox3d[i] ? 1 : 0;
            i++;
        }
        assertEquals(CodecBenchmark.CAMERA_OBJECTS, i);
        assertTrue(absent < i, "some objects carry a 3D box");

        assertEveryByteIsRead(fixture, buffer, length, (offset) ->
        {
            if (offset < elements)
            {
                return false;
            }
            final int element = (offset - elements) / stride;
            final int within = (offset - elements) % stride;
            return element < unreadBox3d.length && unreadBox3d[element] &&
                within >= CameraFrameDecoder.ObjectsDecoder.box3dEncodingOffset() &&
                within < CameraFrameDecoder.ObjectsDecoder.box3dEncodingOffset() +
                CameraFrameDecoder.ObjectsDecoder.box3dEncodingLength();
        });
    }

    @Test
    void radarDecodeReadsEveryByte()
    {
        assertEveryByteIsRead(radarFixture());
    }

    @Test
    void lidarDecodeReadsEveryByte()
    {
        assertEveryByteIsRead(lidarFixture(first(SensorKind.LIDAR)));
    }

    @Test
    void ultrasonicDecodeReadsEveryByte()
    {
        assertEveryByteIsRead(new UltrasonicEchoFixture(first(SensorKind.ULTRASONIC).id(), TIME_NS));
    }

    @Test
    void vehicleStateDecodeReadsEveryByte()
    {
        assertEveryByteIsRead(new VehicleStateFixture(first(SensorKind.VEHICLE_STATE).id(), TIME_NS));
    }

    @Test
    void fusionInputDecodeReadsEveryByteOfTheWrappedMessage()
    {
        final LidarSectorFixture lidar = lidarFixture(first(SensorKind.LIDAR));
        final UnsafeBuffer received = newBuffer();
        final int receivedLength = lidar.encode(received, 0);
        final FusionInputFixture fixture = new FusionInputFixture(
            lidar, received, receivedLength, first(SensorKind.LIDAR).streamId(), TIME_NS);

        final UnsafeBuffer buffer = newBuffer();
        final int length = fixture.encode(buffer, 0);
        assertEquals(MessageHeaderEncoder.ENCODED_LENGTH + FusionInputEncoder.BLOCK_LENGTH +
            FusionInputEncoder.sensorMessageHeaderLength() + receivedLength, length);
        assertEveryByteIsRead(fixture, buffer, length, (offset) -> false);

        final RadarScanFixture radar = radarFixture();
        final int radarLength = radar.encode(received, 0);
        assertEveryByteIsRead(new FusionInputFixture(radar, received, radarLength, 1021, TIME_NS));
    }

    @Test
    void worldModelDecodeReadsEveryByteAndCopiesTheGrid()
    {
        final WorldModelFixture fixture = worldModelFixture();
        final UnsafeBuffer buffer = newBuffer();
        final int length = fixture.encode(buffer, 0);
        final int gridCells = CodecBenchmark.GRID_CELLS * CodecBenchmark.GRID_CELLS;
        final int gridStart = length - gridCells;

        fixture.decode(buffer, 0, length);
        final byte[] grid = new byte[gridCells];
        buffer.getBytes(gridStart, grid);
        assertArrayEquals(grid, fixture.occupancyCopy());

        // Grid cells are copied, not folded into the checksum: checked above instead.
        assertEveryByteIsRead(fixture, buffer, length, (offset) -> offset >= gridStart);
    }

    @Test
    void trajectoryDecodeReadsEveryByte()
    {
        assertEveryByteIsRead(new TrajectoryFixture(CodecBenchmark.TRAJECTORY_POINTS, TIME_NS));
    }

    @Test
    void sensorHealthDecodeReadsEveryByte()
    {
        assertEveryByteIsRead(new SensorHealthFixture(RIG, TIME_NS));
    }

    private static void assertEveryByteIsRead(final MessageFixture fixture)
    {
        final UnsafeBuffer buffer = newBuffer();
        assertEveryByteIsRead(fixture, buffer, fixture.encode(buffer, 0), (offset) -> false);
    }

    /**
     * Inverts each byte in turn: decode must then give another checksum or reject the message.
     */
    private static void assertEveryByteIsRead(
        final MessageFixture fixture, final UnsafeBuffer buffer, final int length, final IntPredicate exempt)
    {
        final long baseline = fixture.decode(buffer, 0, length);
        assertEquals(baseline, fixture.decode(buffer, 0, length));

        final List<Integer> unread = new ArrayList<>();
        int checked = 0;
        for (int offset = 0; offset < length; offset++)
        {
            if (exempt.test(offset))
            {
                continue;
            }
            final byte original = buffer.getByte(offset);
            buffer.putByte(offset, (byte)~original);
            boolean noticed;
            try
            {
                noticed = fixture.decode(buffer, 0, length) != baseline;
            }
            catch (final RuntimeException ex)
            {
                noticed = true;
            }
            buffer.putByte(offset, original);
            if (!noticed)
            {
                unread.add(offset);
            }
            checked++;
        }

        assertTrue(checked > 0);
        assertTrue(unread.isEmpty(), "decode ignores bytes at offsets " + unread + " of " + length);
        assertEquals(baseline, fixture.decode(buffer, 0, length), "buffer restored");
    }

    private static UnsafeBuffer newBuffer()
    {
        return new UnsafeBuffer(new byte[128 * 1024]);
    }

    private static SensorConfig first(final SensorKind kind)
    {
        for (final SensorConfig sensor : RIG.sensors())
        {
            if (sensor.kind() == kind)
            {
                return sensor;
            }
        }
        throw new AssertionError("no " + kind);
    }

    private static CameraFrameFixture cameraFixture()
    {
        final SensorConfig camera = first(SensorKind.CAMERA);
        return new CameraFrameFixture(
            camera.id(), camera.camera(), camera.mount().z(), CodecBenchmark.CAMERA_OBJECTS, TIME_NS, SEED);
    }

    private static RadarScanFixture radarFixture()
    {
        final SensorConfig radar = first(SensorKind.RADAR);
        return new RadarScanFixture(radar.id(), radar.radar(), CodecBenchmark.RADAR_DETECTIONS, TIME_NS, SEED);
    }

    private static LidarSectorFixture lidarFixture(final SensorConfig lidar)
    {
        return new LidarSectorFixture(
            lidar.id(), lidar.lidar(), lidar.rateHz(), lidar.mount().z(), 5, TIME_NS, SEED);
    }

    private static WorldModelFixture worldModelFixture()
    {
        return new WorldModelFixture(CodecBenchmark.WORLD_MODEL_OBJECTS, CodecBenchmark.GRID_CELLS,
            CodecBenchmark.GRID_CELLS, CodecBenchmark.GRID_CELL_SIZE_M, RIG.sensorCount(), TIME_NS, SEED);
    }
}
