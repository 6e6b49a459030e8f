package io.fusebox.sensors.sim;

import static io.fusebox.sensors.sim.ActorType.BARRIER;
import static io.fusebox.sensors.sim.ActorType.BUS;
import static io.fusebox.sensors.sim.ActorType.CAR;
import static io.fusebox.sensors.sim.ActorType.CHILD;
import static io.fusebox.sensors.sim.ActorType.CONE;
import static io.fusebox.sensors.sim.ActorType.CYCLIST;
import static io.fusebox.sensors.sim.ActorType.PEDESTRIAN;
import static io.fusebox.sensors.sim.ActorType.POLE;
import static io.fusebox.sensors.sim.ActorType.TRUCK;
import static io.fusebox.sensors.sim.ActorType.VAN;

/**
 * Scenarios on city streets. An urban road has, on each side, an inner and an outer driving lane,
 * an edge lane (parking or bike) and a sidewalk: lanes 0, 1, 2 run with the road, 3, 4, 5 against
 * it, 6 is the right-hand sidewalk (d &lt; 0) and 7 the left-hand one.
 */
final class UrbanScenarios
{
    static final double LANE_WIDTH_M = 3.3;
    static final double PARKING_WIDTH_M = 2.4;
    static final double BIKE_WIDTH_M = 1.5;
    static final double SIDEWALK_WIDTH_M = 3.0;
    private static final double SPEED_LIMIT_MPS = 13.9;

    private UrbanScenarios()
    {
    }

    /**
     * @return the offset of the sidewalk's outer edge: the road's half-width.
     */
    static double urban(final Road road, final boolean bikeLanes)
    {
        final double edgeWidth = bikeLanes ? BIKE_WIDTH_M : PARKING_WIDTH_M;
        final Lane.LaneKind edgeKind = bikeLanes ? Lane.LaneKind.BIKE : Lane.LaneKind.PARKING;
        final double edgeSpeed = bikeLanes ? 7.0 : 0.0;
        for (int side = 0; side < 2; side++)
        {
            final int sign = side == 0 ? -1 : 1;
            final int direction = side == 0 ? 1 : -1;
            road.addLane(sign * LANE_WIDTH_M / 2, LANE_WIDTH_M, direction, SPEED_LIMIT_MPS, Lane.LaneKind.DRIVING);
            road.addLane(sign * LANE_WIDTH_M * 1.5, LANE_WIDTH_M, direction, SPEED_LIMIT_MPS, Lane.LaneKind.DRIVING);
            road.addLane(sign * (2 * LANE_WIDTH_M + edgeWidth / 2), edgeWidth, direction, edgeSpeed, edgeKind);
        }
        final double sidewalk = 2 * LANE_WIDTH_M + edgeWidth + SIDEWALK_WIDTH_M / 2;
        road.addLane(-sidewalk, SIDEWALK_WIDTH_M, 1, 2.0, Lane.LaneKind.SIDEWALK);
        road.addLane(sidewalk, SIDEWALK_WIDTH_M, -1, 2.0, Lane.LaneKind.SIDEWALK);
        return sidewalk + SIDEWALK_WIDTH_M / 2;
    }

    /**
     * Two 2+2-lane streets crossing at the origin under a fixed-time signal: east-west (group 0,
     * parking lanes) and north-south (group 1, bike lanes). Everyone goes straight through.
     */
    static Scenario urbanIntersection()
    {
        final ScenarioBuilder b = new ScenarioBuilder();
        final double reach = 1600;
        final Road eastWest = b.road(Road.startingAt("main-st", -reach, 0, 0).straight(2 * reach).build());
        final Road northSouth = b.road(Road.startingAt("cross-st", 0, -reach, Math.PI / 2).straight(2 * reach).build());
        final double ewHalf = urban(eastWest, false);
        final double nsHalf = urban(northSouth, true);
        final double ewSidewalk = eastWest.lane(7).offsetM();
        final double nsSidewalk = northSouth.lane(7).offsetM();
        // Crosswalks continue the sidewalks across the other street; stop lines sit just before them.
        final double ewStop = nsHalf + 1.5;
        final double nsStop = ewHalf + 1.5;
        // Group 0 (east-west) is red at the start and turns green at 25 s: the ego arrives on red.
        b.signals(new SignalPlan(30, 3, 2, 45));
        b.stopLine(eastWest, reach - ewStop, 1, 0);
        b.stopLine(eastWest, reach + ewStop, -1, 0);
        b.stopLine(northSouth, reach - nsStop, 1, 1);
        b.stopLine(northSouth, reach + nsStop, -1, 1);

        b.ego(eastWest.lane(0), reach - 150, 11, 13, IdmParameters.CAR);

        // Traffic on every approach, spaced out so that arrivals continue for the whole drive.
        final double[] eastboundInner = { 30, 60, -50, -150, -300, -450, -600, -750, -900 };
        final double[] eastboundOuter = { 20, 60, -70, -200, -350, -500, -650, -800, -950 };
        approach(b, eastWest.lane(0), reach - 150, eastboundInner, 1);
        approach(b, eastWest.lane(1), reach - 150, eastboundOuter, 2);
        final double[] oncomingInner = { 50, 180, 320, 480, 650, 850, 1050 };
        final double[] oncomingOuter = { 100, 250, 400, 550, 750, 950 };
        approach(b, eastWest.lane(3), reach, oncomingInner, 3);
        approach(b, eastWest.lane(4), reach, oncomingOuter, 4);
        final double[] northboundInner = { -40, -120, -220, -350, -500, -650, -800, -950 };
        final double[] northboundOuter = { -60, -150, -270, -400, -550, -700, -850 };
        approach(b, northSouth.lane(0), reach, northboundInner, 5);
        approach(b, northSouth.lane(1), reach, northboundOuter, 6);
        final double[] southboundInner = { 40, 140, 270, 400, 550, 700, 850 };
        final double[] southboundOuter = { 60, 190, 350, 500, 650, 800 };
        approach(b, northSouth.lane(3), reach, southboundInner, 7);
        approach(b, northSouth.lane(4), reach, southboundOuter, 8);
        b.drive(CYCLIST, northSouth.lane(2), reach - 100, 5, 5.5);
        b.drive(CYCLIST, northSouth.lane(2), reach - 300, 5, 5);
        b.drive(CYCLIST, northSouth.lane(5), reach + 80, 5, 5.5);
        b.drive(CYCLIST, northSouth.lane(5), reach + 260, 5, 4.5);

        // Pedestrians along the sidewalks, crossing the other street when their signal allows.
        final double kerbX = nsHalf + 0.4;
        final double kerbY = ewHalf + 0.4;
        final double[][] eastwardWalkers = { { -60, 0 }, { -110, 10 }, { -170, 0 }, { -30, 25 } };
        for (final double[] w : eastwardWalkers)
        {
            final double y = -ewSidewalk + 0.5;
            b.walk(PEDESTRIAN, ScenarioBuilder.path(w[0], y).to(-kerbX, y).gate(0).to(kerbX, y).to(400, y)
                .build(1.3 + 0.05 * (w[0] % 4), w[1], Double.NaN, false));
        }
        final double[][] westwardWalkers = { { 80, 0 }, { 140, 5 }, { 40, 20 } };
        for (final double[] w : westwardWalkers)
        {
            final double y = ewSidewalk + 0.5;
            b.walk(PEDESTRIAN, ScenarioBuilder.path(w[0], y).to(kerbX, y).gate(0).to(-kerbX, y).to(-400, y)
                .build(1.4, w[1], Double.NaN, false));
        }
        final double[][] northwardWalkers = { { -70, 0 }, { -120, 0 }, { -40, 15 } };
        for (final double[] w : northwardWalkers)
        {
            final double x = nsSidewalk - 0.5;
            b.walk(PEDESTRIAN, ScenarioBuilder.path(x, w[0]).to(x, -kerbY).gate(1).to(x, kerbY).to(x, 400)
                .build(1.35, w[1], Double.NaN, false));
        }
        final double[][] southwardWalkers = { { 60, 0 }, { 110, 8 } };
        for (final double[] w : southwardWalkers)
        {
            final double x = -nsSidewalk + 0.5;
            b.walk(PEDESTRIAN, ScenarioBuilder.path(x, w[0]).to(x, kerbY).gate(1).to(x, -kerbY).to(x, -400)
                .build(1.45, w[1], Double.NaN, false));
        }
        b.walk(PEDESTRIAN, 1.2, 0, -20, -ewSidewalk - 0.5, -300, -ewSidewalk - 0.5);
        b.walk(CHILD, 1.2, 0, -21, -ewSidewalk - 0.8, -301, -ewSidewalk - 0.8);
        b.place(PEDESTRIAN, 25, ewSidewalk + 1.15, -Math.PI / 2);
        b.place(PEDESTRIAN, 25.8, ewSidewalk + 1.15, Math.PI);

        // Parked cars, street furniture and a small roadworks site in the parking lanes.
        final double parkedY = eastWest.lane(2).offsetM();
        for (final double x : new double[]{ -50, -76, -101, -160 })
        {
            b.place(x == -101 ? VAN : CAR, x, parkedY, 0);
        }
        for (final double x : new double[]{ 45, 70, 120 })
        {
            b.place(CAR, x, -parkedY, Math.PI);
        }
        for (final double sx : new double[]{ -1, 1 })
        {
            for (final double sy : new double[]{ -1, 1 })
            {
                b.place(POLE, sx * (nsHalf + 1.2), sy * (ewHalf + 1.0), 0);
                b.place(POLE, sx * 40, sy * (ewHalf - 0.15), 0);
                b.place(POLE, sx * 90, sy * (ewHalf - 0.15), 0);
            }
        }
        b.place(BARRIER, -200, parkedY, 0);
        b.place(BARRIER, -202.2, parkedY, 0);
        for (int i = 0; i < 3; i++)
        {
            b.place(CONE, -206 - 2.0 * i, parkedY + 0.3 * i, 0);
        }
        return b.build("urban-intersection",
            "busy signalised crossroads: ~60 vehicles on four approaches, cyclists, pedestrians on " +
            "sidewalks and crosswalks, parked cars, poles, roadworks; the ego waits at red, then crosses");
    }

    /**
     * Vehicles on one lane at s = base + offsets, cycling through a mix of types.
     */
    private static void approach(
        final ScenarioBuilder b,
        final Lane lane,
        final double base,
        final double[] offsets,
        final int mix)
    {
        for (int i = 0; i < offsets.length; i++)
        {
            final int kind = (i * 7 + mix * 3) % 11;
            final ActorType type = kind == 0 ? TRUCK : kind == 5 ? BUS : kind == 3 || kind == 8 ? VAN : CAR;
            final double desired = type == CAR || type == VAN ? 12.0 + 0.4 * ((i + mix) % 5) : 10.5;
            b.drive(type, lane, base + offsets[i], Math.min(desired, 11), desired);
        }
    }

    static Scenario pedestrianCrossing()
    {
        final ScenarioBuilder b = new ScenarioBuilder();
        final Road road = b.road(Road.startingAt("high-st", 0, 0, 0).straight(2000).build());
        final double half = urban(road, false);
        final double sidewalk = road.lane(7).offsetM();
        final double parked = road.lane(5).offsetM();
        b.ego(road.lane(0), 60, 12, 12.5, IdmParameters.CAR);
        // First crosswalk: three people step out as the ego approaches.
        b.walk(PEDESTRIAN, ScenarioBuilder.path(230, -sidewalk).to(230, sidewalk).to(420, sidewalk)
            .build(1.4, 1e9, 90, false));
        b.walk(PEDESTRIAN, ScenarioBuilder.path(231, -sidewalk - 0.6).to(231, sidewalk - 0.6).to(200, sidewalk - 0.6)
            .build(1.2, 1e9, 85, false));
        b.walk(CHILD, ScenarioBuilder.path(231.7, -sidewalk - 0.2).to(231.7, sidewalk - 0.2).to(202, sidewalk - 0.2)
            .build(1.2, 1e9, 85, false));
        // Second crosswalk: two people cross towards the ego's side.
        b.walk(PEDESTRIAN, ScenarioBuilder.path(650, sidewalk).to(650, -sidewalk).to(900, -sidewalk)
            .build(1.3, 1e9, 110, false));
        b.walk(PEDESTRIAN, ScenarioBuilder.path(651, sidewalk + 0.6).to(651, -sidewalk + 0.6).to(500, -sidewalk + 0.6)
            .build(1.5, 1e9, 105, false));
        // People who stay on the sidewalks.
        b.walk(PEDESTRIAN, 1.3, 0, 120, -sidewalk - 0.8, 700, -sidewalk - 0.8);
        b.walk(PEDESTRIAN, 1.4, 5, 400, -sidewalk + 0.8, 50, -sidewalk + 0.8);
        b.walk(PEDESTRIAN, 1.2, 0, 300, sidewalk + 0.8, 900, sidewalk + 0.8);
        b.walk(CHILD, 1.2, 0, 301, sidewalk + 0.3, 901, sidewalk + 0.3);
        b.walk(PEDESTRIAN, 1.5, 12, 800, sidewalk - 0.8, 100, sidewalk - 0.8);

        b.drive(CAR, road.lane(0), 150, 12, 12.5);
        b.drive(CAR, road.lane(1), 120, 12, 13);
        b.drive(CYCLIST, road.lane(1), 260, 5.5, 5.5);
        b.drive(VAN, road.lane(1), 330, 11, 12);
        final double[] oncoming = { 300, 420, 560, 700, 900, 1100, 1300, 1500 };
        for (int i = 0; i < oncoming.length; i++)
        {
            b.drive(i % 4 == 3 ? TRUCK : CAR, road.lane(3 + (i % 2)), oncoming[i], 12, 12.5);
        }
        for (final double s : new double[]{ 100, 140, 180, 300, 360, 500 })
        {
            b.placeOnRoad(s == 300 ? VAN : CAR, road, s, -parked, 0);
        }
        for (final double s : new double[]{ 210, 260, 420, 600 })
        {
            b.placeOnRoad(CAR, road, s, parked, Math.PI);
        }
        for (final double s : new double[]{ 90, 190, 290, 390, 490, 590 })
        {
            b.placeOnRoad(POLE, road, s, (s % 200 == 90 ? -1 : 1) * (half - 0.15), 0);
        }
        return b.build("pedestrian-crossing",
            "urban street: pedestrians cross at two zebra crossings as the ego approaches; the ego yields");
    }

    static Scenario pedestrianBehindVan()
    {
        final ScenarioBuilder b = new ScenarioBuilder();
        final Road road = b.road(Road.startingAt("school-rd", 0, 0, 0).straight(1500).build());
        final double half = urban(road, false);
        final double sidewalk = road.lane(7).offsetM();
        final double parked = road.lane(5).offsetM();
        b.ego(road.lane(0), 40, 11, 11, IdmParameters.CAR);
        // A child hidden by a parked van runs out when the ego is 35 m away.
        b.placeOnRoad(VAN, road, 200, -parked, 0);
        b.walk(CHILD, ScenarioBuilder.path(204.2, -parked - 0.2).to(204.2, sidewalk).to(260, sidewalk)
            .build(1.8, 1e9, 35, false));
        for (final double s : new double[]{ 150, 176, 228, 256, 330 })
        {
            b.placeOnRoad(CAR, road, s, -parked, 0);
        }
        for (final double s : new double[]{ 120, 240, 300 })
        {
            b.placeOnRoad(CAR, road, s, parked, Math.PI);
        }
        b.walk(PEDESTRIAN, 1.3, 0, 150, -sidewalk, 600, -sidewalk);
        b.walk(PEDESTRIAN, 1.3, 0, 260, sidewalk + 0.7, 0, sidewalk + 0.7);
        b.walk(PEDESTRIAN, 1.1, 10, 320, sidewalk - 0.7, 700, sidewalk - 0.7);
        b.drive(CAR, road.lane(1), 90, 10, 11);
        final double[] oncoming = { 260, 380, 520, 700, 900 };
        for (int i = 0; i < oncoming.length; i++)
        {
            b.drive(i == 2 ? BUS : CAR, road.lane(3), oncoming[i], 11, 11.5);
        }
        b.place(BARRIER, 420, -parked, 0);
        b.placeOnRoad(POLE, road, 195, -(half - 0.3), 0);
        return b.build("pedestrian-behind-van",
            "urban street: a child hidden by a parked van runs into the road 35 m ahead of the ego");
    }
}
