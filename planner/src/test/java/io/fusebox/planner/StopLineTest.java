package io.fusebox.planner;

import io.fusebox.planner.map.LaneMap;
import io.fusebox.sensors.codec.Maneuver;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class StopLineTest
{
    private static final double STOP_LINE_ARC_M = 400;
    private static final long GREEN_FROM_NS = 30_000_000_000L;

    /** One straight lane from x = -200 with a stop line at x = 200, red until 30 s of message time. */
    private static LaneMap laneWithSignal()
    {
        final LaneMap.Builder builder = LaneMap.builder();
        final int lane = builder.addStraightLane(-200, 0, 3000, 0, 3.5, 14);
        builder.stopLine(lane, STOP_LINE_ARC_M, (timeNs) -> timeNs < GREEN_FROM_NS);
        return builder.build();
    }

    @Test
    void stopsBeforeARedStopLineAndGoesOnGreen()
    {
        final Planner planner = new Planner(new PlannerContext());
        final TrafficLoop loop = new TrafficLoop(planner, laneWithSignal()).ego(0, 0, 0, 13).run(25);
        final double front = loop.egoX + TrafficLoop.EGO_LENGTH - TrafficLoop.EGO_REAR;
        assertEquals(0, loop.egoSpeed, 0.05, "waiting at red");
        assertTrue(front < 200 && front > 190, "front before the line at x = 200: " + front);
        assertEquals(Maneuver.STOP, planner.lastManeuver());
        loop.run(10);
        assertTrue(loop.egoX > 210, "went on green: " + loop.egoX);
        assertEquals(0, loop.collisions);
        assertTrue(loop.maxAbsAccelerationOutsideEmergency <= 3.0, "comfortable: " + loop.maxAbsAccelerationOutsideEmergency);
    }

    @Test
    void aStopLineMustLieOnALaneWithASignal()
    {
        final LaneMap.Builder builder = LaneMap.builder();
        final int lane = builder.addStraightLane(0, 0, 100, 0, 3.5, 14);
        assertTrue(assertThrows(IllegalArgumentException.class, () -> builder.stopLine(lane + 1, 10, (t) -> true))
            .getMessage().contains("lane"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> builder.stopLine(lane, -1, (t) -> true))
            .getMessage().contains("arcM"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> builder.stopLine(lane, 10, null))
            .getMessage().contains("signal"));
    }
}
