package io.fusebox.runtime.planning;

import io.aeron.ExclusivePublication;
import io.aeron.Subscription;
import io.fusebox.planner.map.LaneMap;
import io.fusebox.runtime.bus.Bus;
import io.fusebox.runtime.bus.BusContext;
import io.fusebox.runtime.bus.BusCounters;
import io.fusebox.runtime.bus.Profile;
import io.fusebox.runtime.testing.Await;
import io.fusebox.sensors.codec.Maneuver;
import io.fusebox.sensors.codec.MessageHeaderDecoder;
import io.fusebox.sensors.codec.MessageHeaderEncoder;
import io.fusebox.sensors.codec.ObjectClass;
import io.fusebox.sensors.codec.TrackStatus;
import io.fusebox.sensors.codec.TrajectoryDecoder;
import io.fusebox.sensors.codec.WorldModelEncoder;
import io.fusebox.sensors.rig.Rig;
import io.fusebox.sensors.rig.RigLoader;
import org.agrona.concurrent.EpochNanoClock;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The planner agent on a real bus (embedded media driver): world models published on the world-model stream,
 * trajectories read from the trajectory stream. The agent's duty cycle runs on the test thread so the watchdog
 * clock can be stepped by hand.
 */
class PlannerAgentTest
{
    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    private static final long START_NS = 5_000_000_000L;
    private static final long MS = 1_000_000L;

    private final Rig rig = RigLoader.loadDefault();
    private final List<Throwable> errors = new CopyOnWriteArrayList<>();
    private final ManualClock clock = new ManualClock(START_NS);
    private final List<Received> received = new ArrayList<>();
    private final UnsafeBuffer worldModel = new UnsafeBuffer(new byte[8192]);
    private final MessageHeaderDecoder headerDecoder = new MessageHeaderDecoder();
    private final TrajectoryDecoder trajectoryDecoder = new TrajectoryDecoder();
    private Bus bus;
    private ExclusivePublication worldModels;
    private Subscription trajectories;
    private PlannerAgent agent;
    private long sequence;

    @BeforeEach
    void setUp()
    {
        bus = Bus.launch(new BusContext().rig(rig).profile(Profile.LAPTOP).errorHandler(errors::add));
        worldModels = bus.addWorldModelPublication();
        trajectories = bus.addTrajectorySubscription();
        final LaneMap.Builder lanes = LaneMap.builder();
        lanes.addStraightLane(-100, 0, 5000, 0, 3.7, 25);
        agent = new PlannerAgent(bus, new PlannerAgentContext()
            .laneMap(lanes.build())
            .clock(clock)
            .maxWorldModelAgeNs(300 * MS)
            .missingWorldModelTimeoutNs(300 * MS)
            .controlledStopIntervalNs(100 * MS));
        agent.onStart();
        Await.until(() -> worldModels.isConnected() && trajectories.isConnected(), TIMEOUT, () -> "streams connected");
    }

    @AfterEach
    void tearDown()
    {
        if (null != agent)
        {
            agent.onClose();
        }
        if (null != bus)
        {
            trajectories.close();
            worldModels.close();
            bus.close();
        }
        assertEquals(List.of(), errors);
    }

    @Test
    void plansOnEachWorldModelAndStopsUnderControlWhenOneIsStale()
    {
        publish(START_NS, START_NS, 20);
        final Received plan = awaitTrajectory();
        assertEquals(Maneuver.CRUISE, plan.maneuver);
        assertEquals(START_NS, plan.timeNs);
        assertEquals(0, plan.worldModelSequence);
        assertEquals(50, plan.points);
        assertEquals(1, counter(PlannerAgent.PLANS_TYPE_ID));

        // Fusion fell behind: the model is for a time 500 ms older than the newest input it used.
        publish(START_NS + 100 * MS, START_NS + 600 * MS, 20);
        final Received stale = awaitTrajectory();
        assertEquals(Maneuver.CONTROLLED_STOP, stale.maneuver);
        assertEquals(START_NS + 600 * MS, stale.timeNs, "stamped at the newest input time known");
        assertEquals(1, counter(PlannerAgent.STALE_WORLD_MODELS_TYPE_ID));

        // A model that is fine in itself but older than what the agent already knows is stale too.
        publish(START_NS + 200 * MS, START_NS + 200 * MS, 20);
        assertEquals(Maneuver.CONTROLLED_STOP, awaitTrajectory().maneuver);
        assertEquals(2, counter(PlannerAgent.STALE_WORLD_MODELS_TYPE_ID));

        // A fresh one: planning resumes.
        publish(START_NS + 700 * MS, START_NS + 700 * MS, 20);
        assertEquals(Maneuver.CRUISE, awaitTrajectory().maneuver);
        assertEquals(2, counter(PlannerAgent.PLANS_TYPE_ID));
        assertEquals(2, counter(PlannerAgent.CONTROLLED_STOPS_TYPE_ID));
    }

    @Test
    void noTrajectoryIsLostWhenItsLogRotatesToTheNextTerm()
    {
        // A trajectory is about 1.5 KB and the stream's term 512 KB: 400 plans cross at least one term boundary,
        // where an offer is refused once (ADMIN_ACTION) and must be repeated, not dropped.
        final int plans = 400;
        for (int i = 0; i < plans; i++)
        {
            final long timeNs = START_NS + i * 100 * MS;
            clock.advance(100 * MS);
            publish(timeNs, timeNs, 20);
            assertEquals(i, awaitTrajectory().worldModelSequence, "the trajectory planned from world model " + i);
        }
        assertEquals(plans, counter(PlannerAgent.PLANS_TYPE_ID));
        assertEquals(0, counter(PlannerAgent.DROPPED_TRAJECTORIES_TYPE_ID));
    }

    @Test
    void publishesControlledStopsWhileWorldModelsAreMissing()
    {
        publish(START_NS, START_NS, 20);
        assertEquals(Maneuver.CRUISE, awaitTrajectory().maneuver);

        clock.advance(200 * MS);
        work(20);
        assertTrue(received.isEmpty(), "nothing before the timeout");

        clock.advance(150 * MS);
        final Received first = awaitTrajectory();
        assertEquals(Maneuver.CONTROLLED_STOP, first.maneuver);
        assertEquals(START_NS + 350 * MS, first.timeNs, "message time moved on from the newest input by the silence");
        // From the speed the last plan had for that time (it was speeding up from 20 towards the limit of 25).
        assertTrue(first.firstSpeed > 19.9 && first.firstSpeed < 21, "starts at the planned speed: " + first.firstSpeed);
        assertTrue(first.lastSpeed < first.firstSpeed - 5, "slowing: " + first.lastSpeed);
        assertEquals(1, counter(PlannerAgent.MISSING_WORLD_MODELS_TYPE_ID));

        work(20);
        assertTrue(received.isEmpty(), "one per interval");
        clock.advance(100 * MS);
        assertEquals(Maneuver.CONTROLLED_STOP, awaitTrajectory().maneuver);
        assertEquals(2, counter(PlannerAgent.CONTROLLED_STOPS_TYPE_ID));
        assertEquals(1, counter(PlannerAgent.MISSING_WORLD_MODELS_TYPE_ID), "one episode");

        publish(START_NS + 500 * MS, START_NS + 500 * MS, 15);
        assertEquals(Maneuver.CRUISE, awaitTrajectory().maneuver);
    }

    @Test
    void countsMalformedWorldModelsAndPlansNothingForThem()
    {
        worldModel.putLong(0, 0x1234_5678_9ABC_DEF0L);
        offer(64);
        Await.until(() -> counter(PlannerAgent.MALFORMED_WORLD_MODELS_TYPE_ID) == 1, agent::doWork, TIMEOUT,
            () -> "malformed counted");
        work(20);
        assertTrue(received.isEmpty());
    }

    private void publish(final long timeNs, final long newestCaptureTimeNs, final double speed)
    {
        final WorldModelEncoder encoder = new WorldModelEncoder();
        encoder.wrapAndApplyHeader(worldModel, 0, new MessageHeaderEncoder())
            .timeNs(timeNs)
            .sequence(sequence++)
            .lastInputSequence(sequence)
            .newestCaptureTimeNs(newestCaptureTimeNs)
            .egoX(speed * (timeNs - START_NS) * 1e-9)
            .egoY(0)
            .egoYaw(0)
            .egoSpeedMps((float)speed)
            .egoAccelerationMps2(0)
            .egoYawRateRps(0);
        final WorldModelEncoder.ObjectsEncoder objects = encoder.objectsCount(1);
        objects.next().trackId(1).objectClass(ObjectClass.CAR).status(TrackStatus.CONFIRMED).existence(1)
            .x(300).y(-7).vx(0).vy(0).yaw(0).length(4.6f).width(1.85f).height(1.5f);
        encoder.putOccupancy(new byte[0], 0, 0);
        offer(MessageHeaderEncoder.ENCODED_LENGTH + encoder.encodedLength());
    }

    private void offer(final int length)
    {
        Await.until(() -> worldModels.offer(worldModel, 0, length) > 0, TIMEOUT, () -> "world model offered");
    }

    private Received awaitTrajectory()
    {
        Await.until(() -> !received.isEmpty(), () -> agent.doWork() + trajectories.poll(this::onTrajectory, 10),
            TIMEOUT, () -> "a trajectory (plans " + counter(PlannerAgent.PLANS_TYPE_ID) + ", dropped under back pressure " +
            counter(PlannerAgent.DROPPED_TRAJECTORIES_TYPE_ID) + ", controlled stops " +
            counter(PlannerAgent.CONTROLLED_STOPS_TYPE_ID) + ")");
        return received.remove(0);
    }

    private void work(final int cycles)
    {
        for (int i = 0; i < cycles; i++)
        {
            agent.doWork();
            trajectories.poll(this::onTrajectory, 10);
        }
    }

    private void onTrajectory(final org.agrona.DirectBuffer buffer, final int offset, final int length,
        final io.aeron.logbuffer.Header header)
    {
        headerDecoder.wrap(buffer, offset);
        trajectoryDecoder.wrap(buffer, offset + MessageHeaderDecoder.ENCODED_LENGTH, headerDecoder.blockLength(),
            headerDecoder.version());
        final Received r = new Received();
        r.timeNs = trajectoryDecoder.timeNs();
        r.worldModelSequence = trajectoryDecoder.worldModelSequence();
        r.maneuver = trajectoryDecoder.maneuver();
        final TrajectoryDecoder.PointsDecoder points = trajectoryDecoder.points();
        r.points = points.count();
        int i = 0;
        for (final TrajectoryDecoder.PointsDecoder point : points)
        {
            if (0 == i)
            {
                r.firstSpeed = point.speedMps();
            }
            r.lastSpeed = point.speedMps();
            i++;
        }
        received.add(r);
    }

    private long counter(final int typeId)
    {
        return BusCounters.value(bus.countersReader(), typeId, rig.bus().trajectoryStreamId());
    }

    private static final class Received
    {
        long timeNs;
        long worldModelSequence;
        Maneuver maneuver;
        int points;
        float firstSpeed;
        float lastSpeed;
    }

    private static final class ManualClock implements EpochNanoClock
    {
        private volatile long nowNs;

        ManualClock(final long startNs)
        {
            nowNs = startNs;
        }

        void advance(final long ns)
        {
            nowNs += ns;
        }

        public long nanoTime()
        {
            return nowNs;
        }
    }
}
