package io.fusebox.sensors.sim;

import io.fusebox.sensors.message.SensorMessageSource;
import io.fusebox.sensors.rig.Rig;
import io.fusebox.sensors.rig.SensorConfig;
import org.agrona.MutableDirectBuffer;

/**
 * A whole rig driving through a scenario: the world advances by message time only, each sensor
 * samples it at its own capture times and encodes what it sees. Deterministic in (rig, scenario,
 * seed, clock base), whatever the caller's pacing: the same construction gives the same bytes.
 * Each sensor draws its noise from its own stream seeded by (seed, sensor id).
 *
 * <p>Every sensor fires at its nominal rate (a LiDAR at rate times sectors) from a fixed per-sensor
 * phase; ties go to the lower rig index; sequences start at 0. The source never runs dry. After
 * warm-up, {@link #encodeNext} allocates nothing. Not thread-safe: one caller.
 */
public final class RigSimulator implements SensorMessageSource
{
    private final Rig rig;
    private final World world;
    private final long clockBaseNs;
    private final SensorModel[] models;
    private final SensorClock[] clocks;
    private final long[] nextTimeNs;
    private final long[] silentFromNs;
    private final long[] sequence;
    private final LidarModel[] lidars;
    private int nextIndex;

    /**
     * @param rig         the sensors to simulate.
     * @param scenario    the world they drive through.
     * @param seed        seeds every sensor's noise.
     * @param clockBaseNs sensor clock at drive start: capture time = clockBaseNs + simulation time.
     */
    public RigSimulator(final Rig rig, final Scenario scenario, final long seed, final long clockBaseNs)
    {
        this.rig = rig;
        this.world = new World(scenario, rig.vehicle());
        this.clockBaseNs = clockBaseNs;
        final int count = rig.sensorCount();
        models = new SensorModel[count];
        clocks = new SensorClock[count];
        nextTimeNs = new long[count];
        silentFromNs = new long[count];
        sequence = new long[count];
        int lidarCount = 0;
        for (int i = 0; i < count; i++)
        {
            final SensorConfig sensor = rig.sensor(i);
            models[i] = model(sensor, seed);
            lidarCount += models[i] instanceof LidarModel ? 1 : 0;
            clocks[i] = new SensorClock(sensor);
            silentFromNs[i] = silentFrom(scenario, sensor.id());
            nextTimeNs[i] = scheduled(i, clocks[i].timeOf(0));
        }
        lidars = new LidarModel[lidarCount];
        for (int i = 0, l = 0; i < count; i++)
        {
            if (models[i] instanceof LidarModel)
            {
                lidars[l++] = (LidarModel)models[i];
            }
        }
        nextIndex = earliest();
    }

    private SensorModel model(final SensorConfig sensor, final long seed)
    {
        switch (sensor.kind())
        {
            case CAMERA:
                return new CameraModel(sensor, world, seed, clockBaseNs);
            case RADAR:
                return new RadarModel(sensor, world, seed, clockBaseNs);
            case LIDAR:
                return new LidarModel(sensor, world, seed, clockBaseNs);
            case ULTRASONIC:
                return new UltrasonicModel(sensor, world, seed, clockBaseNs);
            case VEHICLE_STATE:
                return new VehicleStateModel(sensor, world, seed, clockBaseNs);
            default:
                throw new IllegalArgumentException("sensor " + sensor.name() + ": no simulator for kind " + sensor.kind());
        }
    }

    public long nextCaptureTimeNs()
    {
        final long next = nextTimeNs[nextIndex];
        return Long.MAX_VALUE == next ? Long.MAX_VALUE : clockBaseNs + next;
    }

    public int nextSensorIndex()
    {
        return nextIndex;
    }

    public int encodeNext(final MutableDirectBuffer buffer, final int offset)
    {
        final int index = nextIndex;
        final long simTimeNs = nextTimeNs[index];
        world.advanceTo(simTimeNs);
        final int length = models[index].encode(buffer, offset, simTimeNs, sequence[index]);
        final long next = ++sequence[index];
        nextTimeNs[index] = scheduled(index, clocks[index].timeOf(next));
        nextIndex = earliest();
        return length;
    }

    /**
     * Ground truth at an instant between the last message encoded and the next, when no sensor need fire: e.g. the
     * tick a world model is valid at. The world takes the fixed steps up to it that encoding the next message
     * would take anyway, so what the sensors see does not change.
     *
     * @param captureTimeNs on the sensors' clock, from the last message's capture time to the next's.
     * @return the world's ground truth, sampled at that instant, until the next message is encoded.
     */
    public GroundTruth groundTruthAt(final long captureTimeNs)
    {
        world.advanceTo(captureTimeNs - clockBaseNs);
        return world.groundTruth();
    }

    /**
     * @return the simulated world: ground truth, the ego, and its driver.
     */
    public World world()
    {
        return world;
    }

    public Rig rig()
    {
        return rig;
    }

    /**
     * @return LiDAR points produced so far, all LiDARs together.
     */
    public long lidarPointsEmitted()
    {
        long total = 0;
        for (final LidarModel lidar : lidars)
        {
            total += lidar.pointsEmitted();
        }
        return total;
    }

    /**
     * @return the sensor's first simulation time of silence, from the scenario's failures, or never.
     */
    private static long silentFrom(final Scenario scenario, final int sensorId)
    {
        long from = Long.MAX_VALUE;
        for (final SensorFailure failure : scenario.sensorFailures())
        {
            if (failure.sensorId() == sensorId)
            {
                from = Math.min(from, Math.round(failure.atS() * 1e9));
            }
        }
        return from;
    }

    /** A failed sensor's next message never comes. */
    private long scheduled(final int index, final long simTimeNs)
    {
        return simTimeNs >= silentFromNs[index] ? Long.MAX_VALUE : simTimeNs;
    }

    private int earliest()
    {
        int best = 0;
        long bestTime = nextTimeNs[0];
        for (int i = 1; i < nextTimeNs.length; i++)
        {
            if (nextTimeNs[i] < bestTime)
            {
                best = i;
                bestTime = nextTimeNs[i];
            }
        }
        return best;
    }
}
