package io.fusebox.runtime.fusion.frames;

/**
 * Dead reckoning of the ego vehicle from its CAN speed and yaw rate into the odometry frame: a
 * fixed frame that starts at the vehicle's pose of the first vehicle-state message (origin at the
 * rear-axle centre, x forward). Fusion tracks objects in this frame, so that their velocities are
 * over the ground and their motion models are the objects' own; world models are expressed in the
 * vehicle frame at their time through the pose here, so the slow drift of dead reckoning cancels
 * out of what consumers see.
 *
 * <p>Between messages the pose moves on the mean of the two speeds and yaw rates, integrated at
 * the mid-point heading (second order); beyond the newest message it is extrapolated at constant
 * speed and turn rate. Time comes only from the messages; trigonometry from {@link StrictMath}.
 */
public final class Odometry
{
    private final EgoPose current = new EgoPose();
    private boolean started;
    private long messages;

    /**
     * Advances the pose to a vehicle-state message's capture time. A message older than the newest
     * one is ignored (and counted by the caller): dead reckoning only runs forward.
     *
     * @return false when the message was older than the pose and so ignored.
     */
    public boolean onVehicleState(
        final long timeNs, final double speedMps, final double yawRateRps, final double accelerationMps2)
    {
        if (!started)
        {
            started = true;
            current.timeNs = timeNs;
            current.x = 0.0;
            current.y = 0.0;
            current.yaw = 0.0;
            current.cos = 1.0;
            current.sin = 0.0;
        }
        else
        {
            final long dtNs = timeNs - current.timeNs;
            if (dtNs < 0)
            {
                return false;
            }
            final double dt = dtNs * 1e-9;
            final double meanSpeed = 0.5 * (current.speed + speedMps);
            final double meanYawRate = 0.5 * (current.yawRate + yawRateRps);
            final double midYaw = current.yaw + 0.5 * meanYawRate * dt;
            current.x += meanSpeed * dt * StrictMath.cos(midYaw);
            current.y += meanSpeed * dt * StrictMath.sin(midYaw);
            current.yaw = wrap(current.yaw + meanYawRate * dt);
            current.cos = StrictMath.cos(current.yaw);
            current.sin = StrictMath.sin(current.yaw);
            current.timeNs = timeNs;
        }
        current.speed = speedMps;
        current.yawRate = yawRateRps;
        current.acceleration = accelerationMps2;
        messages++;
        return true;
    }

    /**
     * @return true once a vehicle-state message has been seen; before that the pose is the origin at rest.
     */
    public boolean isStarted()
    {
        return started;
    }

    public long messages()
    {
        return messages;
    }

    /**
     * @return the pose at the newest vehicle-state message.
     */
    public EgoPose current()
    {
        return current;
    }

    /**
     * Fills {@code pose} with the ego pose at timeNs, extrapolated from the newest message at constant
     * speed and turn rate (backwards too, for the few milliseconds a measurement may precede it).
     */
    public void poseAt(final long timeNs, final EgoPose pose)
    {
        pose.copyFrom(current);
        pose.timeNs = timeNs;
        if (!started)
        {
            return;
        }
        final long dtNs = timeNs - current.timeNs;
        if (dtNs == 0)
        {
            return;
        }
        final double dt = dtNs * 1e-9;
        final double midYaw = current.yaw + 0.5 * current.yawRate * dt;
        pose.x = current.x + current.speed * dt * StrictMath.cos(midYaw);
        pose.y = current.y + current.speed * dt * StrictMath.sin(midYaw);
        pose.yaw = wrap(current.yaw + current.yawRate * dt);
        pose.cos = StrictMath.cos(pose.yaw);
        pose.sin = StrictMath.sin(pose.yaw);
    }

    static double wrap(final double angle)
    {
        double a = angle;
        while (a > Math.PI)
        {
            a -= 2.0 * Math.PI;
        }
        while (a <= -Math.PI)
        {
            a += 2.0 * Math.PI;
        }
        return a;
    }
}
