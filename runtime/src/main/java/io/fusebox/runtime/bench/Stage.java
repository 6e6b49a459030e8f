package io.fusebox.runtime.bench;

/**
 * The stages the latency harness measures, each from the intended send time of the newest sensor input it
 * concerns, so a stall anywhere before it shows up in its figures (no coordinated omission).
 */
public enum Stage
{
    /** Capture time to the Sequencer's receive time: sensor publish and the sequencer hop. */
    SEQUENCER("sequencer"),
    /** Newest capture time a world model used to the world model's arrival: through fusion. */
    FUSION("fusion"),
    /** A world model's arrival to the arrival of the trajectory planned from it: the planner hop. */
    PLANNER("planner"),
    /** Newest capture time a trajectory used to the trajectory's arrival: sensors to plan. */
    END_TO_END("endToEnd");

    private final String jsonName;

    Stage(final String jsonName)
    {
        this.jsonName = jsonName;
    }

    /**
     * @return the stage's name in the summary JSON and the report's file names.
     */
    public String jsonName()
    {
        return jsonName;
    }
}
