package io.fusebox.runtime.fusion.frames;

import io.fusebox.sensors.rig.MountPose;

/**
 * A sensor's mounting as a rigid transform from its frame to the vehicle frame, from the rig's
 * {@link MountPose}. The result of the last {@link #toVehicle} is left in {@link #x()},
 * {@link #y()}, {@link #z()}, so transforming a point allocates nothing.
 */
public final class MountTransform
{
    private final double[] rotation;
    private final double tx;
    private final double ty;
    private final double tz;
    private final double yaw;
    private double x;
    private double y;
    private double z;

    public MountTransform(final MountPose pose)
    {
        this.rotation = pose.rotation();
        this.tx = pose.x();
        this.ty = pose.y();
        this.tz = pose.z();
        this.yaw = pose.yaw();
    }

    /**
     * Transforms a point from the sensor frame to the vehicle frame.
     */
    public void toVehicle(final double sensorX, final double sensorY, final double sensorZ)
    {
        final double[] r = rotation;
        x = tx + r[0] * sensorX + r[1] * sensorY + r[2] * sensorZ;
        y = ty + r[3] * sensorX + r[4] * sensorY + r[5] * sensorZ;
        z = tz + r[6] * sensorX + r[7] * sensorY + r[8] * sensorZ;
    }

    /**
     * Rotates a direction from the sensor frame to the vehicle frame (no translation).
     */
    public void directionToVehicle(final double sensorX, final double sensorY, final double sensorZ)
    {
        final double[] r = rotation;
        x = r[0] * sensorX + r[1] * sensorY + r[2] * sensorZ;
        y = r[3] * sensorX + r[4] * sensorY + r[5] * sensorZ;
        z = r[6] * sensorX + r[7] * sensorY + r[8] * sensorZ;
    }

    public double x()
    {
        return x;
    }

    public double y()
    {
        return y;
    }

    public double z()
    {
        return z;
    }

    /** @return x of the sensor origin in the vehicle frame, m. */
    public double originX()
    {
        return tx;
    }

    /** @return y of the sensor origin in the vehicle frame, m. */
    public double originY()
    {
        return ty;
    }

    /** @return z of the sensor origin in the vehicle frame, m. */
    public double originZ()
    {
        return tz;
    }

    /** @return heading of the sensor's boresight in the vehicle frame, rad. */
    public double yaw()
    {
        return yaw;
    }
}
