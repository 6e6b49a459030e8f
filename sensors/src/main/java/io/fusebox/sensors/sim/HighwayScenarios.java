package io.fusebox.sensors.sim;

import static io.fusebox.sensors.sim.ActorType.CAR;
import static io.fusebox.sensors.sim.ActorType.TRUCK;
import static io.fusebox.sensors.sim.ActorType.VAN;

/**
 * Scenarios on a divided highway: lanes 0..n-1 run with the road (0 the fast, leftmost lane), lanes
 * n..2n-1 against it.
 */
final class HighwayScenarios
{
    static final double LANE_WIDTH_M = 3.7;
    private static final double SPEED_LIMIT_MPS = 36.0;

    private HighwayScenarios()
    {
    }

    static Road highway(final Road road, final int lanesPerDirection)
    {
        for (int i = 0; i < lanesPerDirection; i++)
        {
            road.addLane(-(i + 0.5) * LANE_WIDTH_M, LANE_WIDTH_M, 1, SPEED_LIMIT_MPS, Lane.LaneKind.DRIVING);
        }
        for (int i = 0; i < lanesPerDirection; i++)
        {
            road.addLane((i + 0.5) * LANE_WIDTH_M, LANE_WIDTH_M, -1, SPEED_LIMIT_MPS, Lane.LaneKind.DRIVING);
        }
        return road;
    }

    static Scenario highwayCruise()
    {
        final ScenarioBuilder b = new ScenarioBuilder();
        final Road road = b.road(highway(Road.startingAt("A7", 0, 0, 0)
            .straight(1500).arc(1200, 2500).straight(1500).arc(900, -1800).straight(2000).build(), 3));
        final Lane fast = road.lane(0);
        final Lane middle = road.lane(1);
        final Lane slow = road.lane(2);
        b.ego(middle, 300, 30, 30, IdmParameters.HIGHWAY);
        b.drive(CAR, middle, 370, 29.5, 29.5);
        b.drive(CAR, middle, 520, 29.5, 29.5);
        b.drive(CAR, middle, 230, 30, 31);
        b.drive(CAR, fast, 100, 34, 36);
        b.drive(CAR, fast, 250, 33, 34);
        b.drive(VAN, fast, 330, 32, 33);
        b.drive(CAR, fast, 600, 34, 35);
        b.drive(TRUCK, slow, 280, 24, 24);
        b.drive(CAR, slow, 350, 26, 26);
        b.drive(VAN, slow, 420, 27, 27);
        b.drive(TRUCK, slow, 700, 23, 23);
        b.drive(CAR, road.lane(3), 900, 30, 31);
        b.drive(TRUCK, road.lane(5), 1400, 24, 24);
        b.drive(CAR, road.lane(4), 2100, 28, 29);
        b.drive(CAR, road.lane(3), 2600, 33, 34);
        return b.build("highway-cruise",
            "3+3-lane highway with curves, ego cruising near 30 m/s among 15 cars, vans and trucks");
    }

    static Scenario cutIn()
    {
        final ScenarioBuilder b = new ScenarioBuilder();
        final Road road = b.road(highway(Road.startingAt("A9", 0, 0, 0).straight(5000).build(), 3));
        final Lane fast = road.lane(0);
        final Lane middle = road.lane(1);
        final Lane slow = road.lane(2);
        b.ego(middle, 150, 25, 25, IdmParameters.HIGHWAY);
        b.drive(CAR, middle, 230, 25, 25);
        // Alongside the ego at the start, 3 m/s faster, it cuts in 12 m ahead at 4 s.
        b.drive(CAR, fast, 150, 28, SpeedProfile.constant(28), IdmParameters.HIGHWAY, new LaneChange(4.0, 2.5, 1));
        b.drive(CAR, fast, 60, 30, 31);
        b.drive(CAR, middle, 80, 26, 26);
        b.drive(TRUCK, slow, 200, 22, 22);
        b.drive(CAR, slow, 320, 24, 24);
        b.drive(CAR, road.lane(3), 700, 28, 28);
        b.drive(VAN, road.lane(4), 1100, 26, 26);
        b.drive(CAR, road.lane(3), 1600, 30, 30);
        return b.build("cut-in",
            "highway; a faster car alongside the ego cuts into its lane 12 m ahead at 4 s, the ego brakes");
    }

    static Scenario stoppedVehicle()
    {
        final ScenarioBuilder b = new ScenarioBuilder();
        final Road road = b.road(highway(Road.startingAt("A3", 0, 0, 0).straight(5000).build(), 3));
        final Lane fast = road.lane(0);
        final Lane middle = road.lane(1);
        final Lane slow = road.lane(2);
        b.ego(middle, 150, 27, 27, IdmParameters.HIGHWAY);
        b.drive(CAR, middle, 900, 0, SpeedProfile.constant(0), IdmParameters.HIGHWAY);
        // The ego's lead swerves away late, revealing the broken-down car.
        b.drive(VAN, middle, 210, 27, SpeedProfile.constant(27), IdmParameters.HIGHWAY, new LaneChange(16.0, 3.0, 0));
        b.drive(CAR, middle, 60, 27, 28);
        b.drive(CAR, fast, 100, 30, 31);
        b.drive(CAR, fast, 400, 30, 31);
        b.drive(CAR, fast, 20, 32, 33);
        b.drive(TRUCK, slow, 300, 23, 23);
        b.drive(CAR, slow, 50, 25, 25);
        b.drive(CAR, slow, 600, 24, 24);
        b.drive(CAR, road.lane(3), 1200, 30, 30);
        b.drive(TRUCK, road.lane(5), 1500, 24, 24);
        b.drive(CAR, road.lane(4), 2200, 28, 28);
        return b.build("stopped-vehicle",
            "highway; the lead swerves at 16 s revealing a stopped car in the ego's lane, the ego stops behind it");
    }

    static Scenario stopAndGo()
    {
        final ScenarioBuilder b = new ScenarioBuilder();
        final Road road = b.road(highway(Road.startingAt("A1", 0, 0, 0).straight(1500).arc(800, -1200)
            .straight(2000).build(), 3));
        final SpeedProfile wave = new SpeedProfile(
            new double[]{ 0, 10, 18, 24, 40, 48, 65, 72, 90, 96, 110 },
            new double[]{ 12, 3, 0, 10, 2, 13, 0, 8, 0, 12, 6 });
        final SpeedProfile laterWave = new SpeedProfile(
            new double[]{ 0, 14, 22, 30, 44, 52, 70, 78, 94, 100, 114 },
            new double[]{ 12, 4, 0, 11, 3, 12, 0, 9, 1, 11, 5 });
        final Lane fast = road.lane(0);
        final Lane middle = road.lane(1);
        final Lane slow = road.lane(2);
        b.ego(middle, 200, 10, 20, IdmParameters.CAR);
        b.drive(CAR, middle, 330, 10, wave, IdmParameters.CAR);
        for (int i = 0; i < 5; i++)
        {
            b.drive(i == 2 ? VAN : CAR, middle, 306 - 21 * i, 10, 20);
        }
        b.drive(CAR, middle, 170, 10, 20);
        b.drive(CAR, fast, 340, 10, laterWave, IdmParameters.CAR);
        for (int i = 0; i < 6; i++)
        {
            b.drive(CAR, fast, 315 - 24 * i, 10, 22);
        }
        b.drive(TRUCK, slow, 335, 9, laterWave, IdmParameters.TRUCK);
        b.drive(CAR, slow, 305, 9, 18);
        b.drive(TRUCK, slow, 270, 9, 18);
        b.drive(CAR, slow, 240, 9, 18);
        b.drive(CAR, slow, 210, 9, 18);
        b.drive(CAR, road.lane(3), 800, 25, 25);
        b.drive(CAR, road.lane(4), 1300, 24, 24);
        b.drive(TRUCK, road.lane(5), 1700, 22, 22);
        return b.build("stop-and-go",
            "congested highway: the platoon ahead of the ego (and beside it) stops and goes, the ego follows");
    }

    /**
     * The front long-range radar and the two forward cameras fail at 10 s while the ego follows a lead that
     * then slows from 27 to 18 m/s: fusion must carry on with the LiDAR and the other sensors.
     */
    static Scenario sensorFailure()
    {
        final ScenarioBuilder b = new ScenarioBuilder();
        final Road road = b.road(highway(Road.startingAt("A5", 0, 0, 0).straight(5000).build(), 3));
        final Lane fast = road.lane(0);
        final Lane middle = road.lane(1);
        final Lane slow = road.lane(2);
        b.ego(middle, 150, 27, 27, IdmParameters.HIGHWAY);
        b.drive(CAR, middle, 210, 27, new SpeedProfile(new double[]{ 0, 15 }, new double[]{ 27, 18 }),
            IdmParameters.HIGHWAY);
        b.drive(CAR, fast, 120, 30, 31);
        b.drive(VAN, fast, 300, 30, 30);
        b.drive(TRUCK, slow, 260, 22, 22);
        b.drive(CAR, slow, 100, 24, 24);
        b.drive(CAR, road.lane(3), 900, 28, 28);
        b.drive(TRUCK, road.lane(4), 1400, 24, 24);
        b.failSensors(10.0, 21, 1, 2);
        return b.build("sensor-failure",
            "highway; the front radar and both forward cameras go silent at 10 s, then the lead slows to 18 m/s");
    }
}
