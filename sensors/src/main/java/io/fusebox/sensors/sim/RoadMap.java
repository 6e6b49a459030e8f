package io.fusebox.sensors.sim;

import java.util.List;

/**
 * The static world: roads with their lanes, stop lines, and the signal plan that governs them
 * (null where a scenario has no signals).
 */
record RoadMap(List<Road> roads, List<StopLine> stopLines, SignalPlan signals)
{
    RoadMap
    {
        roads = List.copyOf(roads);
        stopLines = List.copyOf(stopLines);
    }
}
