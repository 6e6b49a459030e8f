package io.fusebox.runtime.drive;

import io.fusebox.runtime.bus.Bus;
import org.agrona.concurrent.Agent;
import org.agrona.concurrent.EpochNanoClock;

/**
 * Agents that watch a drive's pipeline (a benchmark's latency probe), built once the bus is up and run for the length
 * of the drive. On a laptop they ride the pipeline's own thread: the first right after fusion, the others right after
 * the planner, so each sees a stage's output in the duty cycle that published it. A probe on a thread of its own
 * woke every ~160 µs on two cores, each time taking the pipeline's core for a moment, and counted its own wait for a
 * core (up to 470 µs in a trace) as the pipeline's latency. Elsewhere (a board) they share one thread of their own.
 */
@FunctionalInterface
public interface DriveAgents
{
    /**
     * @param bus     the drive's bus.
     * @param clock   the clock capture and receive times are stamped with.
     * @param startNs the first capture time of the drive on that clock.
     * @return the agents: the first watches fusion's output, the others the planner's; closed by the drive when it
     * ends.
     */
    Agent[] create(Bus bus, EpochNanoClock clock, long startNs);
}
