package io.fusebox.bench.codec;

import io.fusebox.sensors.codec.SensorKind;
import io.fusebox.sensors.rig.Rig;
import io.fusebox.sensors.rig.RigLoader;
import io.fusebox.sensors.rig.SensorConfig;
import org.agrona.BufferUtil;
import org.agrona.concurrent.UnsafeBuffer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.util.concurrent.TimeUnit;

/**
 * Encode and decode of every message on the bus with the generated flyweights over preallocated
 * buffers, sized as the default rig produces them. Encode returns the encoded length; decode checks
 * the header and returns a checksum of every field it read. Run with {@code -prof gc}: every
 * benchmark should show ~0 B/op.
 *
 * <p>Not final: JMH generates subclasses of a {@code @State} class.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 2, jvmArgsAppend = { "--add-exports", "java.base/jdk.internal.misc=ALL-UNNAMED" })
@State(Scope.Thread)
public class CodecBenchmark
{
    static final int CAMERA_OBJECTS = 16;
    static final int RADAR_DETECTIONS = 128;
    static final int WORLD_MODEL_OBJECTS = 50;
    static final int GRID_CELLS = 200;
    static final float GRID_CELL_SIZE_M = 0.5f;
    static final int TRAJECTORY_POINTS = 50;

    private static final int BUFFER_CAPACITY = 128 * 1024;
    private static final int CACHE_LINE = 64;
    private static final long SEED = 0x5EED_F05EL;
    /** Some afternoon in 2025, ns since the epoch: sensor clocks are PTP-disciplined to TAI/UTC. */
    private static final long CAPTURE_TIME_NS = 1_750_000_000_000_000_000L;

    private final UnsafeBuffer encodeBuffer = newBuffer();

    private CameraFrameFixture camera;
    private final UnsafeBuffer cameraMessage = newBuffer();
    private int cameraLength;

    private RadarScanFixture radar;
    private final UnsafeBuffer radarMessage = newBuffer();
    private int radarLength;

    private LidarSectorFixture lidar;
    private final UnsafeBuffer lidarMessage = newBuffer();
    private int lidarLength;

    private UltrasonicEchoFixture ultrasonic;
    private final UnsafeBuffer ultrasonicMessage = newBuffer();
    private int ultrasonicLength;

    private VehicleStateFixture vehicleState;
    private final UnsafeBuffer vehicleStateMessage = newBuffer();
    private int vehicleStateLength;

    private FusionInputFixture fusionInputLidar;
    private final UnsafeBuffer fusionInputLidarMessage = newBuffer();
    private int fusionInputLidarLength;

    private FusionInputFixture fusionInputRadar;
    private final UnsafeBuffer fusionInputRadarMessage = newBuffer();
    private int fusionInputRadarLength;

    private WorldModelFixture worldModel;
    private final UnsafeBuffer worldModelMessage = newBuffer();
    private int worldModelLength;

    private TrajectoryFixture trajectory;
    private final UnsafeBuffer trajectoryMessage = newBuffer();
    private int trajectoryLength;

    private SensorHealthFixture sensorHealth;
    private final UnsafeBuffer sensorHealthMessage = newBuffer();
    private int sensorHealthLength;

    @Setup
    public void setup()
    {
        final Rig rig = RigLoader.loadDefault();
        final SensorConfig cameraSensor = first(rig, SensorKind.CAMERA);
        final SensorConfig radarSensor = first(rig, SensorKind.RADAR);
        final SensorConfig lidarSensor = first(rig, SensorKind.LIDAR);

        camera = new CameraFrameFixture(cameraSensor.id(), cameraSensor.camera(), cameraSensor.mount().z(),
            CAMERA_OBJECTS, CAPTURE_TIME_NS, SEED);
        cameraLength = sensorMessage(camera.encode(cameraMessage, 0), "CameraFrame");

        radar = new RadarScanFixture(radarSensor.id(), radarSensor.radar(), RADAR_DETECTIONS, CAPTURE_TIME_NS, SEED);
        radarLength = sensorMessage(radar.encode(radarMessage, 0), "RadarScan");

        lidar = new LidarSectorFixture(lidarSensor.id(), lidarSensor.lidar(), lidarSensor.rateHz(),
            lidarSensor.mount().z(), lidarSensor.lidar().sectors() / 3, CAPTURE_TIME_NS, SEED);
        lidarLength = sensorMessage(lidar.encode(lidarMessage, 0), "LidarSector");

        ultrasonic = new UltrasonicEchoFixture(first(rig, SensorKind.ULTRASONIC).id(), CAPTURE_TIME_NS);
        ultrasonicLength = sensorMessage(ultrasonic.encode(ultrasonicMessage, 0), "UltrasonicEcho");

        vehicleState = new VehicleStateFixture(first(rig, SensorKind.VEHICLE_STATE).id(), CAPTURE_TIME_NS);
        vehicleStateLength = sensorMessage(vehicleState.encode(vehicleStateMessage, 0), "VehicleState");

        final long receiveTimeNs = CAPTURE_TIME_NS + 1_800_000;
        fusionInputLidar = new FusionInputFixture(
            lidar, lidarMessage, lidarLength, lidarSensor.streamId(), receiveTimeNs);
        fusionInputLidarLength = fusionInputLidar.encode(fusionInputLidarMessage, 0);
        fusionInputRadar = new FusionInputFixture(
            radar, radarMessage, radarLength, radarSensor.streamId(), receiveTimeNs);
        fusionInputRadarLength = fusionInputRadar.encode(fusionInputRadarMessage, 0);

        worldModel = new WorldModelFixture(WORLD_MODEL_OBJECTS, GRID_CELLS, GRID_CELLS, GRID_CELL_SIZE_M,
            rig.sensorCount(), CAPTURE_TIME_NS + 5_000_000, SEED);
        worldModelLength = worldModel.encode(worldModelMessage, 0);

        trajectory = new TrajectoryFixture(TRAJECTORY_POINTS, CAPTURE_TIME_NS + 5_000_000);
        trajectoryLength = trajectory.encode(trajectoryMessage, 0);

        sensorHealth = new SensorHealthFixture(rig, CAPTURE_TIME_NS);
        sensorHealthLength = sensorHealth.encode(sensorHealthMessage, 0);
    }

    @Benchmark
    public int encodeCameraFrame()
    {
        return camera.encode(encodeBuffer, 0);
    }

    @Benchmark
    public long decodeCameraFrame()
    {
        return camera.decode(cameraMessage, 0, cameraLength);
    }

    @Benchmark
    public int encodeRadarScan()
    {
        return radar.encode(encodeBuffer, 0);
    }

    @Benchmark
    public long decodeRadarScan()
    {
        return radar.decode(radarMessage, 0, radarLength);
    }

    @Benchmark
    public int encodeLidarSector()
    {
        return lidar.encode(encodeBuffer, 0);
    }

    @Benchmark
    public long decodeLidarSector()
    {
        return lidar.decode(lidarMessage, 0, lidarLength);
    }

    @Benchmark
    public int encodeUltrasonicEcho()
    {
        return ultrasonic.encode(encodeBuffer, 0);
    }

    @Benchmark
    public long decodeUltrasonicEcho()
    {
        return ultrasonic.decode(ultrasonicMessage, 0, ultrasonicLength);
    }

    @Benchmark
    public int encodeVehicleState()
    {
        return vehicleState.encode(encodeBuffer, 0);
    }

    @Benchmark
    public long decodeVehicleState()
    {
        return vehicleState.decode(vehicleStateMessage, 0, vehicleStateLength);
    }

    @Benchmark
    public int encodeFusionInputLidar()
    {
        return fusionInputLidar.encode(encodeBuffer, 0);
    }

    @Benchmark
    public long decodeFusionInputLidar()
    {
        return fusionInputLidar.decode(fusionInputLidarMessage, 0, fusionInputLidarLength);
    }

    @Benchmark
    public int encodeFusionInputRadar()
    {
        return fusionInputRadar.encode(encodeBuffer, 0);
    }

    @Benchmark
    public long decodeFusionInputRadar()
    {
        return fusionInputRadar.decode(fusionInputRadarMessage, 0, fusionInputRadarLength);
    }

    @Benchmark
    public int encodeWorldModel()
    {
        return worldModel.encode(encodeBuffer, 0);
    }

    @Benchmark
    public long decodeWorldModel()
    {
        return worldModel.decode(worldModelMessage, 0, worldModelLength);
    }

    @Benchmark
    public int encodeTrajectory()
    {
        return trajectory.encode(encodeBuffer, 0);
    }

    @Benchmark
    public long decodeTrajectory()
    {
        return trajectory.decode(trajectoryMessage, 0, trajectoryLength);
    }

    @Benchmark
    public int encodeSensorHealth()
    {
        return sensorHealth.encode(encodeBuffer, 0);
    }

    @Benchmark
    public long decodeSensorHealth()
    {
        return sensorHealth.decode(sensorHealthMessage, 0, sensorHealthLength);
    }

    private static UnsafeBuffer newBuffer()
    {
        return new UnsafeBuffer(BufferUtil.allocateDirectAligned(BUFFER_CAPACITY, CACHE_LINE));
    }

    /**
     * A sensor message must fit one bus frame, as the rig loader promises; a fixture that grew past it
     * would be measuring a message the bus cannot carry.
     */
    private static int sensorMessage(final int length, final String name)
    {
        if (length > RigLoader.MAX_SENSOR_MESSAGE_BYTES)
        {
            throw new IllegalStateException(name + " of " + length + " bytes exceeds one " +
                RigLoader.MAX_SENSOR_MESSAGE_BYTES + "-byte frame");
        }
        return length;
    }

    private static SensorConfig first(final Rig rig, final SensorKind kind)
    {
        for (final SensorConfig sensor : rig.sensors())
        {
            if (sensor.kind() == kind)
            {
                return sensor;
            }
        }
        throw new IllegalStateException("the default rig has no " + kind + " sensor");
    }
}
