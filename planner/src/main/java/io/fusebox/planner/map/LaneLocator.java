package io.fusebox.planner.map;

import java.util.Arrays;

/**
 * Finds where a point lies on the lanes of a {@link LaneMap}: arc length along a lane's centreline,
 * signed lateral offset (left positive), distance. Remembers the segment each lane was last found on,
 * so following the ego from cycle to cycle is a short walk, not a scan of the whole map; a new map or
 * a jump falls back to a scan. Not thread-safe; allocation-free once built.
 */
public final class LaneLocator
{
    /** Beyond this from the remembered segment's best point, scan the whole lane. */
    private static final double RESCAN_DISTANCE_M = 10.0;

    private final int[] segmentHint;
    private LaneMap map;

    private double arc;
    private double lateral;
    private double distance;
    private double tangentCos;
    private double tangentSin;

    /**
     * @param maxLanes the most lanes a map given to {@link #locate} may have.
     */
    public LaneLocator(final int maxLanes)
    {
        segmentHint = new int[maxLanes];
        Arrays.fill(segmentHint, -1);
    }

    public int maxLanes()
    {
        return segmentHint.length;
    }

    /**
     * Projects a point onto a lane's centreline (its ends extended straight) and keeps the result.
     *
     * @return the distance from the centreline, also in {@link #distance()}.
     */
    public double locate(final LaneMap map, final int lane, final double px, final double py)
    {
        if (map != this.map)
        {
            if (map.laneCount() > segmentHint.length)
            {
                throw new IllegalArgumentException(
                    "map has " + map.laneCount() + " lanes, more than maxLanes " + segmentHint.length);
            }
            this.map = map;
            Arrays.fill(segmentHint, -1);
        }
        final int first = map.firstVertex(lane);
        final int segments = map.vertexCount(lane) - 1;
        int best = segmentHint[lane];
        double bestDistance;
        if (best < 0 || best >= segments)
        {
            best = scan(map, first, segments, px, py);
            bestDistance = segmentDistance(map, first, segments, best, px, py);
        }
        else
        {
            bestDistance = segmentDistance(map, first, segments, best, px, py);
            int step = 1;
            if (best + 1 < segments && segmentDistance(map, first, segments, best + 1, px, py) < bestDistance)
            {
                step = 1;
            }
            else if (best > 0 && segmentDistance(map, first, segments, best - 1, px, py) < bestDistance)
            {
                step = -1;
            }
            else
            {
                step = 0;
            }
            while (step != 0)
            {
                final int next = best + step;
                if (next < 0 || next >= segments)
                {
                    break;
                }
                final double d = segmentDistance(map, first, segments, next, px, py);
                if (d >= bestDistance)
                {
                    break;
                }
                best = next;
                bestDistance = d;
            }
            if (bestDistance > RESCAN_DISTANCE_M)
            {
                best = scan(map, first, segments, px, py);
                bestDistance = segmentDistance(map, first, segments, best, px, py);
            }
        }
        segmentHint[lane] = best;
        project(map, first, segments, best, px, py);
        return distance;
    }

    /**
     * The nearest lane to a point whose direction agrees with a heading (within 60 degrees).
     *
     * @return the lane, or {@link LaneMap#NO_LANE} when none is within {@code maxDistanceM}; leaves that lane's
     * projection in this locator.
     */
    public int nearestLane(
        final LaneMap map, final double px, final double py, final double cosYaw, final double sinYaw,
        final double maxDistanceM)
    {
        int bestLane = LaneMap.NO_LANE;
        double bestDistance = maxDistanceM;
        for (int lane = 0; lane < map.laneCount(); lane++)
        {
            final double d = locate(map, lane, px, py);
            if (d <= bestDistance && tangentCos * cosYaw + tangentSin * sinYaw > 0.5)
            {
                bestDistance = d;
                bestLane = lane;
            }
        }
        if (LaneMap.NO_LANE != bestLane)
        {
            locate(map, bestLane, px, py);
        }
        return bestLane;
    }

    /** @return arc length along the lane of the last located point's projection (negative before its start). */
    public double arc()
    {
        return arc;
    }

    /** @return signed offset of the last located point from the centreline, left positive. */
    public double lateral()
    {
        return lateral;
    }

    public double distance()
    {
        return distance;
    }

    /** @return the lane's direction at the projection, cosine. */
    public double tangentCos()
    {
        return tangentCos;
    }

    public double tangentSin()
    {
        return tangentSin;
    }

    private static int scan(final LaneMap map, final int first, final int segments, final double px, final double py)
    {
        int best = 0;
        double bestDistance = Double.MAX_VALUE;
        for (int k = 0; k < segments; k++)
        {
            final double d = segmentDistance(map, first, segments, k, px, py);
            if (d < bestDistance)
            {
                bestDistance = d;
                best = k;
            }
        }
        return best;
    }

    private static double segmentDistance(
        final LaneMap map, final int first, final int segments, final int k, final double px, final double py)
    {
        final int v = first + k;
        final double length = map.arc[v + 1] - map.arc[v];
        final double dx = px - map.x[v];
        final double dy = py - map.y[v];
        double t = dx * map.segmentCos[v] + dy * map.segmentSin[v];
        final double across = -dx * map.segmentSin[v] + dy * map.segmentCos[v];
        if (t < 0 && k > 0)
        {
            t = 0;
        }
        else if (t > length && k < segments - 1)
        {
            t = length;
        }
        else
        {
            return Math.abs(across);
        }
        final double ex = dx - t * map.segmentCos[v];
        final double ey = dy - t * map.segmentSin[v];
        return Math.sqrt(ex * ex + ey * ey);
    }

    private void project(final LaneMap map, final int first, final int segments, final int k, final double px, final double py)
    {
        final int v = first + k;
        final double length = map.arc[v + 1] - map.arc[v];
        final double dx = px - map.x[v];
        final double dy = py - map.y[v];
        final double c = map.segmentCos[v];
        final double s = map.segmentSin[v];
        double t = dx * c + dy * s;
        if (t < 0 && k > 0)
        {
            t = 0;
        }
        else if (t > length && k < segments - 1)
        {
            t = length;
        }
        arc = map.arc[v] + t;
        lateral = -dx * s + dy * c;
        final double ex = dx - t * c;
        final double ey = dy - t * s;
        distance = Math.sqrt(ex * ex + ey * ey);
        tangentCos = c;
        tangentSin = s;
    }
}
