package io.fusebox.runtime.planning;

import io.fusebox.planner.PlannerContext;
import io.fusebox.planner.map.LaneMap;
import org.agrona.concurrent.EpochNanoClock;
import org.agrona.concurrent.SystemEpochNanoClock;

import java.util.concurrent.TimeUnit;

/**
 * Configuration of a {@link PlannerAgent}: the planner's own context, the lanes, when a world model is too old
 * to plan on, and how long without one before the agent stops the vehicle on its own.
 * <p>
 * Setters are fluent; {@link #conclude()} validates every field, naming it and the reason, concludes the
 * planner context, and freezes this one.
 */
public final class PlannerAgentContext
{
    public static final String MAX_WORLD_MODEL_AGE_PROP_NAME = "fusebox.planner.max.world.model.age.ms";
    public static final long MAX_WORLD_MODEL_AGE_DEFAULT_NS = TimeUnit.MILLISECONDS.toNanos(300);
    public static final String MISSING_WORLD_MODEL_TIMEOUT_PROP_NAME = "fusebox.planner.missing.world.model.timeout.ms";
    public static final long MISSING_WORLD_MODEL_TIMEOUT_DEFAULT_NS = TimeUnit.MILLISECONDS.toNanos(300);
    public static final long CONTROLLED_STOP_INTERVAL_DEFAULT_NS = TimeUnit.MILLISECONDS.toNanos(100);
    public static final int FRAGMENT_LIMIT_DEFAULT = 4;

    private boolean isConcluded;
    private PlannerContext plannerContext = new PlannerContext();
    private LaneMap laneMap;
    private long maxWorldModelAgeNs = millisProperty(MAX_WORLD_MODEL_AGE_PROP_NAME, MAX_WORLD_MODEL_AGE_DEFAULT_NS);
    private long missingWorldModelTimeoutNs =
        millisProperty(MISSING_WORLD_MODEL_TIMEOUT_PROP_NAME, MISSING_WORLD_MODEL_TIMEOUT_DEFAULT_NS);
    private long controlledStopIntervalNs = CONTROLLED_STOP_INTERVAL_DEFAULT_NS;
    private EpochNanoClock clock = new SystemEpochNanoClock();
    private int fragmentLimit = FRAGMENT_LIMIT_DEFAULT;

    /**
     * Validates every field and freezes the context (and the planner context).
     *
     * @return this, for chaining.
     * @throws IllegalArgumentException naming the first field that is out of range and why.
     */
    public PlannerAgentContext conclude()
    {
        if (isConcluded)
        {
            return this;
        }
        require(null != plannerContext, "plannerContext", "must be set");
        require(null != laneMap, "laneMap", "must be set (an empty map makes every plan a controlled stop)");
        require(maxWorldModelAgeNs > 0, "maxWorldModelAgeNs", "must be > 0, was " + maxWorldModelAgeNs);
        require(missingWorldModelTimeoutNs > 0, "missingWorldModelTimeoutNs",
            "must be > 0, was " + missingWorldModelTimeoutNs);
        require(controlledStopIntervalNs > 0, "controlledStopIntervalNs", "must be > 0, was " + controlledStopIntervalNs);
        require(fragmentLimit >= 1, "fragmentLimit", "must be >= 1, was " + fragmentLimit);
        plannerContext.conclude();
        require(laneMap.laneCount() <= plannerContext.maxLanes(), "laneMap",
            "has " + laneMap.laneCount() + " lanes, more than plannerContext.maxLanes " + plannerContext.maxLanes());
        isConcluded = true;
        return this;
    }

    public boolean isConcluded()
    {
        return isConcluded;
    }

    public PlannerAgentContext plannerContext(final PlannerContext plannerContext)
    {
        checkMutable();
        this.plannerContext = plannerContext;
        return this;
    }

    public PlannerContext plannerContext()
    {
        return plannerContext;
    }

    public PlannerAgentContext laneMap(final LaneMap laneMap)
    {
        checkMutable();
        this.laneMap = laneMap;
        return this;
    }

    /** The lanes, in the odometry frame of the world models (the frame of their ego pose). */
    public LaneMap laneMap()
    {
        return laneMap;
    }

    public PlannerAgentContext maxWorldModelAgeNs(final long maxWorldModelAgeNs)
    {
        checkMutable();
        this.maxWorldModelAgeNs = maxWorldModelAgeNs;
        return this;
    }

    /**
     * A world model whose time is older than this behind the newest input time the agent knows (the newest
     * capture time any world model reported) is stale: the agent publishes a controlled stop instead of a plan.
     */
    public long maxWorldModelAgeNs()
    {
        return maxWorldModelAgeNs;
    }

    public PlannerAgentContext missingWorldModelTimeoutNs(final long missingWorldModelTimeoutNs)
    {
        checkMutable();
        this.missingWorldModelTimeoutNs = missingWorldModelTimeoutNs;
        return this;
    }

    /**
     * With no world model for this long on the {@link #clock()}, the agent publishes controlled stops, one every
     * {@link #controlledStopIntervalNs()}, until world models return.
     */
    public long missingWorldModelTimeoutNs()
    {
        return missingWorldModelTimeoutNs;
    }

    public PlannerAgentContext controlledStopIntervalNs(final long controlledStopIntervalNs)
    {
        checkMutable();
        this.controlledStopIntervalNs = controlledStopIntervalNs;
        return this;
    }

    public long controlledStopIntervalNs()
    {
        return controlledStopIntervalNs;
    }

    public PlannerAgentContext clock(final EpochNanoClock clock)
    {
        checkMutable();
        this.clock = clock;
        return this;
    }

    /**
     * The clock the missing-world-model watchdog reads: the sensors' clock, as the Sequencer's. Null turns the
     * watchdog off (replay, where only message time may decide anything). Plans never read it.
     */
    public EpochNanoClock clock()
    {
        return clock;
    }

    public PlannerAgentContext fragmentLimit(final int fragmentLimit)
    {
        checkMutable();
        this.fragmentLimit = fragmentLimit;
        return this;
    }

    /** World-model fragments taken per duty cycle: bounds one doWork at a few planning cycles. */
    public int fragmentLimit()
    {
        return fragmentLimit;
    }

    public String toString()
    {
        return "PlannerAgentContext{maxWorldModelAgeNs=" + maxWorldModelAgeNs + ", missingWorldModelTimeoutNs=" +
            missingWorldModelTimeoutNs + ", controlledStopIntervalNs=" + controlledStopIntervalNs + ", fragmentLimit=" +
            fragmentLimit + ", laneMap=" + laneMap + ", " + plannerContext + "}";
    }

    private void checkMutable()
    {
        if (isConcluded)
        {
            throw new IllegalStateException("PlannerAgentContext is concluded; it cannot change");
        }
    }

    private static void require(final boolean condition, final String field, final String reason)
    {
        if (!condition)
        {
            throw new IllegalArgumentException("PlannerAgentContext." + field + " " + reason);
        }
    }

    private static long millisProperty(final String name, final long defaultNs)
    {
        final String value = System.getProperty(name);
        return null == value ? defaultNs : TimeUnit.MILLISECONDS.toNanos(Long.parseLong(value));
    }
}
