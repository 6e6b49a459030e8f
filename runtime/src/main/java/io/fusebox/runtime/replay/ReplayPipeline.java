package io.fusebox.runtime.replay;

import io.fusebox.replay.log.DriveLogHeader;
import io.fusebox.runtime.bus.Bus;
import org.agrona.concurrent.Agent;

import java.util.List;

/**
 * The hook through which replay runs the code under test: the agents that consume the fusion input and
 * publish world models and trajectories (fusion, the planner), made on the replay's own bus exactly as a
 * drive makes them. Replay publishes the recorded fusion input on the bus's fusion-input stream, runs
 * these agents on the bus's profile threads, and (with {@code --verify}) compares what they publish on
 * the world-model and trajectory streams with what was recorded.
 *
 * <p>Agents subscribe in their constructors, so that they see the first message replayed. Agents are
 * closed by replay when it ends, in reverse order.
 */
@FunctionalInterface
public interface ReplayPipeline
{
    /** No pipeline: the fusion input is replayed onto the bus and counted; nothing produces outputs. */
    ReplayPipeline NONE = (bus, header) -> List.of();

    /**
     * @param bus    the replay's bus, its rig the recorded one.
     * @param header of the drive log being replayed (scenario, seed, rig).
     * @return the agents to run, in order; empty for none.
     */
    List<? extends Agent> newAgents(Bus bus, DriveLogHeader header);
}
