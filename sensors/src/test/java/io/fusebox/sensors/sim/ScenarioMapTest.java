package io.fusebox.sensors.sim;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ScenarioMapTest
{
    @Test
    void exportsTheHighwaysDrivingLanesInTheirDirectionOfTravelWithNeighbours()
    {
        final ScenarioMap map = ScenarioMap.of(ScenarioCatalog.byName("cut-in"), 2.0);
        // 3 + 3 lanes on a straight 5000 m road from (0, 0) heading east; lane 0 is the fast lane at d = -1.85.
        assertEquals(6, map.laneCount(), map.toString());
        final ScenarioMap.LaneLine fast = map.lane(0);
        assertEquals(2501, fast.pointCount());
        assertEquals(0, fast.x(0), 1e-9);
        assertEquals(-1.85, fast.y(0), 1e-9);
        assertEquals(5000, fast.x(fast.pointCount() - 1), 1e-9);
        assertEquals(3.7, fast.widthM(), 1e-12);
        assertEquals(36.0, fast.speedLimitMps(), 1e-12);
        assertEquals(ScenarioMap.NO_LANE, fast.leftNeighbour());
        assertEquals(1, fast.rightNeighbour());
        assertEquals(0, map.lane(1).leftNeighbour());
        assertEquals(2, map.lane(1).rightNeighbour());
        assertEquals(ScenarioMap.NO_LANE, map.lane(2).rightNeighbour());

        // The other carriageway runs west: drawn from x = 5000 back to 0, its left is towards the centre line.
        final ScenarioMap.LaneLine oncoming = map.lane(3);
        assertEquals(5000, oncoming.x(0), 1e-9);
        assertEquals(1.85, oncoming.y(0), 1e-9);
        assertEquals(0, oncoming.x(oncoming.pointCount() - 1), 1e-9);
        assertEquals(ScenarioMap.NO_LANE, oncoming.leftNeighbour());
        assertEquals(4, oncoming.rightNeighbour());
        assertEquals(0, map.stopCount());
    }

    @Test
    void leavesOutParkingAndSidewalksAndPutsStopLinesOnTheLanesTheyHold()
    {
        final ScenarioMap map = ScenarioMap.of(ScenarioCatalog.byName("urban-intersection"), 2.0);
        // Main street and two cross streets, each 2 + 2 driving lanes.
        assertEquals(12, map.laneCount(), map.toString());
        // Two crossings, four stop lines each, each over the two lanes of its approach.
        assertEquals(16, map.stopCount());
        final ScenarioMap.SignalStop first = map.stop(0);
        final ScenarioMap.LaneLine lane = map.lane(first.lane());
        assertEquals("main-st", lane.road());
        // The main street starts at x = -1600; its first stop line is before the crossing at x = 0.
        final double stopX = lane.x(0) + first.arcM();
        assertTrue(stopX < 0 && stopX > -20, "stop line at x " + stopX);
        // Main street group 0: offset 45 s into a 70 s cycle at time 0, so red until 25 s, then green for 30 s.
        assertTrue(!first.isGreen(10.0));
        assertTrue(first.isGreen(30.0));
        assertEquals(25.0, first.greenRemainingS(30.0), 1e-9);
    }

    @Test
    void aSpacingMustBePositive()
    {
        final IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
            () -> ScenarioMap.of(ScenarioCatalog.byName("cut-in"), 0));
        assertTrue(error.getMessage().contains("spacingM"), error.getMessage());
    }
}
