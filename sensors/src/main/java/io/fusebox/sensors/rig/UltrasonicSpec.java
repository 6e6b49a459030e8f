package io.fusebox.sensors.rig;

/**
 * An ultrasonic sensor: a wide cone that reports the nearest echo within its range.
 */
public record UltrasonicSpec(double fovRad, double minRangeM, double maxRangeM, double rangeStdM)
{
}
