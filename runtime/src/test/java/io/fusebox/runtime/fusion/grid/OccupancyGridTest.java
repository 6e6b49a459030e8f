package io.fusebox.runtime.fusion.grid;

import io.fusebox.runtime.fusion.frames.EgoPose;
import io.fusebox.runtime.fusion.frames.Odometry;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import java.util.Random;

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
    void freeEvidenceOutlastsOccupiedButGivesWayToNewHits()
    {
        final OccupancyGrid grid = new OccupancyGrid(0.5, 80, 80, 0.9);
        grid.recentre(0, 0);
        for (int i = 0; i < 10; i++)
        {
            grid.free(2.0, 0);
            grid.hit(-2.0, 0);
        }
        final float free = grid.logOdds(2.0, 0);
        final float occupied = grid.logOdds(-2.0, 0);
        for (int i = 0; i < 20; i++)
        {
            grid.fade();
        }
        // Two seconds of world models at 10 Hz: occupied evidence falls to 0.9^20 of itself, free only to 0.9^(20/8).
        assertEquals(occupied * Math.pow(0.9, 20), grid.logOdds(-2.0, 0), 1e-4);
        assertEquals(free * Math.pow(0.9, 20.0 / OccupancyGrid.FREE_FADE_SLOWDOWN), grid.logOdds(2.0, 0), 1e-4);
        assertTrue(grid.logOdds(2.0, 0) < -1.5f, "the floor is still known free: " + grid.logOdds(2.0, 0));

        // Something steps onto the floor: three returns outweigh what was known of it.
        for (int i = 0; i < 3; i++)
        {
            grid.hit(2.0, 0);
        }
        assertTrue(grid.logOdds(2.0, 0) > 0, "occupied: " + grid.logOdds(2.0, 0));
    }

    @Test
    void noEchoFreesTheConeToItsRange()
    {
        final OccupancyGrid grid = grid();

        grid.cone(0, 0, 0, HALF_FOV, 0, false, 3.0);

        assertTrue(grid.logOdds(2.0, 0) < 0);
        assertEquals(0.0f, grid.logOdds(4.0, 0), "beyond the range nothing is known");
    }

    @Test
    void theOutputWindowHoldsEachCellsOccupancyAroundATurnedEgoNearTheOrigin()
    {
        // Near the odometry origin cell coordinates change sign inside the window: each output byte must still be the
        // occupancy of the cell under that output cell's centre, as logOdds(x, y) finds it.
        final Odometry odometry = new Odometry();
        odometry.onVehicleState(0, 3.0, 0.4, 0.0);
        odometry.onVehicleState(1_000_000_000L, 3.0, 0.4, 0.0);
        final EgoPose pose = new EgoPose();
        odometry.poseAt(1_000_000_000L, pose);
        final OccupancyGrid grid = new OccupancyGrid(0.5, 80, 60, 1.0);
        grid.recentre(pose.x(), pose.y());
        final Random random = new Random(7);
        for (int i = 0; i < 3000; i++)
        {
            final double x = pose.x() + 25 * (2 * random.nextDouble() - 1);
            final double y = pose.y() + 25 * (2 * random.nextDouble() - 1);
            if (random.nextBoolean())
            {
                grid.hit(x, y);
            }
            else
            {
                grid.free(x, y);
            }
        }
        final UnsafeBuffer out = new UnsafeBuffer(new byte[grid.outputLength()]);
        grid.write(pose, out, 0);

        int occupied = 0;
        int free = 0;
        for (int iy = 0; iy < 60; iy++)
        {
            for (int ix = 0; ix < 80; ix++)
            {
                final double vx = (ix + 0.5) * 0.5 - 20.0;
                final double vy = (iy + 0.5) * 0.5 - 15.0;
                final float l = grid.logOdds(
                    pose.x() + pose.cos() * vx - pose.sin() * vy, pose.y() + pose.sin() * vx + pose.cos() * vy);
                final int expected = (int)Math.round(255.0 / (1.0 + StrictMath.exp(-Math.round((l + 2.0f) * 32) / 32.0 + 2.0)));
                final int actual = out.getByte(iy * 80 + ix) & 0xFF;
                assertEquals(expected, actual, "cell " + ix + ", " + iy + " (log-odds " + l + ")");
                occupied += l > 0 ? 1 : 0;
                free += l < 0 ? 1 : 0;
            }
        }
        assertTrue(occupied > 100 && free > 100, occupied + " occupied, " + free + " free");
    }
}
