package io.fusebox.sensors.sim;

import java.util.ArrayList;
import java.util.List;

/**
 * Assembles a {@link Scenario}: roads and lanes, signals, the ego, and actors that drive lanes,
 * walk paths or stand still.
 */
final class ScenarioBuilder
{
    private final List<Road> roads = new ArrayList<>();
    private final List<StopLine> stopLines = new ArrayList<>();
    private final List<ActorSpec> actors = new ArrayList<>();
    private final List<SensorFailure> sensorFailures = new ArrayList<>();
    private final RoadPoint point = new RoadPoint();
    private EgoSpec ego;

    Road road(final Road road)
    {
        roads.add(road);
        return road;
    }

    ScenarioBuilder stopLine(final Road road, final double s, final int direction, final SignalHead signal)
    {
        stopLines.add(new StopLine(road, s, direction, signal));
        return this;
    }

    /**
     * The sensors with these rig ids go silent at {@code atS} for the rest of the drive.
     */
    ScenarioBuilder failSensors(final double atS, final int... sensorIds)
    {
        for (final int id : sensorIds)
        {
            sensorFailures.add(new SensorFailure(id, atS));
        }
        return this;
    }

    ScenarioBuilder ego(final Lane lane, final double s, final double speed, final double desiredSpeed, final IdmParameters idm)
    {
        ego = new EgoSpec(lane, s, speed, desiredSpeed, idm);
        return this;
    }

    ScenarioBuilder drive(final ActorType type, final Lane lane, final double s, final double speed, final double desiredSpeed)
    {
        return drive(type, lane, s, speed, SpeedProfile.constant(desiredSpeed), defaultIdm(type));
    }

    ScenarioBuilder drive(
        final ActorType type,
        final Lane lane,
        final double s,
        final double speed,
        final SpeedProfile desiredSpeed,
        final IdmParameters idm,
        final LaneChange... laneChanges)
    {
        actors.add(new ActorSpec(type, type.lengthM, type.widthM, type.heightM, 0, 0, 0,
            new LaneDrive(lane, s, speed, desiredSpeed, idm, List.of(laneChanges)), null));
        return this;
    }

    ScenarioBuilder walk(final ActorType type, final PathWalk walk)
    {
        actors.add(new ActorSpec(type, type.lengthM, type.widthM, type.heightM, 0, 0, 0, null, walk));
        return this;
    }

    /**
     * A walker on a straight line from one point to another, starting at {@code startTimeS}.
     */
    ScenarioBuilder walk(
        final ActorType type,
        final double speed,
        final double startTimeS,
        final double x0,
        final double y0,
        final double x1,
        final double y1)
    {
        return walk(type, path(x0, y0).to(x1, y1).build(speed, startTimeS, Double.NaN, false));
    }

    ScenarioBuilder place(final ActorType type, final double x, final double y, final double yaw)
    {
        return place(type, x, y, yaw, type.lengthM, type.widthM, type.heightM);
    }

    ScenarioBuilder place(
        final ActorType type,
        final double x,
        final double y,
        final double yaw,
        final double length,
        final double width,
        final double height)
    {
        actors.add(new ActorSpec(type, length, width, height, x, y, yaw, null, null));
        return this;
    }

    /**
     * Places a standing actor at (s, d) of a road, its heading along the road plus {@code yawOffset}.
     */
    ScenarioBuilder placeOnRoad(final ActorType type, final Road road, final double s, final double d, final double yawOffset)
    {
        road.point(s, d, point);
        return place(type, point.x, point.y, point.heading + yawOffset);
    }

    Scenario build(final String name, final String description)
    {
        if (null == ego)
        {
            throw new IllegalStateException("scenario " + name + " has no ego");
        }
        return new Scenario(name, description, new RoadMap(roads, stopLines), actors, ego, sensorFailures);
    }

    static PathBuilder path(final double x, final double y)
    {
        return new PathBuilder(x, y);
    }

    static IdmParameters defaultIdm(final ActorType type)
    {
        switch (type)
        {
            case TRUCK:
            case BUS:
                return IdmParameters.TRUCK;
            case CYCLIST:
                return IdmParameters.CYCLIST;
            default:
                return IdmParameters.CAR;
        }
    }

    static final class PathBuilder
    {
        private final List<double[]> points = new ArrayList<>();
        private final List<SignalHead> gates = new ArrayList<>();

        private PathBuilder(final double x, final double y)
        {
            to(x, y);
        }

        PathBuilder to(final double x, final double y)
        {
            points.add(new double[]{ x, y });
            gates.add(null);
            return this;
        }

        /**
         * The last waypoint is a kerb the walker leaves only on green for {@code signal}.
         */
        PathBuilder gate(final SignalHead signal)
        {
            gates.set(gates.size() - 1, signal);
            return this;
        }

        PathWalk build(final double speed, final double startTimeS, final double triggerDistanceM, final boolean loop)
        {
            final int n = points.size();
            final double[] xs = new double[n];
            final double[] ys = new double[n];
            final SignalHead[] gates = this.gates.toArray(new SignalHead[0]);
            for (int i = 0; i < n; i++)
            {
                xs[i] = points.get(i)[0];
                ys[i] = points.get(i)[1];
            }
            return new PathWalk(xs, ys, gates, speed, startTimeS, triggerDistanceM, loop);
        }
    }
}
