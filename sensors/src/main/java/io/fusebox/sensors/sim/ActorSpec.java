package io.fusebox.sensors.sim;

/**
 * One actor of a scenario as defined: type, body, and exactly one way of moving (a lane drive, a
 * path walk, or none: standing at x, y, yaw).
 */
record ActorSpec(
    ActorType type,
    double lengthM,
    double widthM,
    double heightM,
    double x,
    double y,
    double yaw,
    LaneDrive drive,
    PathWalk walk)
{
}
