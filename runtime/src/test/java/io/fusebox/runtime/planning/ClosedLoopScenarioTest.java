package io.fusebox.runtime.planning;

import io.fusebox.runtime.scenarios.JudgeLimits;
import io.fusebox.sensors.codec.Maneuver;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Scenarios of the simulator's catalogue driven closed loop by the planner and the trajectory follower, with
 * ground truth standing in for fusion. Judged as a scenario suite would: no collision, the gap and time to
 * collision to whatever is ahead in the ego's path above floors, |acceleration| within the comfort limit
 * outside emergencies (a little over it allowed for the follower's feedback), and progress.
 */
class ClosedLoopScenarioTest
{
    private static final double MIN_GAP_M = 2.0;
    private static final double MIN_TTC_S = 1.5;
    private static final double MAX_ABS_ACCELERATION_MPS2 = 3.05;

    @Test
    void highwayCruiseOnCurves()
    {
        final ClosedLoop loop = new ClosedLoop("highway-cruise").run(90);
        assertSafe(loop);
        assertFalse(loop.maneuvers.contains(Maneuver.EMERGENCY_STOP), loop.summary());
        assertTrue(loop.maxAbsLateralOffsetM < 0.15, "kept to its lane through both curves: " + loop.summary());
    }

    @Test
    void cutIn()
    {
        final ClosedLoop loop = new ClosedLoop("cut-in").run(30);
        assertSafe(loop);
        assertTrue(loop.maneuvers.contains(Maneuver.FOLLOW), loop.summary());
        assertFalse(loop.maneuvers.contains(Maneuver.EMERGENCY_STOP), loop.summary());
        assertTrue(loop.simulator.world().groundTruth().egoX() > 700, "progress: " + loop.summary());
    }

    @Test
    void stoppedVehicle()
    {
        final ClosedLoop loop = new ClosedLoop("stopped-vehicle").run(45);
        assertSafe(loop);
        // The broken-down car stands at s = 900 in the middle lane: the ego went round it.
        assertTrue(loop.simulator.world().groundTruth().egoX() > 950, "passed it: " + loop.summary());
        assertTrue(loop.maneuvers.contains(Maneuver.LANE_CHANGE_LEFT) ||
            loop.maneuvers.contains(Maneuver.LANE_CHANGE_RIGHT), loop.summary());
        assertFalse(loop.maneuvers.contains(Maneuver.EMERGENCY_STOP), loop.summary());
    }

    @Test
    void stopAndGo()
    {
        final ClosedLoop loop = new ClosedLoop("stop-and-go").run(100);
        assertSafe(loop);
        // A jam is waited out, not weaved through.
        assertFalse(loop.maneuvers.contains(Maneuver.LANE_CHANGE_LEFT), loop.summary());
        assertFalse(loop.maneuvers.contains(Maneuver.LANE_CHANGE_RIGHT), loop.summary());
        assertFalse(loop.maneuvers.contains(Maneuver.EMERGENCY_STOP), loop.summary());
        assertTrue(loop.simulator.world().groundTruth().egoX() > 800, "progress: " + loop.summary());
    }

    @Test
    void pedestrianBehindVan()
    {
        final ClosedLoop loop = new ClosedLoop("pedestrian-behind-van").run(40);
        assertSafe(loop);
        assertTrue(loop.maneuvers.contains(Maneuver.EMERGENCY_STOP) || loop.maneuvers.contains(Maneuver.STOP),
            loop.summary());
        assertTrue(loop.simulator.world().groundTruth().egoX() > 400, "went on once the child was across: " +
            loop.summary());
    }

    @Test
    void pedestrianCrossing()
    {
        final ClosedLoop loop = new ClosedLoop("pedestrian-crossing").run(70);
        assertSafe(loop);
        assertTrue(loop.maneuvers.contains(Maneuver.STOP), loop.summary());
        assertTrue(loop.simulator.world().groundTruth().egoX() > 700, "crossed both crossings: " + loop.summary());
    }

    @Test
    void urbanIntersectionWaitsAtRed()
    {
        // The main street's signal at the first crossing (x = 0) is red until 25 s; the ego comes from x = -150.
        final ClosedLoop loop = new ClosedLoop("urban-intersection").run(22);
        final double front = loop.simulator.world().groundTruth().egoX() + loop.rig.vehicle().frontX();
        assertEquals(0, loop.simulator.world().groundTruth().egoSpeed(), 0.05, loop.summary());
        // The stop line lies 1.5 m before the crosswalk across the cross street (half-width 11.1 m): x = -12.6.
        assertTrue(front < -12.6 && front > -40, "waiting at the stop line, front at " + front + ": " + loop.summary());
        loop.run(20);
        assertSafe(loop);
        assertTrue(loop.simulator.world().groundTruth().egoX() > 30, "went on green: " + loop.summary());
    }

    @Test
    void parking()
    {
        // The aisle's inbound lane: 3 m/s limit, so the planner creeps.
        final ClosedLoop loop = new ClosedLoop("parking").run(120);
        assertSafe(loop);
        assertTrue(loop.maneuvers.contains(Maneuver.CREEP), loop.summary());
        final double front = loop.simulator.world().groundTruth().egoX() + loop.rig.vehicle().frontX();
        // The end wall's face is at x = 161.85: stopped before it, near it.
        // Standing as the suite judges it: the last centimetres towards the wall are crept at mm/s.
        assertEquals(0, loop.simulator.world().groundTruth().egoSpeed(), JudgeLimits.DEFAULT.stoppedMps(),
            loop.summary());
        assertTrue(front > 155 && front < 161.85, "stopped at the end wall, front at " + front + ": " + loop.summary());
    }

    private static void assertSafe(final ClosedLoop loop)
    {
        System.out.println(loop.summary());
        assertEquals(0, loop.judge.collisions(), loop.summary());
        assertTrue(loop.judge.minGapM() >= MIN_GAP_M, "min gap: " + loop.summary());
        assertTrue(loop.judge.minTtcS() >= MIN_TTC_S, "min TTC: " + loop.summary());
        assertTrue(loop.judge.maxAbsAccelerationMps2() <= MAX_ABS_ACCELERATION_MPS2, "max |a|: " + loop.summary());
        assertTrue(loop.follower.trajectoriesRefused() <= 1, "only the one before the first step: " + loop.summary());
    }
}
