package io.fusebox.runtime.planning;

import io.fusebox.sensors.sim.EgoDriver;
import io.fusebox.sensors.sim.EgoVehicle;
import io.fusebox.sensors.sim.World;

/**
 * The simulated ego's driver when the planner takes the wheel part-way: the scenario's own driver drives until
 * the handover time while the {@link TrajectoryFollower} watches (poses, actuator state), then the follower
 * drives. A scenario starts with the ego already moving; handing over once fusion's tracks are confirmed is how
 * an automated vehicle engages, rather than planning on a perception that has seen the world for 100 ms.
 */
public final class Handover implements EgoDriver
{
    /** When the planner takes the wheel: as fusion's scoring starts, once tracks are confirmed and moving. */
    public static final long DEFAULT_HANDOVER_SIM_TIME_NS = 2_000_000_000L;

    private final EgoDriver scenarioDriver;
    private final TrajectoryFollower follower;
    private final long handoverSimTimeNs;

    /**
     * @param scenarioDriver    the world's driver before (see {@link World#egoDriver()}).
     * @param follower          the driver after.
     * @param handoverSimTimeNs simulation time from which the follower drives.
     */
    public Handover(final EgoDriver scenarioDriver, final TrajectoryFollower follower, final long handoverSimTimeNs)
    {
        this.scenarioDriver = scenarioDriver;
        this.follower = follower;
        this.handoverSimTimeNs = handoverSimTimeNs;
    }

    /**
     * Installs a handover as {@code world}'s ego driver.
     */
    public static void install(final World world, final TrajectoryFollower follower, final long handoverSimTimeNs)
    {
        world.egoDriver(new Handover(world.egoDriver(), follower, handoverSimTimeNs));
    }

    public void drive(final World world, final EgoVehicle ego)
    {
        if (world.timeNs() < handoverSimTimeNs)
        {
            scenarioDriver.drive(world, ego);
            follower.observe(world, ego);
        }
        else
        {
            follower.drive(world, ego);
        }
    }
}
