package io.fusebox.sensors.sim;

/**
 * Where the ego vehicle starts (its body centre on {@code lane} at reference arc length
 * {@code startS}), how fast, and how its default driver drives.
 */
record EgoSpec(Lane lane, double startS, double startSpeedMps, double desiredSpeedMps, IdmParameters idm)
{
}
