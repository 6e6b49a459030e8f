package io.fusebox.planner.map;

/**
 * The signal that governs a stop line of a {@link LaneMap}: whether traffic must stop there at a message time.
 * A pure function of time (a published fixed-time plan, as V2X signal timing gives), so planning on it stays
 * deterministic; it must not allocate.
 */
@FunctionalInterface
public interface StopSignal
{
    /**
     * @param timeNs message time of the world model being planned on.
     * @return true while the signal is not green.
     */
    boolean isStopRequired(long timeNs);
}
