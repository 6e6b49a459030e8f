package io.fusebox.sensors.sim;

/**
 * The default ego driver: IDM along the ego's lane against whatever is ahead, and pure pursuit of
 * the lane's centreline for steering.
 */
final class LaneFollowingDriver implements EgoDriver
{
    private final double desiredSpeed;
    private final IdmParameters idm;
    private final RoadPoint target = new RoadPoint();

    LaneFollowingDriver(final double desiredSpeed, final IdmParameters idm)
    {
        this.desiredSpeed = desiredSpeed;
        this.idm = idm;
    }

    public void drive(final World world, final EgoVehicle ego)
    {
        final double acceleration = world.egoLaneAcceleration(desiredSpeed, idm);
        final Lane lane = ego.lane;
        final double lookahead = Math.max(6.0, 0.9 * ego.speed);
        lane.centre(ego.s + lane.direction() * lookahead, target);
        final double dx = target.x - ego.x;
        final double dy = target.y - ego.y;
        final double lx = dx * ego.cosYaw + dy * ego.sinYaw;
        final double ly = -dx * ego.sinYaw + dy * ego.cosYaw;
        final double curvature = 2 * ly / (lx * lx + ly * ly);
        ego.command(acceleration, StrictMath.atan(curvature * ego.wheelbase));
    }
}
