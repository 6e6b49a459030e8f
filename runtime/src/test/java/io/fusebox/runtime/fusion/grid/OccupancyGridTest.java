package io.fusebox.runtime.fusion.grid;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class OccupancyGridTest
{
    private static final double HALF_FOV = Math.toRadians(60);

    private static OccupancyGrid grid()
    {
        final OccupancyGrid grid = new OccupancyGrid(0.5, 80, 80, 1.0);
        grid.recentre(0, 0);
        return grid;
    }

    @Test
    void anEchoExplainedByAKnownObstacleMarksOnlyThatObstacle()
    {
        final OccupancyGrid grid = grid();
        // A pillar the LiDAR has seen, 30 degrees to the left at 2.2 m; the floor ahead seen free.
        final double pillarX = 2.2 * Math.cos(Math.toRadians(30));
        final double pillarY = 2.2 * Math.sin(Math.toRadians(30));
        grid.hit(pillarX, pillarY);
        grid.free(2.2, 0);

        grid.cone(0, 0, 0, HALF_FOV, 2.2, true, 5.0);

        assertTrue(grid.logOdds(pillarX, pillarY) > 0, "the pillar explains the echo");
        assertTrue(grid.logOdds(2.2, 0) < 0, "the floor straight ahead on the arc stays free: " + grid.logOdds(2.2, 0));
        assertTrue(grid.logOdds(2.2 * Math.cos(HALF_FOV), -2.2 * Math.sin(HALF_FOV)) <= 0,
            "the arc's far edge is not painted");
    }

    @Test
    void anUnexplainedEchoMarksItsWholeArc()
    {
        final OccupancyGrid grid = grid();

        grid.cone(0, 0, 0, HALF_FOV, 2.2, true, 5.0);

        assertTrue(grid.logOdds(2.2, 0) > 0, "straight ahead on the arc");
        assertTrue(grid.logOdds(2.2 * Math.cos(HALF_FOV), 2.2 * Math.sin(HALF_FOV)) > 0, "the arc's edge");
        assertTrue(grid.logOdds(1.0, 0) < 0, "nearer than the echo is free");
    }

    @Test
    void noEchoFreesTheConeToItsRange()
    {
        final OccupancyGrid grid = grid();

        grid.cone(0, 0, 0, HALF_FOV, 0, false, 3.0);

        assertTrue(grid.logOdds(2.0, 0) < 0);
        assertEquals(0.0f, grid.logOdds(4.0, 0), "beyond the range nothing is known");
    }
}
