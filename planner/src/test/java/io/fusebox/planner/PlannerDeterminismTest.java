package io.fusebox.planner;

import io.fusebox.planner.map.LaneMap;
import io.fusebox.sensors.codec.Maneuver;
import io.fusebox.sensors.codec.MessageHeaderDecoder;
import io.fusebox.sensors.codec.ObjectClass;
import io.fusebox.sensors.codec.TrajectoryDecoder;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PlannerDeterminismTest
{
    /** A busy two-lane drive: a stopped car to go around, traffic, a crossing pedestrian. */
    private static TrafficLoop busyDrive(final Planner planner)
    {
        final TrafficLoop loop = new TrafficLoop(planner, PlannerBehaviourTest.twoLanes()).ego(0, 0, 0, 18)
            .car(150, 0, 0)
            .car(40, 0, 17)
            .car(-60, 3.7, 24)
            .car(260, 3.7, 20)
            .add(ObjectClass.PEDESTRIAN, 420, -6, 0, 1.2, 0.5, 0.6)
            .add(ObjectClass.TRUCK, 500, 0, 15, 0, 9.5, 2.5);
        return loop;
    }

    @Test
    void sameWorldModelsInGiveByteIdenticalTrajectoriesOut()
    {
        // Record the world models one drive produced, then feed exactly those bytes to two fresh planners.
        final Planner recordingPlanner = new Planner(new PlannerContext());
        final TrafficLoop loop = busyDrive(recordingPlanner);
        final List<byte[]> worldModels = new ArrayList<>();
        final WorldModelTap tap = new WorldModelTap(worldModels);
        loop.worldModelTap = tap::record;
        loop.run(40);
        assertEquals(400, worldModels.size());

        final List<byte[]> first = replay(worldModels);
        final List<byte[]> second = replay(worldModels);
        assertEquals(first.size(), second.size());
        for (int i = 0; i < first.size(); i++)
        {
            assertArrayEquals(first.get(i), second.get(i), "trajectory " + i);
        }
        // And they were not all the same trajectory: the drive did something.
        assertNotEquals(Arrays.hashCode(first.get(0)), Arrays.hashCode(first.get(200)));
        assertEquals(0, loop.collisions, loop.summary());
    }

    @Test
    void watchdogStopsLeaveThePlansAReplayMakes()
    {
        final Planner recordingPlanner = new Planner(new PlannerContext());
        final TrafficLoop loop = busyDrive(recordingPlanner);
        final List<byte[]> worldModels = new ArrayList<>();
        loop.worldModelTap = new WorldModelTap(worldModels)::record;
        loop.run(20);
        final List<byte[]> replayed = replay(worldModels);

        // Live, world models 100..104 came late on the wall clock and the watchdog stopped the ego meanwhile.
        final Planner planner = new Planner(new PlannerContext());
        final LaneMap map = PlannerBehaviourTest.twoLanes();
        final UnsafeBuffer out = new UnsafeBuffer(new byte[4096]);
        final TrajectoryDecoder trajectory = new TrajectoryDecoder();
        final double[] stopSpeeds = new double[3];
        for (int i = 0; i < worldModels.size(); i++)
        {
            if (100 == i)
            {
                final long lastTimeNs = trajectory.timeNs();
                for (int k = 0; k < stopSpeeds.length; k++)
                {
                    final int length = planner.watchdogStop(lastTimeNs + (k + 1) * 300_000_000L, lastTimeNs, out, 0);
                    assertTrue(length > 0);
                    trajectory.wrap(out, MessageHeaderDecoder.ENCODED_LENGTH, TrajectoryDecoder.BLOCK_LENGTH,
                        TrajectoryDecoder.SCHEMA_VERSION);
                    assertEquals(Planner.NO_WORLD_MODEL, trajectory.worldModelSequence());
                    assertEquals(Maneuver.CONTROLLED_STOP, trajectory.maneuver());
                    assertEquals(99, trajectory.sequence(), "repeats the last plan's sequence (plans 0..99 before)");
                    stopSpeeds[k] = trajectory.points().next().speedMps();
                }
            }
            final byte[] worldModel = worldModels.get(i);
            final int length = planner.plan(new UnsafeBuffer(worldModel), 0, worldModel.length, map, out, 0);
            final byte[] copy = new byte[length];
            out.getBytes(0, copy);
            assertArrayEquals(replayed.get(i), copy, "trajectory " + i);
            trajectory.wrap(out, MessageHeaderDecoder.ENCODED_LENGTH, TrajectoryDecoder.BLOCK_LENGTH,
                TrajectoryDecoder.SCHEMA_VERSION);
        }
        // Repeated stops brake on from each other, never back up to the old plan's speed.
        assertTrue(stopSpeeds[0] > stopSpeeds[1] && stopSpeeds[1] > stopSpeeds[2], Arrays.toString(stopSpeeds));
    }

    @Test
    void steadyStateAllocatesNothing()
    {
        final Planner planner = new Planner(new PlannerContext());
        final TrafficLoop loop = busyDrive(planner);
        final List<byte[]> worldModels = new ArrayList<>();
        loop.worldModelTap = new WorldModelTap(worldModels)::record;
        loop.run(20);

        final Planner measured = new Planner(new PlannerContext());
        final UnsafeBuffer out = new UnsafeBuffer(new byte[4096]);
        final int[] lengths = new int[worldModels.size()];
        final UnsafeBuffer[] buffers = new UnsafeBuffer[worldModels.size()];
        for (int i = 0; i < buffers.length; i++)
        {
            buffers[i] = new UnsafeBuffer(worldModels.get(i));
            lengths[i] = worldModels.get(i).length;
        }
        final LaneMap map = PlannerBehaviourTest.twoLanes();
        // Warm up so the JIT has compiled the paths; then the quietest of several windows decides.
        for (int pass = 0; pass < 30; pass++)
        {
            measured.reset();
            for (int i = 0; i < buffers.length; i++)
            {
                measured.plan(buffers[i], 0, lengths[i], map, out, 0);
            }
        }
        final com.sun.management.ThreadMXBean threads =
            (com.sun.management.ThreadMXBean)ManagementFactory.getThreadMXBean();
        final long thread = Thread.currentThread().getId();
        long fewest = Long.MAX_VALUE;
        for (int window = 0; window < 5; window++)
        {
            final long before = threads.getThreadAllocatedBytes(thread);
            measured.reset();
            for (int i = 0; i < buffers.length; i++)
            {
                assertTrue(measured.plan(buffers[i], 0, lengths[i], map, out, 0) > 0);
            }
            fewest = Math.min(fewest, threads.getThreadAllocatedBytes(thread) - before);
        }
        assertEquals(0, fewest, "bytes allocated over " + buffers.length + " planning cycles");
    }

    private static List<byte[]> replay(final List<byte[]> worldModels)
    {
        final Planner planner = new Planner(new PlannerContext());
        final LaneMap map = PlannerBehaviourTest.twoLanes();
        final UnsafeBuffer out = new UnsafeBuffer(new byte[4096]);
        final List<byte[]> trajectories = new ArrayList<>();
        for (final byte[] worldModel : worldModels)
        {
            final int length = planner.plan(new UnsafeBuffer(worldModel), 0, worldModel.length, map, out, 0);
            assertTrue(length > 0);
            final byte[] copy = new byte[length];
            out.getBytes(0, copy);
            trajectories.add(copy);
        }
        return trajectories;
    }

    private static final class WorldModelTap
    {
        private final List<byte[]> into;

        WorldModelTap(final List<byte[]> into)
        {
            this.into = into;
        }

        void record(final UnsafeBuffer buffer, final int length)
        {
            final byte[] copy = new byte[length];
            buffer.getBytes(0, copy);
            into.add(copy);
        }
    }
}
