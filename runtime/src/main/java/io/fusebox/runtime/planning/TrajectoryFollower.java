package io.fusebox.runtime.planning;

import io.aeron.logbuffer.FragmentHandler;
import io.aeron.logbuffer.Header;
import io.fusebox.sensors.codec.MessageHeaderDecoder;
import io.fusebox.sensors.codec.TrajectoryDecoder;
import io.fusebox.sensors.message.MalformedReason;
import io.fusebox.sensors.message.MessageGuard;
import io.fusebox.sensors.sim.EgoDriver;
import io.fusebox.sensors.sim.EgoVehicle;
import io.fusebox.sensors.sim.World;
import org.agrona.DirectBuffer;

/**
 * Drives the simulated ego along the latest trajectory: pure pursuit for steering, the trajectory's
 * acceleration (previewed by the actuator lag) plus speed feedback for the pedals, and first-order
 * actuators with a steering rate limit in between, since the simulator's {@link EgoVehicle} (a kinematic
 * bicycle) applies its commands at once and a real vehicle does not.
 *
 * <p>A trajectory lies in the vehicle frame of the world model it was planned on. The follower remembers
 * its own poses for {@link TrajectoryFollowerContext#historyS()}, so it anchors each trajectory at the pose
 * it really had at the trajectory's time, however late the trajectory arrives, without trusting any
 * odometry frame. A trajectory that has run out with no successor brakes the ego to a stop.
 *
 * <p>Feed it trajectories with {@link #onTrajectory} or as a {@link FragmentHandler} on a trajectory
 * subscription, on the thread that steps the world. Deterministic and allocation-free once built.
 */
public final class TrajectoryFollower implements EgoDriver, FragmentHandler
{
    private static final double STEP_S = World.STEP_NS * 1e-9;

    private final double wheelbase;
    private final long clockBaseNs;
    private final double accelerationLag;
    private final double steeringLag;
    private final double maxSteeringRate;
    private final double maxSteering;
    private final double speedGain;
    private final double lookaheadTime;
    private final double minLookahead;
    private final double maxLookahead;
    private final double failsafeDeceleration;

    private final MessageHeaderDecoder headerDecoder = new MessageHeaderDecoder();
    private final TrajectoryDecoder trajectoryDecoder = new TrajectoryDecoder();

    // Own poses, one per world step, in a ring.
    private final long[] historyTimeNs;
    private final double[] historyX;
    private final double[] historyY;
    private final double[] historyYaw;
    private final double[] historySpeed;
    private final double[] historyYawRate;
    private long historyCount;

    // The trajectory, in the world frame, index 0 the anchor.
    private final double[] pointTimeS;
    private final double[] pointX;
    private final double[] pointY;
    private final double[] pointSpeed;
    private final double[] pointAcceleration;
    private final double[] pointCurvature;
    private int pointCount;
    private long trajectoryTimeNs = Long.MIN_VALUE;
    private long trajectoriesAccepted;
    private long trajectoriesRefused;

    private double acceleration;
    private double steering;

    public TrajectoryFollower(final TrajectoryFollowerContext context)
    {
        context.conclude();
        wheelbase = context.wheelbaseM();
        clockBaseNs = context.clockBaseNs();
        accelerationLag = context.accelerationLagS();
        steeringLag = context.steeringLagS();
        maxSteeringRate = context.maxSteeringRateRps();
        maxSteering = context.maxSteeringRad();
        speedGain = context.speedGain();
        lookaheadTime = context.lookaheadTimeS();
        minLookahead = context.minLookaheadM();
        maxLookahead = context.maxLookaheadM();
        failsafeDeceleration = context.failsafeDecelerationMps2();
        final int history = (int)Math.ceil(context.historyS() / STEP_S) + 1;
        historyTimeNs = new long[history];
        historyX = new double[history];
        historyY = new double[history];
        historyYaw = new double[history];
        historySpeed = new double[history];
        historyYawRate = new double[history];
        final int points = context.maxPoints() + 1;
        pointTimeS = new double[points];
        pointX = new double[points];
        pointY = new double[points];
        pointSpeed = new double[points];
        pointAcceleration = new double[points];
        pointCurvature = new double[points];
    }

    public void onFragment(final DirectBuffer buffer, final int offset, final int length, final Header header)
    {
        onTrajectory(buffer, offset, length);
    }

    /**
     * Takes a trajectory to follow from now on, unless it is older than the one held or than the poses
     * remembered, or malformed.
     *
     * @return whether it was taken.
     */
    public boolean onTrajectory(final DirectBuffer buffer, final int offset, final int length)
    {
        if (MalformedReason.OK != MessageGuard.validate(buffer, offset, length))
        {
            trajectoriesRefused++;
            return false;
        }
        headerDecoder.wrap(buffer, offset);
        if (TrajectoryDecoder.TEMPLATE_ID != headerDecoder.templateId())
        {
            trajectoriesRefused++;
            return false;
        }
        trajectoryDecoder.wrap(buffer, offset + MessageHeaderDecoder.ENCODED_LENGTH, headerDecoder.blockLength(),
            headerDecoder.version());
        final long timeNs = trajectoryDecoder.timeNs();
        final TrajectoryDecoder.PointsDecoder points = trajectoryDecoder.points();
        final int count = points.count();
        if (timeNs < trajectoryTimeNs || 0 == count || count >= pointTimeS.length || 0 == historyCount)
        {
            trajectoriesRefused++;
            return false;
        }
        final long simTimeNs = timeNs - clockBaseNs;
        final int anchor = historyIndexAtOrBefore(simTimeNs);
        if (anchor < 0)
        {
            trajectoriesRefused++;
            return false;
        }

        // The pose at the trajectory's time: the remembered step pose carried forward by the part of a step between.
        final double lead = (simTimeNs - historyTimeNs[anchor]) * 1e-9;
        final double turn = historyYawRate[anchor] * lead;
        final double mid = historyYaw[anchor] + 0.5 * turn;
        final double originX = historyX[anchor] + historySpeed[anchor] * lead * StrictMath.cos(mid);
        final double originY = historyY[anchor] + historySpeed[anchor] * lead * StrictMath.sin(mid);
        final double originYaw = historyYaw[anchor] + turn;
        final double cos = StrictMath.cos(originYaw);
        final double sin = StrictMath.sin(originYaw);
        final double startS = simTimeNs * 1e-9;

        int n = 1;
        while (points.hasNext())
        {
            points.next();
            final double x = points.x();
            final double y = points.y();
            pointTimeS[n] = startS + points.tOffsetS();
            pointX[n] = originX + x * cos - y * sin;
            pointY[n] = originY + x * sin + y * cos;
            pointSpeed[n] = points.speedMps();
            pointAcceleration[n] = points.accelerationMps2();
            pointCurvature[n] = points.curvature();
            n++;
        }
        pointTimeS[0] = startS;
        pointX[0] = originX;
        pointY[0] = originY;
        pointAcceleration[0] = pointAcceleration[1];
        pointSpeed[0] = Math.max(0, pointSpeed[1] - pointAcceleration[1] * (pointTimeS[1] - startS));
        pointCurvature[0] = pointCurvature[1];
        pointCount = n;
        trajectoryTimeNs = timeNs;
        trajectoriesAccepted++;
        return true;
    }

    /**
     * Watches the ego while another driver has it: remembers its poses (so trajectories planned now can be anchored)
     * and takes its actuators' state, so taking over later starts from where the vehicle is.
     */
    public void observe(final World world, final EgoVehicle ego)
    {
        remember(world.timeNs(), ego);
        acceleration = ego.accelerationMps2();
        steering = ego.steeringAngleRad();
    }

    public void drive(final World world, final EgoVehicle ego)
    {
        final long simTimeNs = world.timeNs();
        remember(simTimeNs, ego);
        final double nowS = simTimeNs * 1e-9;
        final double speed = ego.speedMps();

        double wantedAcceleration = 0;
        double wantedSteering = steering;
        if (pointCount > 0)
        {
            final double endS = pointTimeS[pointCount - 1];
            if (nowS > endS)
            {
                wantedAcceleration = speed > 0 ? -failsafeDeceleration : 0;
            }
            else
            {
                final double referenceSpeed = interpolate(pointSpeed, nowS);
                final double feedForward = interpolate(pointAcceleration, Math.min(endS, nowS + accelerationLag));
                wantedAcceleration = feedForward + speedGain * (referenceSpeed - speed);
                if (referenceSpeed < 0.05 && speed < 0.3 && feedForward <= 0)
                {
                    // Hold the car at rest: the simulated vehicle does not roll back, a real one on a slope would.
                    wantedAcceleration = -1.0;
                }
                wantedSteering = pursue(ego, speed);
            }
        }

        acceleration += (wantedAcceleration - acceleration) * lagFactor(accelerationLag);
        final double steeringChange = (wantedSteering - steering) * lagFactor(steeringLag);
        final double rate = maxSteeringRate * STEP_S;
        steering += Math.max(-rate, Math.min(rate, steeringChange));
        ego.command(acceleration, steering);
    }

    /** @return trajectories taken so far. */
    public long trajectoriesAccepted()
    {
        return trajectoriesAccepted;
    }

    /** @return trajectories refused as malformed, out of order or older than the poses remembered. */
    public long trajectoriesRefused()
    {
        return trajectoriesRefused;
    }

    /** @return the acceleration the actuators deliver now. */
    public double actuatorAccelerationMps2()
    {
        return acceleration;
    }

    /** @return the road-wheel angle the actuator holds now. */
    public double actuatorSteeringRad()
    {
        return steering;
    }

    private double pursue(final EgoVehicle ego, final double speed)
    {
        final double x = ego.x();
        final double y = ego.y();
        final double cos = StrictMath.cos(ego.yaw());
        final double sin = StrictMath.sin(ego.yaw());
        final double lookahead = Math.max(minLookahead, Math.min(maxLookahead, lookaheadTime * speed));

        // The first point of the path at least the lookahead away, ahead of the rear axle; between it and the point
        // before, the place exactly the lookahead away.
        double previousDistance = 0;
        double previousX = x;
        double previousY = y;
        double targetX = Double.NaN;
        double targetY = Double.NaN;
        for (int i = 0; i < pointCount; i++)
        {
            final double dx = pointX[i] - x;
            final double dy = pointY[i] - y;
            if (dx * cos + dy * sin <= 0)
            {
                continue;
            }
            final double distance = Math.sqrt(dx * dx + dy * dy);
            if (distance >= lookahead)
            {
                final double f = (lookahead - previousDistance) / Math.max(1e-9, distance - previousDistance);
                targetX = previousX + f * (pointX[i] - previousX);
                targetY = previousY + f * (pointY[i] - previousY);
                break;
            }
            previousDistance = distance;
            previousX = pointX[i];
            previousY = pointY[i];
        }
        if (Double.isNaN(targetX))
        {
            // The path ends within the lookahead (the car is stopping): aim at its end while it is worth steering for.
            if (previousDistance < 0.5)
            {
                return steering;
            }
            targetX = previousX;
            targetY = previousY;
        }
        final double dx = targetX - x;
        final double dy = targetY - y;
        final double lx = dx * cos + dy * sin;
        final double ly = -dx * sin + dy * cos;
        final double curvature = 2 * ly / (lx * lx + ly * ly);
        final double angle = StrictMath.atan(curvature * wheelbase);
        return Math.max(-maxSteering, Math.min(maxSteering, angle));
    }

    private double interpolate(final double[] values, final double timeS)
    {
        if (timeS <= pointTimeS[0])
        {
            return values[0];
        }
        for (int i = 1; i < pointCount; i++)
        {
            if (timeS <= pointTimeS[i])
            {
                final double f = (timeS - pointTimeS[i - 1]) / (pointTimeS[i] - pointTimeS[i - 1]);
                return values[i - 1] + f * (values[i] - values[i - 1]);
            }
        }
        return values[pointCount - 1];
    }

    private void remember(final long simTimeNs, final EgoVehicle ego)
    {
        final int i = (int)(historyCount % historyTimeNs.length);
        historyTimeNs[i] = simTimeNs;
        historyX[i] = ego.x();
        historyY[i] = ego.y();
        historyYaw[i] = ego.yaw();
        historySpeed[i] = ego.speedMps();
        historyYawRate[i] = ego.yawRateRps();
        historyCount++;
    }

    /**
     * @return the ring index of the newest remembered pose at or before the time, or -1 when the time is older than
     * everything remembered.
     */
    private int historyIndexAtOrBefore(final long simTimeNs)
    {
        final int capacity = historyTimeNs.length;
        final long oldest = Math.max(0, historyCount - capacity);
        for (long n = historyCount - 1; n >= oldest; n--)
        {
            final int i = (int)(n % capacity);
            if (historyTimeNs[i] <= simTimeNs)
            {
                return i;
            }
        }
        return -1;
    }

    private static double lagFactor(final double lagS)
    {
        return lagS <= STEP_S ? 1.0 : STEP_S / lagS;
    }
}
