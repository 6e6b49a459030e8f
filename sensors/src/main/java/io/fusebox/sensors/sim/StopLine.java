package io.fusebox.sensors.sim;

/**
 * Where traffic moving in {@code direction} along a road stops when its signal group is not green.
 */
record StopLine(Road road, double s, int direction, int signalGroup)
{
}
