package io.fusebox.runtime.scenarios;

import io.fusebox.sensors.rig.VehicleGeometry;
import io.fusebox.sensors.sim.EgoVehicle;
import io.fusebox.sensors.sim.Footprint;
import io.fusebox.sensors.sim.GroundTruth;

/**
 * Judges a closed-loop drive from the simulator's ground truth, observed after every message: collisions (the
 * ego's footprint overlapping an actor's) throughout; from the handover on, the smallest bumper gap and time to collision to anything ahead in the
 * ego's path, the distance driven, and the ego's largest |acceleration| and |jerk| (over 0.1 s) outside emergencies (an
 * emergency stop and the second after it, while the brakes come off). Allocation-free.
 */
public final class ScenarioJudge
{
    /** After an emergency stop the comfort limits apply again only this long after it ended, s. */
    public static final double EMERGENCY_RELEASE_S = 1.0;
    private static final double CLOSING_SPEED_MIN_MPS = 0.1;
    /**
     * Jerk is the change of acceleration over 0.1 s, as ride-comfort measures filter it: over one 10 ms world step
     * the last step into standstill (speed clamped at zero) alone would read tens of m/s³.
     */
    public static final long JERK_WINDOW_NS = 100_000_000L;

    private final VehicleGeometry vehicle;
    private final long judgeFromNs;
    private long collisionSteps;
    private int collidingNow;
    private long collisions;
    private double minGapM = Double.POSITIVE_INFINITY;
    private double minTtcS = Double.POSITIVE_INFINITY;
    private double maxAbsAccelerationMps2;
    private double maxAbsJerkMps3;
    private long maxAccelerationAtNs;
    private long maxJerkAtNs;
    private double distanceM;
    private boolean hasPrevious;
    private long previousTimeNs;
    private double previousAcceleration;
    private double previousX;
    private double previousY;
    // Far enough in the past that "time since" cannot overflow.
    private long emergencyEndNs = Long.MIN_VALUE / 2;
    private boolean isEmergency;
    private long emergencyStops;

    /**
     * @param judgeFromNs simulation time from which gaps, time to collision and comfort count: when the system
     *                    under test has the wheel. Collisions count throughout.
     */
    public ScenarioJudge(final VehicleGeometry vehicle, final long judgeFromNs)
    {
        this.vehicle = vehicle;
        this.judgeFromNs = judgeFromNs;
    }

    /**
     * The planner's latest decision: whether it is braking in an emergency, at simulation time {@code timeNs}.
     */
    public void emergency(final boolean isEmergency, final long timeNs)
    {
        if (this.isEmergency && !isEmergency)
        {
            emergencyEndNs = timeNs;
        }
        if (!this.isEmergency && isEmergency && timeNs >= judgeFromNs)
        {
            emergencyStops++;
        }
        this.isEmergency = isEmergency;
    }

    /**
     * Looks at the world as it is sampled now.
     */
    public void observe(final GroundTruth truth, final EgoVehicle ego)
    {
        final double front = vehicle.frontX();
        final double halfLength = 0.5 * vehicle.lengthM();
        final double centre = front - halfLength;
        final double cos = Math.cos(truth.egoYaw());
        final double sin = Math.sin(truth.egoYaw());
        final double egoCx = truth.egoX() + centre * cos;
        final double egoCy = truth.egoY() + centre * sin;
        final boolean isJudged = truth.timeNs() >= judgeFromNs;
        final long timeNs = truth.timeNs();
        int colliding = 0;
        for (int i = 0; i < truth.actorCount(); i++)
        {
            if (Footprint.overlaps(egoCx, egoCy, truth.egoYaw(), halfLength, 0.5 * vehicle.widthM(),
                truth.x(i), truth.y(i), truth.yaw(i), 0.5 * truth.length(i), 0.5 * truth.width(i)))
            {
                colliding++;
            }
            final double nearest = isJudged && truth.vehicleX(i) > 0 ? nearestInCorridor(truth.vehicleX(i),
                truth.vehicleY(i), truth.vehicleYaw(i), 0.5 * truth.length(i), 0.5 * truth.width(i),
                0.5 * vehicle.widthM()) : Double.NaN;
            if (!Double.isNaN(nearest))
            {
                final double gap = nearest - front;
                minGapM = Math.min(minGapM, gap);
                final double closing = truth.egoSpeed() - truth.vehicleVx(i);
                if (closing > CLOSING_SPEED_MIN_MPS)
                {
                    minTtcS = Math.min(minTtcS, Math.max(0, gap) / closing);
                }
            }
        }
        // A collision is counted once per actor contact that begins, and its duration in samples.
        if (colliding > collidingNow)
        {
            collisions += colliding - collidingNow;
        }
        collidingNow = colliding;
        collisionSteps += colliding > 0 ? 1 : 0;

        final double acceleration = ego.accelerationMps2();
        if (hasPrevious)
        {
            distanceM += Math.hypot(truth.egoX() - previousX, truth.egoY() - previousY);
        }
        final boolean isComfortJudged = isJudged && !isEmergency && timeNs - emergencyEndNs > (long)(EMERGENCY_RELEASE_S * 1e9);
        if (isComfortJudged)
        {
            if (Math.abs(acceleration) > maxAbsAccelerationMps2)
            {
                maxAbsAccelerationMps2 = Math.abs(acceleration);
                maxAccelerationAtNs = timeNs;
            }
            if (hasPrevious && timeNs - previousTimeNs >= JERK_WINDOW_NS)
            {
                final double jerk = Math.abs(acceleration - previousAcceleration) / ((timeNs - previousTimeNs) * 1e-9);
                if (jerk > maxAbsJerkMps3)
                {
                    maxAbsJerkMps3 = jerk;
                    maxJerkAtNs = timeNs;
                }
            }
        }
        if (!hasPrevious || timeNs - previousTimeNs >= JERK_WINDOW_NS)
        {
            previousTimeNs = timeNs;
            previousAcceleration = acceleration;
        }
        previousX = truth.egoX();
        previousY = truth.egoY();
        hasPrevious = true;
    }

    /**
     * The nearest point ahead of the rear axle of an actor's footprint (centre x, y, heading yaw, half extents, all in
     * the vehicle frame) within the ego's corridor |y| <= halfWidth: the least x over the corners inside the corridor
     * and the crossings of the footprint's edges with its sides. A long wall at a slant is as far as it is straight
     * ahead, not as near as its far corner's projection.
     *
     * @return x of that point, or NaN when no part of the footprint is in the corridor.
     */
    static double nearestInCorridor(
        final double x, final double y, final double yaw, final double halfLength, final double halfWidth,
        final double corridorHalfWidth)
    {
        final double cos = Math.cos(yaw);
        final double sin = Math.sin(yaw);
        double nearest = Double.POSITIVE_INFINITY;
        for (int corner = 0; corner < 4; corner++)
        {
            final double along = (corner == 0 || corner == 3 ? 1 : -1) * halfLength;
            final double across = (corner < 2 ? 1 : -1) * halfWidth;
            final double ax = x + along * cos - across * sin;
            final double ay = y + along * sin + across * cos;
            final double nextAlong = (corner == 0 || corner == 1 ? -1 : 1) * halfLength;
            final double nextAcross = (corner == 0 || corner == 3 ? 1 : -1) * halfWidth;
            final double bx = x + nextAlong * cos - nextAcross * sin;
            final double by = y + nextAlong * sin + nextAcross * cos;
            if (Math.abs(ay) <= corridorHalfWidth)
            {
                nearest = Math.min(nearest, ax);
            }
            for (int side = -1; side <= 1; side += 2)
            {
                final double edgeY = side * corridorHalfWidth;
                if ((ay - edgeY) * (by - edgeY) < 0)
                {
                    nearest = Math.min(nearest, ax + (bx - ax) * (edgeY - ay) / (by - ay));
                }
            }
        }
        return nearest < Double.POSITIVE_INFINITY ? nearest : Double.NaN;
    }

    /** @return emergency stops the planner began once it had the wheel (a run of emergency cycles is one). */
    public long emergencyStops()
    {
        return emergencyStops;
    }

    /** @return contacts between the ego and an actor that began. */
    public long collisions()
    {
        return collisions;
    }

    public double minGapM()
    {
        return minGapM;
    }

    public double minTtcS()
    {
        return minTtcS;
    }

    public double maxAbsAccelerationMps2()
    {
        return maxAbsAccelerationMps2;
    }

    public double maxAbsJerkMps3()
    {
        return maxAbsJerkMps3;
    }

    /** @return simulation time of the largest |acceleration| judged. */
    public long maxAccelerationAtNs()
    {
        return maxAccelerationAtNs;
    }

    /** @return simulation time of the largest |jerk| judged. */
    public long maxJerkAtNs()
    {
        return maxJerkAtNs;
    }

    /** @return the distance the ego's rear axle travelled, m. */
    public double distanceM()
    {
        return distanceM;
    }
}
