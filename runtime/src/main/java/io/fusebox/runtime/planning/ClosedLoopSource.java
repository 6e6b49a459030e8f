package io.fusebox.runtime.planning;

import io.aeron.Subscription;
import io.fusebox.sensors.message.SensorMessageSource;
import io.fusebox.sensors.sim.RigSimulator;
import org.agrona.MutableDirectBuffer;

/**
 * The simulated rig with its ego driven by the planner: before each message is encoded (which steps the world to
 * its capture time), the trajectories that have arrived on the bus go to the {@link TrajectoryFollower} that drives
 * the simulator's ego. Runs on the thread that publishes the rig, so the world and its driver have one thread.
 *
 * <p>Live, the ego's motion depends on when trajectories arrive, so a closed-loop drive is reproducible only as a
 * recording (its fusion input), not by running the scenario again; lock-step runs feed the follower directly.
 */
public final class ClosedLoopSource implements SensorMessageSource
{
    /** Trajectories taken per message at most: more than one per message never arrive at 10 Hz. */
    private static final int TRAJECTORY_FRAGMENT_LIMIT = 4;

    private final RigSimulator simulator;
    private final TrajectoryFollower follower;
    private final Subscription trajectories;

    /**
     * @param simulator    the rig; its world's ego driver hands over to {@code follower} ({@link Handover}).
     * @param follower     drives the ego along the latest trajectory.
     * @param trajectories the trajectory stream; closed by the caller.
     */
    public ClosedLoopSource(
        final RigSimulator simulator, final TrajectoryFollower follower, final Subscription trajectories)
    {
        this.simulator = simulator;
        this.follower = follower;
        this.trajectories = trajectories;
        Handover.install(simulator.world(), follower, Handover.DEFAULT_HANDOVER_SIM_TIME_NS);
    }

    public long nextCaptureTimeNs()
    {
        return simulator.nextCaptureTimeNs();
    }

    public int nextSensorIndex()
    {
        return simulator.nextSensorIndex();
    }

    public int encodeNext(final MutableDirectBuffer buffer, final int offset)
    {
        trajectories.poll(follower, TRAJECTORY_FRAGMENT_LIMIT);
        return simulator.encodeNext(buffer, offset);
    }

    public TrajectoryFollower follower()
    {
        return follower;
    }
}
