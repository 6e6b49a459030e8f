package io.fusebox.sensors.sim;

/**
 * What scoring a world model needs of ground truth: every actor in the ego's vehicle frame at one instant
 * (positions of box centres, yaw, velocities over the ground in vehicle axes), with its size and whether it is
 * scenery. {@link GroundTruth} is the live view; {@link GroundTruthFrame} a copy kept for later.
 */
public interface GroundTruthView
{
    /** @return simulation time of this truth, ns since drive start. */
    long timeNs();

    int actorCount();

    /** @return the actor's id: stable for the drive, 1 and up. */
    int actorId(int index);

    /** @return true for walls and pillars. */
    boolean isStructure(int index);

    double length(int index);

    double width(int index);

    double vehicleX(int index);

    double vehicleY(int index);

    double vehicleYaw(int index);

    double vehicleVx(int index);

    double vehicleVy(int index);
}
