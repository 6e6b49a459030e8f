package io.fusebox.sensors.sim;

import java.util.List;

/**
 * The static world: roads with their lanes, and the signalised stop lines on them.
 */
record RoadMap(List<Road> roads, List<StopLine> stopLines)
{
    RoadMap
    {
        roads = List.copyOf(roads);
        stopLines = List.copyOf(stopLines);
    }
}
