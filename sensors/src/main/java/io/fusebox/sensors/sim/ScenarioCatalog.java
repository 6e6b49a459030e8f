package io.fusebox.sensors.sim;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The named scenarios a simulated drive can run.
 */
public final class ScenarioCatalog
{
    private static final Map<String, Supplier<Scenario>> SCENARIOS = new LinkedHashMap<>();

    static
    {
        SCENARIOS.put("highway-cruise", HighwayScenarios::highwayCruise);
        SCENARIOS.put("cut-in", HighwayScenarios::cutIn);
        SCENARIOS.put("stopped-vehicle", HighwayScenarios::stoppedVehicle);
        SCENARIOS.put("stop-and-go", HighwayScenarios::stopAndGo);
        SCENARIOS.put("pedestrian-crossing", UrbanScenarios::pedestrianCrossing);
        SCENARIOS.put("pedestrian-behind-van", UrbanScenarios::pedestrianBehindVan);
        SCENARIOS.put("urban-intersection", UrbanScenarios::urbanIntersection);
        SCENARIOS.put("parking", ParkingScenario::parking);
        SCENARIOS.put("sensor-failure", HighwayScenarios::sensorFailure);
    }

    private ScenarioCatalog()
    {
    }

    /**
     * @return the scenario names, in a fixed order.
     */
    public static List<String> names()
    {
        return List.copyOf(SCENARIOS.keySet());
    }

    /**
     * @throws IllegalArgumentException naming the known scenarios when there is no such scenario.
     */
    public static Scenario byName(final String name)
    {
        final Supplier<Scenario> factory = null == name ? null : SCENARIOS.get(name);
        if (null == factory)
        {
            throw new IllegalArgumentException(
                "unknown scenario '" + name + "'; known scenarios: " + String.join(", ", SCENARIOS.keySet()));
        }
        return factory.get();
    }
}
