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
     * A 2+2-lane main street (parking lanes) crossed by two 2+2-lane streets (bike lanes) 450 m
     * apart, each crossing under its own fixed-time signal; everyone goes straight through. The ego
     * meets red at both, so it spends the drive among traffic rather than leaving it behind.
     */
    static Scenario urbanIntersection()
    {
        final ScenarioBuilder b = new ScenarioBuilder();
        final Road main = b.road(Road.startingAt("main-st", -REACH_M, 0, 0).straight(2 * REACH_M).build());
        final double mainHalf = urban(main, false);
        final double sidewalk = main.lane(7).offsetM();
        b.ego(main.lane(0), REACH_M - 150, 11, 13, IdmParameters.CAR);

        // Main street green (group 0) from 25 s at the first crossing, from 87 s at the second.
        crossing(b, main, mainHalf, 0, "cross-st", new SignalPlan(30, 3, 2, 45), 0);
        crossing(b, main, mainHalf, 450, "second-st", new SignalPlan(30, 3, 2, 53), 1);

        // Main-street traffic, spaced out so that arrivals continue for the whole drive.
        approach(b, main.lane(0), REACH_M - 150, new double[]{ 30, 60, -50, -150, -300, -450, -600, -750, -900 }, 1);
        approach(b, main.lane(1), REACH_M - 150, new double[]{ 20, 60, -70, -200, -350, -500, -650, -800, -950 }, 2);
        approach(b, main.lane(3), REACH_M, new double[]{ 50, 180, 320, 400, 550, 650, 850, 1050 }, 3);
        approach(b, main.lane(4), REACH_M, new double[]{ 100, 250, 360, 520, 750, 950 }, 4);

        // People along the main street who stay on their side.
        b.walk(PEDESTRIAN, 1.2, 0, -20, -sidewalk - 0.5, -300, -sidewalk - 0.5);
        b.walk(CHILD, 1.2, 0, -21, -sidewalk - 0.8, -301, -sidewalk - 0.8);
        b.walk(PEDESTRIAN, 1.3, 3, 300, -sidewalk - 0.5, 20, -sidewalk - 0.5);
        b.walk(PEDESTRIAN, 1.4, 0, 180, sidewalk - 0.5, 420, sidewalk - 0.5);
        b.walk(PEDESTRIAN, 1.25, 6, 260, sidewalk - 0.5, 425, sidewalk - 0.5);
        b.place(PEDESTRIAN, 25, sidewalk + 1.15, -Math.PI / 2);
        b.place(PEDESTRIAN, 25.8, sidewalk + 1.15, Math.PI);
        b.place(PEDESTRIAN, 230, -sidewalk - 1.15, Math.PI / 2);

        // Parked cars, street lights and a small roadworks site in the parking lanes.
        final double parkedY = main.lane(2).offsetM();
        for (final double x : new double[]{ -50, -76, -101, -160, 100, 126, 250, 300 })
        {
            b.place(x == -101 || x == 250 ? VAN : CAR, x, parkedY, 0);
        }
        for (final double x : new double[]{ 45, 70, 120, 150, 200, 330 })
        {
            b.place(CAR, x, -parkedY, Math.PI);
        }
        for (final double x : new double[]{ -90, -40, 40, 90, 225, 360, 410, 490, 540 })
        {
            b.place(POLE, x, mainHalf - 0.15, 0);
            b.place(POLE, x, -(mainHalf - 0.15), 0);
        }
        b.place(BARRIER, -200, parkedY, 0);
        b.place(BARRIER, -202.2, parkedY, 0);
        for (int i = 0; i < 3; i++)
        {
            b.place(CONE, -206 - 2.0 * i, parkedY + 0.3 * i, 0);
        }
        return b.build("urban-intersection",
            "busy city main street with two signalised crossings: ~100 vehicles on every approach, cyclists, " +
            "pedestrians on sidewalks and crosswalks, parked cars, poles, roadworks; the ego waits at red twice");
    }

    private static final double REACH_M = 1600;

    /**
     * A cross street at {@code crossX} with its signal (group 0 the main street, group 1 the cross
     * street), stop lines, approaching traffic, cyclists, pedestrians crossing both ways, and poles.
     */
    private static void crossing(
        final ScenarioBuilder b,
        final Road main,
        final double mainHalf,
        final double crossX,
        final String name,
        final SignalPlan plan,
        final int variant)
    {
        final Road cross = b.road(Road.startingAt(name, crossX, -REACH_M, Math.PI / 2).straight(2 * REACH_M).build());
        final double crossHalf = urban(cross, true);
        final double mainSidewalk = main.lane(7).offsetM();
        final double crossSidewalk = cross.lane(7).offsetM();
        final SignalHead mainSignal = new SignalHead(plan, 0);
        final SignalHead crossSignal = new SignalHead(plan, 1);
        // Crosswalks continue the sidewalks across the other street; stop lines sit just before them.
        final double mainStop = crossHalf + 1.5;
        final double crossStop = mainHalf + 1.5;
        b.stopLine(main, REACH_M + crossX - mainStop, 1, mainSignal);
        b.stopLine(main, REACH_M + crossX + mainStop, -1, mainSignal);
        b.stopLine(cross, REACH_M - crossStop, 1, crossSignal);
        b.stopLine(cross, REACH_M + crossStop, -1, crossSignal);

        final double shift = 35 * variant;
        approach(b, cross.lane(0), REACH_M - shift, new double[]{ -40, -120, -220, -350, -500, -650, -800, -950 }, 5 + variant);
        approach(b, cross.lane(1), REACH_M - shift, new double[]{ -60, -150, -270, -400, -550, -700, -850 }, 6 + variant);
        approach(b, cross.lane(3), REACH_M + shift, new double[]{ 40, 140, 270, 400, 550, 700, 850 }, 7 + variant);
        approach(b, cross.lane(4), REACH_M + shift, new double[]{ 60, 190, 350, 500, 650, 800 }, 8 + variant);
        b.drive(CYCLIST, cross.lane(2), REACH_M - 100 - shift, 5, 5.5);
        b.drive(CYCLIST, cross.lane(2), REACH_M - 300, 5, 5);
        b.drive(CYCLIST, cross.lane(5), REACH_M + 80 + shift, 5, 5.5);
        b.drive(CYCLIST, cross.lane(5), REACH_M + 260, 5, 4.5);

        // Pedestrians along the sidewalks, crossing the other street when their signal allows.
        final double kerbX = crossHalf + 0.4;
        final double kerbY = mainHalf + 0.4;
        final double south = -mainSidewalk + 0.5;
        final double north = mainSidewalk + 0.5;
        for (final double[] w : new double[][]{ { -60, 0 }, { -110, 10 }, { -170, 0 }, { -30, 25 } })
        {
            b.walk(PEDESTRIAN, ScenarioBuilder.path(crossX + w[0], south).to(crossX - kerbX, south).gate(mainSignal)
                .to(crossX + kerbX, south).to(crossX + 200, south).build(1.3 + 0.05 * (w[0] % 4), w[1], Double.NaN, false));
        }
        for (final double[] w : new double[][]{ { 80, 0 }, { 140, 5 }, { 40, 20 } })
        {
            b.walk(PEDESTRIAN, ScenarioBuilder.path(crossX + w[0], north).to(crossX + kerbX, north).gate(mainSignal)
                .to(crossX - kerbX, north).to(crossX - (variant == 0 ? 400 : 200), north).build(1.4, w[1], Double.NaN, false));
        }
        final double east = crossSidewalk - 0.5;
        final double west = -crossSidewalk + 0.5;
        for (final double[] w : new double[][]{ { -70, 0 }, { -120, 0 }, { -40, 15 } })
        {
            b.walk(PEDESTRIAN, ScenarioBuilder.path(crossX + east, w[0]).to(crossX + east, -kerbY).gate(crossSignal)
                .to(crossX + east, kerbY).to(crossX + east, 400).build(1.35, w[1], Double.NaN, false));
        }
        for (final double[] w : new double[][]{ { 60, 0 }, { 110, 8 } })
        {
            b.walk(PEDESTRIAN, ScenarioBuilder.path(crossX + west, w[0]).to(crossX + west, kerbY).gate(crossSignal)
                .to(crossX + west, -kerbY).to(crossX + west, -400).build(1.45, w[1], Double.NaN, false));
        }
        for (final double sx : new double[]{ -1, 1 })
        {
            for (final double sy : new double[]{ -1, 1 })
            {
                b.place(POLE, crossX + sx * (crossHalf + 1.2), sy * (mainHalf + 1.0), 0);
            }
        }
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
