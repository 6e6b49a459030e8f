package io.fusebox.runtime.planning;

import io.fusebox.sensors.sim.GroundTruth;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TrajectoryFollowerTest
{
    @Test
    void keepsToTheLaneWhenTrajectoriesArriveLate()
    {
        // Each trajectory reaches the follower 60 ms after the time it was planned for (1.5 m of travel at 25 m/s);
        // the follower anchors it at its remembered pose of that time and reads its profile from that time on.
        final ClosedLoop loop = new ClosedLoop("cut-in")
            .deliveryDelayNs(60_000_000L).run(20);
        assertEquals(0, loop.judge.collisions(), loop.summary());
        assertEquals(-5.55, loop.simulator.world().groundTruth().egoY(), 0.05, loop.summary());
        assertTrue(loop.judge.maxAbsAccelerationMps2() <= 3.05, loop.summary());
    }

    @Test
    void brakesToAStopInLaneWhenTrajectoriesStopComing()
    {
        final ClosedLoop loop = new ClosedLoop("highway-cruise").run(5);
        final GroundTruth truth = loop.simulator.world().groundTruth();
        assertTrue(truth.egoSpeed() > 20, loop.summary());
        loop.stopPlanning().run(25);
        assertEquals(0, truth.egoSpeed(), 1e-6, "failsafe stop: " + loop.summary());
        assertEquals(-5.55, truth.egoY(), 0.3, "in its lane: " + loop.summary());
    }

    @Test
    void refusesWhatItCannotAnchor()
    {
        final TrajectoryFollower follower = new TrajectoryFollower(new TrajectoryFollowerContext().wheelbaseM(2.9));
        final UnsafeBuffer garbage = new UnsafeBuffer(new byte[64]);
        assertFalse(follower.onTrajectory(garbage, 0, 64));
        assertEquals(1, follower.trajectoriesRefused());
        assertThrows(IllegalArgumentException.class, () -> new TrajectoryFollowerContext().conclude(),
            "wheelbase must be set");
    }
}
