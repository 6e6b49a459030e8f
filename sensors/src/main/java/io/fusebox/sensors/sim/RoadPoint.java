package io.fusebox.sensors.sim;

/**
 * Scratch result of a road query: a point with its Frenet coordinates (s along the reference line,
 * d to its left) and the reference line's heading and curvature there. Reused, never retained.
 */
final class RoadPoint
{
    double x;
    double y;
    double s;
    double d;
    double heading;
    double cosHeading;
    double sinHeading;
    double curvature;
}
