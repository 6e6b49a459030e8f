package io.fusebox.runtime.fusion.frames;

/**
 * The ego vehicle's pose in the odometry frame at one time, with its motion: a mutable holder that
 * {@link Odometry#poseAt} fills, so that transforms between the vehicle frame and the odometry
 * frame allocate nothing.
 */
public final class EgoPose
{
    long timeNs;
    double x;
    double y;
    double yaw;
    double cos = 1.0;
    double sin;
    double speed;
    double yawRate;
    double acceleration;

    public long timeNs()
    {
        return timeNs;
    }

    /** @return odometry x of the vehicle frame's origin (rear-axle centre), m. */
    public double x()
    {
        return x;
    }

    public double y()
    {
        return y;
    }

    /** @return heading of the vehicle in the odometry frame, rad. */
    public double yaw()
    {
        return yaw;
    }

    public double cos()
    {
        return cos;
    }

    public double sin()
    {
        return sin;
    }

    public double speed()
    {
        return speed;
    }

    public double yawRate()
    {
        return yawRate;
    }

    public double acceleration()
    {
        return acceleration;
    }

    /** @return odometry x of a vehicle-frame point. */
    public double odometryX(final double vehicleX, final double vehicleY)
    {
        return x + cos * vehicleX - sin * vehicleY;
    }

    /** @return odometry y of a vehicle-frame point. */
    public double odometryY(final double vehicleX, final double vehicleY)
    {
        return y + sin * vehicleX + cos * vehicleY;
    }

    /** @return vehicle-frame x of an odometry point. */
    public double vehicleX(final double odometryX, final double odometryY)
    {
        return cos * (odometryX - x) + sin * (odometryY - y);
    }

    /** @return vehicle-frame y of an odometry point. */
    public double vehicleY(final double odometryX, final double odometryY)
    {
        return -sin * (odometryX - x) + cos * (odometryY - y);
    }

    /** @return odometry x component of a vehicle-frame direction. */
    public double odometryDirectionX(final double vehicleX, final double vehicleY)
    {
        return cos * vehicleX - sin * vehicleY;
    }

    /** @return odometry y component of a vehicle-frame direction. */
    public double odometryDirectionY(final double vehicleX, final double vehicleY)
    {
        return sin * vehicleX + cos * vehicleY;
    }

    /** @return vehicle-frame x component of an odometry direction. */
    public double vehicleDirectionX(final double odometryX, final double odometryY)
    {
        return cos * odometryX + sin * odometryY;
    }

    /** @return vehicle-frame y component of an odometry direction. */
    public double vehicleDirectionY(final double odometryX, final double odometryY)
    {
        return -sin * odometryX + cos * odometryY;
    }

    public void copyFrom(final EgoPose other)
    {
        timeNs = other.timeNs;
        x = other.x;
        y = other.y;
        yaw = other.yaw;
        cos = other.cos;
        sin = other.sin;
        speed = other.speed;
        yawRate = other.yawRate;
        acceleration = other.acceleration;
    }

    public String toString()
    {
        return "EgoPose{t=" + timeNs + ", x=" + x + ", y=" + y + ", yaw=" + yaw + ", speed=" + speed +
            ", yawRate=" + yawRate + '}';
    }
}
