package io.fusebox.sensors.sim;

import io.fusebox.sensors.codec.ObjectClass;

/**
 * What is really there, for tests, benchmarks and scoring fusion: every actor and the ego, at the
 * time the sensors last sampled the world (the capture time of the message last encoded).
 *
 * <p>World frame: x east, y north, z up, metres; yaw counter-clockwise from x. Actor positions are
 * the centres of their boxes (z is half the height). The ego's pose is its vehicle frame's origin:
 * the rear-axle centre on the ground. The {@code vehicle*} accessors express the same things in
 * the ego's vehicle frame at that time (x forward, y left); their velocities are over the ground,
 * rotated into the vehicle frame. A view: it allocates nothing and changes as the world advances.
 */
public final class GroundTruth implements GroundTruthView
{
    private final World world;
    private final Actor[] actors;
    private final EgoVehicle ego;

    GroundTruth(final World world)
    {
        this.world = world;
        this.actors = world.actors;
        this.ego = world.ego;
    }

    /** @return simulation time of this truth, ns since drive start. */
    public long timeNs()
    {
        return world.sampleTimeNs();
    }

    public int actorCount()
    {
        return actors.length;
    }

    /** @return the actor's id: stable for the drive, 1 and up (the ego is 0). */
    public int actorId(final int index)
    {
        return actors[index].id;
    }

    public ObjectClass objectClass(final int index)
    {
        return actors[index].type.objectClass;
    }

    /**
     * @return true for walls and pillars: scenery the range sensors see, not objects a camera reports.
     */
    public boolean isStructure(final int index)
    {
        return actors[index].type.structure;
    }

    public double x(final int index)
    {
        return actors[index].sampleX;
    }

    public double y(final int index)
    {
        return actors[index].sampleY;
    }

    public double z(final int index)
    {
        return actors[index].height / 2;
    }

    public double yaw(final int index)
    {
        return actors[index].sampleYaw;
    }

    public double vx(final int index)
    {
        return actors[index].vx;
    }

    public double vy(final int index)
    {
        return actors[index].vy;
    }

    public double speed(final int index)
    {
        final Actor actor = actors[index];
        return Math.sqrt(actor.vx * actor.vx + actor.vy * actor.vy);
    }

    public double yawRate(final int index)
    {
        return actors[index].yawRate;
    }

    public double length(final int index)
    {
        return actors[index].length;
    }

    public double width(final int index)
    {
        return actors[index].width;
    }

    public double height(final int index)
    {
        return actors[index].height;
    }

    public double egoX()
    {
        return ego.sampleX;
    }

    public double egoY()
    {
        return ego.sampleY;
    }

    public double egoYaw()
    {
        return ego.sampleYaw;
    }

    public double egoSpeed()
    {
        return ego.sampleSpeed;
    }

    public double egoVx()
    {
        return ego.sampleSpeed * ego.sampleCos;
    }

    public double egoVy()
    {
        return ego.sampleSpeed * ego.sampleSin;
    }

    public double egoYawRate()
    {
        return ego.yawRate;
    }

    public double egoAcceleration()
    {
        return ego.acceleration;
    }

    public double egoSteeringAngle()
    {
        return ego.steeringAngle;
    }

    public double egoLength()
    {
        return ego.length;
    }

    public double egoWidth()
    {
        return ego.width;
    }

    /** @return vehicle-frame x of a world point. */
    public double toVehicleX(final double worldX, final double worldY)
    {
        return (worldX - ego.sampleX) * ego.sampleCos + (worldY - ego.sampleY) * ego.sampleSin;
    }

    /** @return vehicle-frame y of a world point. */
    public double toVehicleY(final double worldX, final double worldY)
    {
        return -(worldX - ego.sampleX) * ego.sampleSin + (worldY - ego.sampleY) * ego.sampleCos;
    }

    public double vehicleX(final int index)
    {
        return toVehicleX(x(index), y(index));
    }

    public double vehicleY(final int index)
    {
        return toVehicleY(x(index), y(index));
    }

    public double vehicleYaw(final int index)
    {
        return Angles.wrap(actors[index].sampleYaw - ego.sampleYaw);
    }

    public double vehicleVx(final int index)
    {
        return actors[index].vx * ego.sampleCos + actors[index].vy * ego.sampleSin;
    }

    public double vehicleVy(final int index)
    {
        return -actors[index].vx * ego.sampleSin + actors[index].vy * ego.sampleCos;
    }

    /** @return the index of the actor with this id, or -1. */
    public int indexOf(final int actorId)
    {
        final int index = actorId - 1;
        return index >= 0 && index < actors.length ? index : -1;
    }
}
