package io.fusebox.bench.planner;

import io.fusebox.planner.Planner;
import io.fusebox.planner.PlannerContext;
import io.fusebox.planner.map.LaneMap;
import io.fusebox.sensors.codec.MessageHeaderEncoder;
import io.fusebox.sensors.codec.ObjectClass;
import io.fusebox.sensors.codec.TrackStatus;
import io.fusebox.sensors.codec.WorldModelEncoder;
import org.agrona.concurrent.UnsafeBuffer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;

/**
 * One planning cycle: decode a world model of 50 tracked objects on a three-lane road, localise, sample,
 * roll out, check collisions, score, encode the trajectory. A second of world models (10, 100 ms apart, the
 * traffic moving) is cycled through.
 *
 * <ul>
 * <li>{@code traffic}: 50 vehicles around the ego in three lanes, a lead to follow: 8 candidates per cycle.</li>
 * <li>{@code blocked}: the same with a broken-down car 200 m ahead in the ego's lane instead of the lead, and
 * slower traffic behind in the neighbour lanes, so both neighbours are sampled too: the most candidates a
 * cycle rolls out (20).</li>
 * </ul>
 * Run with {@code -prof gc} for bytes per cycle (gc.alloc.rate.norm).
 */
@State(Scope.Thread)
@BenchmarkMode({ Mode.AverageTime, Mode.SampleTime })
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = { "-Xms512m", "-Xmx512m", "--add-exports", "java.base/jdk.internal.misc=ALL-UNNAMED" })
public class PlanningCycleBenchmark
{
    private static final int OBJECTS = 50;
    private static final int KEEP_CANDIDATES = 8;
    private static final int MODELS = 10;
    private static final long STEP_NS = 100_000_000L;
    private static final double LANE_WIDTH = 3.7;
    private static final double EGO_SPEED = 25.0;

    @Param({ "traffic", "blocked" })
    public String scene;

    private Planner planner;
    private LaneMap map;
    private final UnsafeBuffer[] worldModels = new UnsafeBuffer[MODELS];
    private final int[] lengths = new int[MODELS];
    private final UnsafeBuffer trajectory = new UnsafeBuffer(ByteBuffer.allocateDirect(4096));
    private int next;

    @Setup
    public void setUp()
    {
        final boolean blocked = "blocked".equals(scene);
        // Persistence 0: the blocked lane counts from the first cycle, so every cycle samples the neighbours.
        planner = new Planner(new PlannerContext().blockedPersistenceS(blocked ? 0 : 2.0));
        final LaneMap.Builder builder = LaneMap.builder();
        for (int i = 0; i < 3; i++)
        {
            builder.addStraightLane(-500, i * LANE_WIDTH, 10_000, i * LANE_WIDTH, LANE_WIDTH, 30);
        }
        builder.neighbours(0, 1, LaneMap.NO_LANE).neighbours(1, 2, 0).neighbours(2, LaneMap.NO_LANE, 1);
        map = builder.build();

        // Objects in the odometry frame: the ego in the middle lane at x = 0; vehicles spread over the three lanes
        // from 120 m behind to 240 m ahead (the ego's lane kept clear up to the lead), speeds 18..30 m/s.
        final double[] x = new double[OBJECTS];
        final double[] y = new double[OBJECTS];
        final double[] v = new double[OBJECTS];
        final ObjectClass[] classes = new ObjectClass[OBJECTS];
        final double leadX = blocked ? 200 : 40;
        for (int i = 0; i < OBJECTS; i++)
        {
            final int lane = i % 3;
            x[i] = -120 + (360.0 * i) / OBJECTS + 3.0 * lane;
            y[i] = lane * LANE_WIDTH + 0.2 * ((i * 7) % 5 - 2) / 2.0;
            v[i] = 18 + (i * 5) % 13;
            classes[i] = i % 10 == 9 ? ObjectClass.TRUCK : ObjectClass.CAR;
            if (lane == 1 && x[i] > -30 && x[i] < leadX + 10)
            {
                // Keep the ego's lane clear up to the lead (or the blocker): move those beyond it.
                x[i] += leadX + 40;
            }
        }
        x[0] = leadX;
        y[0] = LANE_WIDTH;
        v[0] = blocked ? 0 : 22;
        if (blocked)
        {
            // Traffic behind in the neighbour lanes is slower than the ego, so a lane change is safe to sample.
            for (int i = 1; i < OBJECTS; i++)
            {
                if (x[i] < 0 && i % 3 != 1)
                {
                    v[i] = 18;
                }
            }
        }

        for (int m = 0; m < MODELS; m++)
        {
            final double t = m * STEP_NS * 1e-9;
            worldModels[m] = new UnsafeBuffer(ByteBuffer.allocateDirect(64 * 1024));
            lengths[m] = encode(worldModels[m], 1_000_000_000L + m * STEP_NS, m, EGO_SPEED * t, x, y, v, classes, t);
        }
        next = 0;

        // The scene must do what it says: a lead to follow, or a blocked lane with the neighbours sampled.
        for (int m = 0; m < MODELS; m++)
        {
            planningCycle();
        }
        final boolean sampledNeighbours = planner.lastCandidates() > KEEP_CANDIDATES;
        if (blocked != planner.lastLaneBlocked() || blocked != sampledNeighbours)
        {
            throw new IllegalStateException(scene + ": blocked " + planner.lastLaneBlocked() + ", candidates " +
                planner.lastCandidates() + ", manoeuvre " + planner.lastManeuver());
        }
        System.out.println(scene + ": " + planner.lastManeuver() + ", candidates " + planner.lastCandidates() +
            " (" + planner.lastValidCandidates() + " valid), last refused for " + planner.lastRejection() + " at " +
            planner.lastRejectionTimeS() + " s, lead gap " + planner.lastLeadGap());
        next = 0;
    }

    @Benchmark
    public int planningCycle()
    {
        final int m = next;
        next = m + 1 == MODELS ? 0 : m + 1;
        // The world models are replayed and the ego does not follow the plans, so the planner starts each cycle
        // afresh (a committed lane change would otherwise outlive the blocked lane it left): every cycle decides
        // what the scene asks for.
        planner.reset();
        return planner.plan(worldModels[m], 0, lengths[m], map, trajectory, 0);
    }

    private static int encode(
        final UnsafeBuffer buffer,
        final long timeNs,
        final long sequence,
        final double egoX,
        final double[] x,
        final double[] y,
        final double[] v,
        final ObjectClass[] classes,
        final double t)
    {
        final WorldModelEncoder encoder = new WorldModelEncoder();
        encoder.wrapAndApplyHeader(buffer, 0, new MessageHeaderEncoder())
            .timeNs(timeNs)
            .sequence(sequence)
            .lastInputSequence(sequence)
            .newestCaptureTimeNs(timeNs)
            .contributingSensors(-1L)
            .missingSensors(0)
            .egoX(egoX)
            .egoY(LANE_WIDTH)
            .egoYaw(0)
            .egoSpeedMps((float)EGO_SPEED)
            .egoYawRateRps(0)
            .egoAccelerationMps2(0)
            .gridCellsX(0)
            .gridCellsY(0)
            .gridCellSizeM(0);
        final WorldModelEncoder.ObjectsEncoder objects = encoder.objectsCount(x.length);
        for (int i = 0; i < x.length; i++)
        {
            objects.next()
                .trackId(i + 1)
                .objectClass(classes[i])
                .status(TrackStatus.CONFIRMED)
                .classConfidence(0.9f)
                .existence(0.95f)
                .x((float)(x[i] + v[i] * t - egoX))
                .y((float)(y[i] - LANE_WIDTH))
                .vx((float)v[i])
                .vy(0)
                .yaw(0)
                .yawRate(0)
                .length(classes[i] == ObjectClass.TRUCK ? 9.5f : 4.6f)
                .width(classes[i] == ObjectClass.TRUCK ? 2.5f : 1.85f)
                .height(1.6f)
                .contributingSensors(3);
            for (int c = 0; c < 10; c++)
            {
                objects.covariance(c, 0);
            }
            objects.covariance(0, 0.09f).covariance(4, 0.09f).covariance(7, 0.25f).covariance(9, 0.25f);
        }
        encoder.putOccupancy(new byte[0], 0, 0);
        return MessageHeaderEncoder.ENCODED_LENGTH + encoder.encodedLength();
    }
}
