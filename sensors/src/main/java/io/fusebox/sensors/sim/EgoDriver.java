package io.fusebox.sensors.sim;

/**
 * Decides the ego vehicle's controls. The world calls it once per fixed step, before integrating,
 * with the world as it is at the start of the step; the driver answers through
 * {@link EgoVehicle#command(double, double)}. The default driver follows the ego's lane with the
 * IDM; a closed-loop planner replaces it with {@link World#egoDriver(EgoDriver)}.
 *
 * <p>Must be deterministic (no wall clock, no unseeded randomness) and should not allocate.
 */
@FunctionalInterface
public interface EgoDriver
{
    void drive(World world, EgoVehicle ego);
}
