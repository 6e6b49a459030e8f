package io.fusebox.sensors.sim;

/**
 * A scripted lane change: from {@code startS} (simulation time) the actor moves laterally into
 * {@code targetLane} of the same road over {@code durationS}, on a smooth (quintic) profile.
 */
record LaneChange(double startS, double durationS, int targetLane)
{
}
