package io.fusebox.sensors.sim;

/**
 * Scratch planar pose (x, y, yaw with its cosine and sine). Reused, never retained.
 */
final class Pose
{
    double x;
    double y;
    double yaw;
    double cos = 1;
    double sin;
}
