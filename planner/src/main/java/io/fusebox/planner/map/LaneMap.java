package io.fusebox.planner.map;

import java.util.ArrayList;
import java.util.List;

/**
 * The lanes the ego may drive, each a centreline polyline in the odometry frame of the world model
 * (the frame of its {@code egoX, egoY, egoYaw}), drawn in the direction of travel, with a width, a
 * speed limit and its left and right neighbours that run the same way (the lanes a lane change may
 * go to), and the signalised stop lines across lanes. Immutable once built; one map can serve any number of planners.
 *
 * <p>Headings and curvatures are computed once here, so planning needs no trigonometry on the map.
 */
public final class LaneMap
{
    public static final int NO_LANE = -1;

    private final int laneCount;
    private final int[] firstVertex;
    private final int[] vertexCount;
    private final double[] widthM;
    private final double[] speedLimitMps;
    private final int[] left;
    private final int[] right;
    private final int[] stopLane;
    private final double[] stopArcM;
    private final StopSignal[] stopSignal;

    // Per vertex, all lanes end to end.
    final double[] x;
    final double[] y;
    final double[] arc;
    /** Unit direction of the segment from this vertex to the next (the last vertex repeats its segment's). */
    final double[] segmentCos;
    final double[] segmentSin;
    /** Unit tangent at the vertex: the bisector of its two segments. */
    final double[] tangentCos;
    final double[] tangentSin;
    final double[] curvature;

    private LaneMap(final List<LaneSpec> lanes, final List<StopSpec> stops)
    {
        stopLane = new int[stops.size()];
        stopArcM = new double[stops.size()];
        stopSignal = new StopSignal[stops.size()];
        for (int i = 0; i < stops.size(); i++)
        {
            stopLane[i] = stops.get(i).lane;
            stopArcM[i] = stops.get(i).arcM;
            stopSignal[i] = stops.get(i).signal;
        }
        laneCount = lanes.size();
        firstVertex = new int[laneCount];
        vertexCount = new int[laneCount];
        widthM = new double[laneCount];
        speedLimitMps = new double[laneCount];
        left = new int[laneCount];
        right = new int[laneCount];
        int total = 0;
        for (int i = 0; i < laneCount; i++)
        {
            final LaneSpec lane = lanes.get(i);
            firstVertex[i] = total;
            vertexCount[i] = lane.xs.length;
            widthM[i] = lane.widthM;
            speedLimitMps[i] = lane.speedLimitMps;
            left[i] = lane.left;
            right[i] = lane.right;
            total += lane.xs.length;
        }
        x = new double[total];
        y = new double[total];
        arc = new double[total];
        segmentCos = new double[total];
        segmentSin = new double[total];
        tangentCos = new double[total];
        tangentSin = new double[total];
        curvature = new double[total];
        for (int i = 0; i < laneCount; i++)
        {
            fill(i, lanes.get(i));
        }
    }

    private void fill(final int lane, final LaneSpec spec)
    {
        final int first = firstVertex[lane];
        final int n = vertexCount[lane];
        double s = 0;
        for (int k = 0; k < n; k++)
        {
            final int v = first + k;
            x[v] = spec.xs[k];
            y[v] = spec.ys[k];
            if (k > 0)
            {
                s += Math.hypot(x[v] - x[v - 1], y[v] - y[v - 1]);
            }
            arc[v] = s;
        }
        for (int k = 0; k < n - 1; k++)
        {
            final int v = first + k;
            final double length = arc[v + 1] - arc[v];
            segmentCos[v] = (x[v + 1] - x[v]) / length;
            segmentSin[v] = (y[v + 1] - y[v]) / length;
        }
        segmentCos[first + n - 1] = segmentCos[first + n - 2];
        segmentSin[first + n - 1] = segmentSin[first + n - 2];
        for (int k = 0; k < n; k++)
        {
            final int v = first + k;
            if (k == 0 || k == n - 1)
            {
                tangentCos[v] = segmentCos[k == 0 ? v : v - 1];
                tangentSin[v] = segmentSin[k == 0 ? v : v - 1];
                curvature[v] = 0;
            }
            else
            {
                final double c0 = segmentCos[v - 1];
                final double s0 = segmentSin[v - 1];
                final double c1 = segmentCos[v];
                final double s1 = segmentSin[v];
                final double bx = c0 + c1;
                final double by = s0 + s1;
                final double norm = Math.sqrt(bx * bx + by * by);
                tangentCos[v] = bx / norm;
                tangentSin[v] = by / norm;
                final double turn = StrictMath.atan2(c0 * s1 - s0 * c1, c0 * c1 + s0 * s1);
                curvature[v] = turn / (0.5 * (arc[v + 1] - arc[v - 1]));
            }
        }
        // End vertices take their neighbour's curvature: a polyline sampled from an arc stays an arc to its end.
        if (n > 2)
        {
            curvature[first] = curvature[first + 1];
            curvature[first + n - 1] = curvature[first + n - 2];
        }
    }

    public static Builder builder()
    {
        return new Builder();
    }

    public int laneCount()
    {
        return laneCount;
    }

    public double widthM(final int lane)
    {
        return widthM[lane];
    }

    public double speedLimitMps(final int lane)
    {
        return speedLimitMps[lane];
    }

    /** @return the lane to the left running the same way, or {@link #NO_LANE}. */
    public int leftNeighbour(final int lane)
    {
        return left[lane];
    }

    /** @return the lane to the right running the same way, or {@link #NO_LANE}. */
    public int rightNeighbour(final int lane)
    {
        return right[lane];
    }

    public double lengthM(final int lane)
    {
        return arc[firstVertex[lane] + vertexCount[lane] - 1];
    }

    /** @return the number of signalised stop lines, over all lanes. */
    public int stopLineCount()
    {
        return stopLane.length;
    }

    /** @return the lane a stop line lies across. */
    public int stopLineLane(final int stopLine)
    {
        return stopLane[stopLine];
    }

    /** @return where a stop line lies, as arc length along its lane's centreline. */
    public double stopLineArcM(final int stopLine)
    {
        return stopArcM[stopLine];
    }

    /** @return the signal that governs a stop line. */
    public StopSignal stopLineSignal(final int stopLine)
    {
        return stopSignal[stopLine];
    }

    int firstVertex(final int lane)
    {
        return firstVertex[lane];
    }

    int vertexCount(final int lane)
    {
        return vertexCount[lane];
    }

    public String toString()
    {
        return "LaneMap{" + laneCount + " lanes, " + x.length + " vertices}";
    }

    /**
     * Collects lanes; neighbours are set by index once both lanes exist.
     */
    public static final class Builder
    {
        private final List<LaneSpec> lanes = new ArrayList<>();
        private final List<StopSpec> stops = new ArrayList<>();

        private Builder()
        {
        }

        /**
         * @param xs            centreline x, odometry frame, in the direction of travel; at least two points.
         * @param ys            centreline y.
         * @param widthM        lane width.
         * @param speedLimitMps the lane's limit; at or below the planner's parking limit the ego creeps.
         * @return the new lane's index.
         */
        public int addLane(final double[] xs, final double[] ys, final double widthM, final double speedLimitMps)
        {
            if (null == xs || null == ys || xs.length != ys.length || xs.length < 2)
            {
                throw new IllegalArgumentException("lane " + lanes.size() + ": needs at least two points, xs and ys alike");
            }
            for (int k = 1; k < xs.length; k++)
            {
                if (Math.hypot(xs[k] - xs[k - 1], ys[k] - ys[k - 1]) < 1e-6)
                {
                    throw new IllegalArgumentException("lane " + lanes.size() + ": points " + (k - 1) + " and " + k +
                        " coincide");
                }
            }
            if (!(widthM > 0))
            {
                throw new IllegalArgumentException("lane " + lanes.size() + ": widthM must be > 0, was " + widthM);
            }
            if (!(speedLimitMps >= 0))
            {
                throw new IllegalArgumentException(
                    "lane " + lanes.size() + ": speedLimitMps must be >= 0, was " + speedLimitMps);
            }
            lanes.add(new LaneSpec(xs.clone(), ys.clone(), widthM, speedLimitMps));
            return lanes.size() - 1;
        }

        /**
         * A straight lane from (x0, y0) to (x1, y1).
         */
        public int addStraightLane(
            final double x0, final double y0, final double x1, final double y1, final double widthM, final double speedLimitMps)
        {
            return addLane(new double[]{ x0, x1 }, new double[]{ y0, y1 }, widthM, speedLimitMps);
        }

        /**
         * @param lane  a lane added before.
         * @param left  the lane to its left, same direction, or {@link #NO_LANE}.
         * @param right the lane to its right, same direction, or {@link #NO_LANE}.
         */
        public Builder neighbours(final int lane, final int left, final int right)
        {
            check(lane, "lane");
            if (NO_LANE != left)
            {
                check(left, "left");
            }
            if (NO_LANE != right)
            {
                check(right, "right");
            }
            if (lane == left || lane == right)
            {
                throw new IllegalArgumentException("lane " + lane + " cannot neighbour itself");
            }
            lanes.get(lane).left = left;
            lanes.get(lane).right = right;
            return this;
        }

        /**
         * A signalised stop line across a lane.
         *
         * @param lane   a lane added before.
         * @param arcM   where it lies, as arc length along the lane's centreline from its first point, >= 0.
         * @param signal when traffic must stop there.
         */
        public Builder stopLine(final int lane, final double arcM, final StopSignal signal)
        {
            check(lane, "stop line's");
            if (!(arcM >= 0))
            {
                throw new IllegalArgumentException("stop line on lane " + lane + ": arcM must be >= 0, was " + arcM);
            }
            if (null == signal)
            {
                throw new IllegalArgumentException("stop line on lane " + lane + ": signal must not be null");
            }
            stops.add(new StopSpec(lane, arcM, signal));
            return this;
        }

        public LaneMap build()
        {
            return new LaneMap(lanes, stops);
        }

        private void check(final int lane, final String what)
        {
            if (lane < 0 || lane >= lanes.size())
            {
                throw new IllegalArgumentException(what + " lane " + lane + " does not exist; " + lanes.size() + " lanes");
            }
        }
    }

    private record StopSpec(int lane, double arcM, StopSignal signal)
    {
    }

    private static final class LaneSpec
    {
        final double[] xs;
        final double[] ys;
        final double widthM;
        final double speedLimitMps;
        int left = NO_LANE;
        int right = NO_LANE;

        LaneSpec(final double[] xs, final double[] ys, final double widthM, final double speedLimitMps)
        {
            this.xs = xs;
            this.ys = ys;
            this.widthM = widthM;
            this.speedLimitMps = speedLimitMps;
        }
    }
}
