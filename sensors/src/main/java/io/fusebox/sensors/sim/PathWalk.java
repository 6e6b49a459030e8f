package io.fusebox.sensors.sim;

/**
 * Motion along a polyline at a steady speed, standing at the first waypoint until the start time
 * or until the ego comes within {@code triggerDistanceM} of that waypoint, whichever is first (the
 * trigger keeps a scripted encounter an encounter whatever the ego's driver does). A waypoint with
 * a gate (a signal head, or null for none) is a kerb: the walker waits there until its signal shows
 * green with enough green left to cross the next segment.
 */
record PathWalk(
    double[] xs,
    double[] ys,
    SignalHead[] gates,
    double speedMps,
    double startTimeS,
    double triggerDistanceM,
    boolean loop)
{
    PathWalk
    {
        if (xs.length < 2 || xs.length != ys.length || gates.length != xs.length)
        {
            throw new IllegalArgumentException("a path needs at least two waypoints, with a gate entry each");
        }
        xs = xs.clone();
        ys = ys.clone();
        gates = gates.clone();
    }
}
