package io.fusebox.sensors.sim;

import java.util.List;

/**
 * A scenario as defined: the road map, the actors with their scripted or reactive motion, and the
 * ego's start. Immutable; each {@link RigSimulator} runs its own {@link World} built from it, so
 * one scenario can drive any number of simulators. Get one from {@link ScenarioCatalog}.
 */
public final class Scenario
{
    private final String name;
    private final String description;
    private final RoadMap map;
    private final List<ActorSpec> actors;
    private final EgoSpec ego;
    private final List<SensorFailure> sensorFailures;

    Scenario(
        final String name,
        final String description,
        final RoadMap map,
        final List<ActorSpec> actors,
        final EgoSpec ego,
        final List<SensorFailure> sensorFailures)
    {
        this.sensorFailures = List.copyOf(sensorFailures);
        this.name = name;
        this.description = description;
        this.map = map;
        this.actors = List.copyOf(actors);
        this.ego = ego;
    }

    public String name()
    {
        return name;
    }

    public String description()
    {
        return description;
    }

    /**
     * @return number of actors, the ego not included.
     */
    public int actorCount()
    {
        return actors.size();
    }

    /**
     * @return the sensors that fail during the scenario, and when.
     */
    public List<SensorFailure> sensorFailures()
    {
        return sensorFailures;
    }

    RoadMap map()
    {
        return map;
    }

    List<ActorSpec> actors()
    {
        return actors;
    }

    EgoSpec ego()
    {
        return ego;
    }

    public String toString()
    {
        return "Scenario{" + name + ", " + actors.size() + " actors}";
    }
}
