package io.fusebox.runtime.planning;

import io.fusebox.planner.map.LaneMap;
import io.fusebox.sensors.sim.EgoVehicle;
import io.fusebox.sensors.sim.Scenario;
import io.fusebox.sensors.sim.ScenarioMap;

/**
 * The planner's {@link LaneMap} of a simulated scenario, built from the simulator's own road geometry
 * ({@link ScenarioMap}), so the planner drives the roads the world has rather than a copy of them.
 *
 * <p>The map must be in the frame of the world models' {@code egoX, egoY, egoYaw}: world models encoded from
 * ground truth use the world frame ({@link #of(Scenario)}); fusion's odometry frame starts at the ego's rear axle
 * at its first vehicle-state message ({@link #inOdometryFrame(Scenario, long, EgoVehicle)}).
 */
public final class ScenarioLaneMaps
{
    /** Centreline sample spacing: fine enough that a 2 m chord on the tightest (urban) curve errs by millimetres. */
    public static final double SPACING_M = 2.0;

    private ScenarioLaneMaps()
    {
    }

    /**
     * @param clockBaseNs the simulator's clock base: message time at simulation time 0, to read signals at.
     * @return the scenario's driving lanes and signalised stop lines in the simulator's world frame.
     */
    public static LaneMap of(final Scenario scenario, final long clockBaseNs)
    {
        return of(scenario, clockBaseNs, 0, 0, 0);
    }

    /**
     * @param clockBaseNs the simulator's clock base: message time at simulation time 0, to read signals at.
     * @param start the ego of a simulator of {@code scenario} before its world steps: its pose is fusion's
     *              odometry origin (to within the distance driven until the first vehicle-state message).
     * @return the scenario's driving lanes and signalised stop lines in fusion's odometry frame.
     */
    public static LaneMap inOdometryFrame(final Scenario scenario, final long clockBaseNs, final EgoVehicle start)
    {
        return of(scenario, clockBaseNs, start.x(), start.y(), start.yaw());
    }

    /**
     * @param clockBaseNs message time at simulation time 0.
     * @param originX   world x of the map frame's origin.
     * @param originY   world y of the map frame's origin.
     * @param originYaw world heading of the map frame's x axis.
     * @return the scenario's driving lanes and signalised stop lines in that frame.
     */
    public static LaneMap of(
        final Scenario scenario, final long clockBaseNs, final double originX, final double originY, final double originYaw)
    {
        final ScenarioMap roads = ScenarioMap.of(scenario, SPACING_M);
        final double cos = StrictMath.cos(originYaw);
        final double sin = StrictMath.sin(originYaw);
        final LaneMap.Builder builder = LaneMap.builder();
        for (int i = 0; i < roads.laneCount(); i++)
        {
            final ScenarioMap.LaneLine lane = roads.lane(i);
            final int n = lane.pointCount();
            final double[] xs = new double[n];
            final double[] ys = new double[n];
            for (int k = 0; k < n; k++)
            {
                final double dx = lane.x(k) - originX;
                final double dy = lane.y(k) - originY;
                xs[k] = dx * cos + dy * sin;
                ys[k] = -dx * sin + dy * cos;
            }
            builder.addLane(xs, ys, lane.widthM(), lane.speedLimitMps());
        }
        for (int i = 0; i < roads.laneCount(); i++)
        {
            builder.neighbours(i, toLaneMap(roads.lane(i).leftNeighbour()), toLaneMap(roads.lane(i).rightNeighbour()));
        }
        for (int i = 0; i < roads.stopCount(); i++)
        {
            final ScenarioMap.SignalStop stop = roads.stop(i);
            builder.stopLine(stop.lane(), stop.arcM(), (timeNs) -> !stop.isGreen((timeNs - clockBaseNs) * 1e-9));
        }
        return builder.build();
    }

    private static int toLaneMap(final int scenarioLane)
    {
        return ScenarioMap.NO_LANE == scenarioLane ? LaneMap.NO_LANE : scenarioLane;
    }
}
