package io.fusebox.sensors.rig;

/**
 * A radar: field of view (rad), range, capacity of one scan, measurement noise and clutter.
 */
public record RadarSpec(
    double hfovRad,
    double vfovRad,
    double maxRangeM,
    int maxDetections,
    double rangeStdM,
    double azimuthStdRad,
    double velocityStdMps,
    double clutterPerScan)
{
}
