package io.fusebox.sensors.sim;

import java.util.ArrayList;
import java.util.List;

/**
 * A read-only export of a scenario's road geometry for consumers outside the simulator (a planner's
 * lane map, tools): every driving lane as a centreline sampled along its road in the direction of
 * travel, with width, speed limit and its same-direction neighbours, and the signalised stop lines on
 * those lanes. Parking, bike and sidewalk lanes are not exported: they are not the ego's to drive.
 * Coordinates are the world frame ({@link io.fusebox.sensors.sim package doc}).
 */
public final class ScenarioMap
{
    /** Neighbour index when there is none. */
    public static final int NO_LANE = -1;
    private static final double ADJACENT_TOLERANCE_M = 0.05;

    private final List<LaneLine> lanes;
    private final List<SignalStop> stops;

    private ScenarioMap(final List<LaneLine> lanes, final List<SignalStop> stops)
    {
        this.lanes = List.copyOf(lanes);
        this.stops = List.copyOf(stops);
    }

    /**
     * @param scenario the scenario whose roads to export.
     * @param spacingM distance between centreline samples along the road, > 0.
     */
    public static ScenarioMap of(final Scenario scenario, final double spacingM)
    {
        if (!(spacingM > 0))
        {
            throw new IllegalArgumentException("spacingM must be > 0, was " + spacingM);
        }
        final List<Lane> exported = new ArrayList<>();
        final List<LaneLine> lines = new ArrayList<>();
        final RoadPoint point = new RoadPoint();
        for (final Road road : scenario.map().roads())
        {
            for (final Lane lane : road.lanes())
            {
                if (lane.kind() == Lane.LaneKind.DRIVING)
                {
                    exported.add(lane);
                }
            }
        }
        for (final Lane lane : exported)
        {
            final Road road = lane.road();
            final int n = (int)Math.ceil(road.length() / spacingM) + 1;
            final double[] xs = new double[n];
            final double[] ys = new double[n];
            for (int k = 0; k < n; k++)
            {
                final double s = Math.min(road.length(), k * spacingM);
                lane.centre(s, point);
                final int at = lane.direction() > 0 ? k : n - 1 - k;
                xs[at] = point.x;
                ys[at] = point.y;
            }
            lines.add(new LaneLine(road.name(), lane.index(), xs, ys, lane.widthM(), lane.speedLimitMps(),
                neighbour(exported, lane, 1), neighbour(exported, lane, -1)));
        }
        final List<SignalStop> stops = new ArrayList<>();
        for (final StopLine stop : scenario.map().stopLines())
        {
            for (int i = 0; i < exported.size(); i++)
            {
                final Lane lane = exported.get(i);
                if (lane.road() == stop.road() && lane.direction() == stop.direction())
                {
                    final double arcM = lane.direction() > 0 ? stop.s() : stop.road().length() - stop.s();
                    stops.add(new SignalStop(i, arcM, stop.signal()));
                }
            }
        }
        return new ScenarioMap(lines, stops);
    }

    /**
     * The exported lane next to {@code lane} on its left ({@code side} +1) or right (-1) in its
     * direction of travel, running the same way, or {@link #NO_LANE}.
     */
    private static int neighbour(final List<Lane> exported, final Lane lane, final int side)
    {
        // Left of travel is +d along the road for direction +1, -d against it.
        final double towards = side * lane.direction();
        for (int i = 0; i < exported.size(); i++)
        {
            final Lane other = exported.get(i);
            if (other != lane && other.road() == lane.road() && other.direction() == lane.direction())
            {
                final double apart = (other.offsetM() - lane.offsetM()) * towards;
                if (Math.abs(apart - 0.5 * (lane.widthM() + other.widthM())) < ADJACENT_TOLERANCE_M)
                {
                    return i;
                }
            }
        }
        return NO_LANE;
    }

    public int laneCount()
    {
        return lanes.size();
    }

    public LaneLine lane(final int index)
    {
        return lanes.get(index);
    }

    public int stopCount()
    {
        return stops.size();
    }

    public SignalStop stop(final int index)
    {
        return stops.get(index);
    }

    public String toString()
    {
        return "ScenarioMap{" + lanes.size() + " lanes, " + stops.size() + " stops}";
    }

    /**
     * One driving lane: its centreline in the direction of travel (world frame), width, limit, and the
     * indices of its neighbours in the {@link ScenarioMap}.
     */
    public static final class LaneLine
    {
        private final String road;
        private final int laneIndex;
        private final double[] xs;
        private final double[] ys;
        private final double widthM;
        private final double speedLimitMps;
        private final int left;
        private final int right;

        private LaneLine(
            final String road,
            final int laneIndex,
            final double[] xs,
            final double[] ys,
            final double widthM,
            final double speedLimitMps,
            final int left,
            final int right)
        {
            this.road = road;
            this.laneIndex = laneIndex;
            this.xs = xs;
            this.ys = ys;
            this.widthM = widthM;
            this.speedLimitMps = speedLimitMps;
            this.left = left;
            this.right = right;
        }

        public String road()
        {
            return road;
        }

        /** @return the lane's index on its road, as the simulator numbers them. */
        public int laneIndex()
        {
            return laneIndex;
        }

        public int pointCount()
        {
            return xs.length;
        }

        public double x(final int point)
        {
            return xs[point];
        }

        public double y(final int point)
        {
            return ys[point];
        }

        public double widthM()
        {
            return widthM;
        }

        public double speedLimitMps()
        {
            return speedLimitMps;
        }

        /** @return the lane to the left in the direction of travel, running the same way, or {@link #NO_LANE}. */
        public int leftNeighbour()
        {
            return left;
        }

        /** @return the lane to the right in the direction of travel, running the same way, or {@link #NO_LANE}. */
        public int rightNeighbour()
        {
            return right;
        }

        public String toString()
        {
            return road + "/lane" + laneIndex;
        }
    }

    /**
     * A signalised stop line on one exported lane: where along the lane's centreline traffic stops, and the
     * signal's state as a pure function of simulation time (fixed-time plans, like a published signal timing).
     */
    public static final class SignalStop
    {
        private final int lane;
        private final double arcM;
        private final SignalHead signal;

        private SignalStop(final int lane, final double arcM, final SignalHead signal)
        {
            this.lane = lane;
            this.arcM = arcM;
            this.signal = signal;
        }

        /** @return the index of the lane in the {@link ScenarioMap}. */
        public int lane()
        {
            return lane;
        }

        /** @return distance along the lane's exported centreline from its first point to the stop line. */
        public double arcM()
        {
            return arcM;
        }

        /** @return true while the signal shows green at simulation time {@code simTimeS}. */
        public boolean isGreen(final double simTimeS)
        {
            return SignalPlan.GREEN == signal.state(simTimeS);
        }

        /** @return seconds of green left at {@code simTimeS}, 0 when not green. */
        public double greenRemainingS(final double simTimeS)
        {
            return signal.greenRemainingS(simTimeS);
        }
    }
}
