package io.fusebox.sensors.sim;

/**
 * Where traffic moving in {@code direction} along a road stops when its signal is not green.
 */
record StopLine(Road road, double s, int direction, SignalHead signal)
{
}
