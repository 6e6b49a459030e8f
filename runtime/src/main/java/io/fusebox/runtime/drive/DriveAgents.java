package io.fusebox.runtime.drive;

import io.fusebox.runtime.bus.Bus;
import org.agrona.concurrent.Agent;
import org.agrona.concurrent.EpochNanoClock;

/**
 * Agents a drive runs beside its own pipeline (a benchmark's planner and latency probe), built once the bus is up
 * and run on threads of their own for the length of the drive.
 */
@FunctionalInterface
public interface DriveAgents
{
    /**
     * @param bus     the drive's bus.
     * @param clock   the clock capture and receive times are stamped with.
     * @param startNs the first capture time of the drive on that clock.
     * @return the agents, in the order a shared thread runs them; closed by the drive when it ends.
     */
    Agent[] create(Bus bus, EpochNanoClock clock, long startNs);
}
