package io.fusebox.sensors.sim;

import io.fusebox.sensors.rig.VehicleGeometry;

/**
 * The ego vehicle: a kinematic bicycle about its rear axle, whose centre on the ground is the
 * vehicle frame's origin. Its driver commands longitudinal acceleration and road-wheel angle.
 */
public final class EgoVehicle
{
    static final double MAX_ACCELERATION_MPS2 = 4.0;
    static final double MAX_DECELERATION_MPS2 = 10.0;
    static final double MAX_STEERING_RAD = 0.6;

    final double length;
    final double width;
    final double height;
    final double wheelbase;
    /** Body centre's distance ahead of the rear axle. */
    final double centreOffset;
    final double halfLength;
    final double halfWidth;
    final double radius;

    double x;
    double y;
    double yaw;
    double cosYaw = 1;
    double sinYaw;
    double speed;
    double acceleration;
    double yawRate;
    double steeringAngle;
    double commandedAcceleration;
    double commandedSteering;

    // Frenet state on the road of the assigned lane, for the body centre.
    Lane lane;
    double s;
    double d;
    double committedStopS = Double.NaN;

    double sampleX;
    double sampleY;
    double sampleYaw;
    double sampleCos = 1;
    double sampleSin;
    double sampleSpeed;

    EgoVehicle(final VehicleGeometry geometry)
    {
        length = geometry.lengthM();
        width = geometry.widthM();
        height = geometry.heightM();
        wheelbase = geometry.wheelbaseM();
        centreOffset = (geometry.frontX() + geometry.rearX()) / 2;
        halfLength = length / 2;
        halfWidth = width / 2;
        radius = Math.sqrt(halfLength * halfLength + halfWidth * halfWidth);
    }

    /**
     * Sets the controls held until the next step.
     *
     * @param accelerationMps2 longitudinal, clamped to the vehicle's limits.
     * @param steeringAngleRad road-wheel angle, left positive, clamped to the steering limit.
     */
    public void command(final double accelerationMps2, final double steeringAngleRad)
    {
        commandedAcceleration = Math.max(-MAX_DECELERATION_MPS2, Math.min(MAX_ACCELERATION_MPS2, accelerationMps2));
        commandedSteering = Math.max(-MAX_STEERING_RAD, Math.min(MAX_STEERING_RAD, steeringAngleRad));
    }

    /** @return world x of the rear-axle centre (the vehicle frame origin), m. */
    public double x()
    {
        return x;
    }

    public double y()
    {
        return y;
    }

    public double yaw()
    {
        return yaw;
    }

    public double speedMps()
    {
        return speed;
    }

    public double accelerationMps2()
    {
        return acceleration;
    }

    public double yawRateRps()
    {
        return yawRate;
    }

    public double steeringAngleRad()
    {
        return steeringAngle;
    }

    public double wheelbaseM()
    {
        return wheelbase;
    }

    double centreX()
    {
        return x + centreOffset * cosYaw;
    }

    double centreY()
    {
        return y + centreOffset * sinYaw;
    }

    void step(final double dtS)
    {
        final double v0 = speed;
        double a = commandedAcceleration;
        double v1 = v0 + a * dtS;
        final double distance;
        if (v1 < 0)
        {
            distance = a < 0 ? v0 * v0 / (-2 * a) : 0;
            v1 = 0;
            a = -v0 / dtS;
        }
        else
        {
            distance = 0.5 * (v0 + v1) * dtS;
        }
        steeringAngle = commandedSteering;
        final double curvature = StrictMath.tan(steeringAngle) / wheelbase;
        final double turn = distance * curvature;
        final double mid = yaw + turn / 2;
        x += distance * StrictMath.cos(mid);
        y += distance * StrictMath.sin(mid);
        yaw = Angles.wrap(yaw + turn);
        cosYaw = StrictMath.cos(yaw);
        sinYaw = StrictMath.sin(yaw);
        speed = v1;
        acceleration = a;
        yawRate = v1 * curvature;
    }

    /**
     * Pose {@code dtS} after the step time, assuming the current speed, acceleration and yaw rate.
     */
    void poseAfter(final double dtS, final Pose out)
    {
        double distance = speed * dtS + 0.5 * acceleration * dtS * dtS;
        if (distance < 0 || speed + acceleration * dtS < 0)
        {
            distance = acceleration < 0 ? Math.min(speed * dtS, speed * speed / (-2 * acceleration)) : 0;
        }
        final double turn = yawRate * dtS;
        final double halfC = Angles.smallCos(turn / 2);
        final double halfS = Angles.smallSin(turn / 2);
        final double midCos = cosYaw * halfC - sinYaw * halfS;
        final double midSin = sinYaw * halfC + cosYaw * halfS;
        out.x = x + distance * midCos;
        out.y = y + distance * midSin;
        final double c = Angles.smallCos(turn);
        final double s = Angles.smallSin(turn);
        out.cos = cosYaw * c - sinYaw * s;
        out.sin = sinYaw * c + cosYaw * s;
        out.yaw = Angles.wrap(yaw + turn);
    }

    void sample(final double dtS, final Pose scratch)
    {
        poseAfter(dtS, scratch);
        sampleX = scratch.x;
        sampleY = scratch.y;
        sampleYaw = scratch.yaw;
        sampleCos = scratch.cos;
        sampleSin = scratch.sin;
        sampleSpeed = Math.max(0, speed + acceleration * dtS);
    }
}
