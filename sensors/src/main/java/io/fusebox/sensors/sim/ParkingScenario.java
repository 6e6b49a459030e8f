package io.fusebox.sensors.sim;

import static io.fusebox.sensors.sim.ActorType.CAR;
import static io.fusebox.sensors.sim.ActorType.PEDESTRIAN;
import static io.fusebox.sensors.sim.ActorType.PILLAR;
import static io.fusebox.sensors.sim.ActorType.VAN;
import static io.fusebox.sensors.sim.ActorType.WALL;

/**
 * A parking garage: one 6 m aisle along x with a row of perpendicular bays on each side, pillars
 * between bays near the aisle, walls behind the rows and at both ends. The ego creeps along the
 * aisle close enough to parked cars and pillars for its ultrasonics, and stops before the end wall.
 */
final class ParkingScenario
{
    static final double AISLE_LENGTH_M = 160;
    static final double AISLE_HALF_WIDTH_M = 3.0;
    static final double BAY_WIDTH_M = 2.6;
    static final double BAY_DEPTH_M = 5.0;
    static final double FIRST_BAY_X = 10;
    static final int BAYS_PER_ROW = 54;
    private static final double WALL_SEGMENT_M = 20;

    private ParkingScenario()
    {
    }

    static Scenario parking()
    {
        final ScenarioBuilder b = new ScenarioBuilder();
        final Road aisle = b.road(Road.startingAt("aisle-B", 0, 0, 0).straight(AISLE_LENGTH_M).build());
        final Lane inbound = aisle.addLane(-AISLE_HALF_WIDTH_M / 2, AISLE_HALF_WIDTH_M, 1, 3, Lane.LaneKind.DRIVING);
        final Lane outbound = aisle.addLane(AISLE_HALF_WIDTH_M / 2, AISLE_HALF_WIDTH_M, -1, 3, Lane.LaneKind.DRIVING);
        b.ego(inbound, 6, 0, 1.5, IdmParameters.CREEP);

        final double rowFar = AISLE_HALF_WIDTH_M + BAY_DEPTH_M;
        for (int side = -1; side <= 1; side += 2)
        {
            for (int k = 0; k < BAYS_PER_ROW; k++)
            {
                final double bayX = FIRST_BAY_X + BAY_WIDTH_M * (k + 0.5);
                final boolean occupied = (k * 7 + (side > 0 ? 3 : 0)) % 10 < 7 && !(side < 0 && k == 19);
                if (occupied)
                {
                    // Nose-in and reversed-in cars, not all centred: real bays are never tidy.
                    final ActorType type = k % 9 == 4 ? VAN : CAR;
                    final double inset = type == VAN ? 0.2 : 0.25 + 0.1 * ((k * 3) % 4);
                    final double shift = 0.02 * ((k * 3) % 5 - 2);
                    final double y = side * (AISLE_HALF_WIDTH_M + inset + type.lengthM / 2);
                    final double yaw = (k % 3 == 0 ? 1 : -1) * side * Math.PI / 2;
                    b.place(type, bayX + shift, y, yaw);
                }
                if (k % 3 == 0)
                {
                    b.place(PILLAR, FIRST_BAY_X + BAY_WIDTH_M * k, side * (AISLE_HALF_WIDTH_M + 0.6), 0);
                }
            }
            for (double x = 0; x < AISLE_LENGTH_M + 2; x += WALL_SEGMENT_M)
            {
                final double length = Math.min(WALL_SEGMENT_M, AISLE_LENGTH_M + 2 - x);
                b.place(WALL, x + length / 2, side * (rowFar + 1.0), 0, length, 0.3, 3.0);
            }
        }
        b.place(WALL, AISLE_LENGTH_M + 2, 0, Math.PI / 2, 2 * rowFar + 2.3, 0.3, 3.0);
        b.place(WALL, 1.0, 0, Math.PI / 2, 2 * rowFar + 2.3, 0.3, 3.0);

        // Someone walks out of the empty bay 19 into the aisle as the ego comes near.
        final double gapX = FIRST_BAY_X + BAY_WIDTH_M * 19.5;
        b.walk(PEDESTRIAN, ScenarioBuilder.path(gapX, -rowFar + 1).to(gapX, 1.2).to(gapX - 40, 1.2)
            .build(1.2, 1e9, 14, false));
        // Another walks towards the ego along the far side of the aisle, a car creeping behind them.
        b.walk(PEDESTRIAN, 1.3, 0, 150, AISLE_HALF_WIDTH_M - 0.7, 5, AISLE_HALF_WIDTH_M - 0.7);
        b.drive(CAR, outbound, 158, 1.5, SpeedProfile.constant(2.5), IdmParameters.CREEP);
        return b.build("parking",
            "parking garage: the ego creeps along an aisle between parked cars, pillars and walls, " +
            "yields to a pedestrian and stops before the end wall");
    }
}
