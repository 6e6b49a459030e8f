package io.fusebox.runtime.planning;

/**
 * Configuration of a {@link TrajectoryFollower}: the vehicle's wheelbase, the clock offset between message
 * time and simulation time, the actuators' lags, and the controller's gains. {@link #conclude()} validates,
 * naming the field and the reason, and freezes it.
 */
public final class TrajectoryFollowerContext
{
    private boolean isConcluded;
    private double wheelbaseM = Double.NaN;
    private long clockBaseNs;
    private double accelerationLagS = 0.25;
    private double steeringLagS = 0.1;
    private double maxSteeringRateRps = 0.7;
    private double maxSteeringRad = 0.6;
    private double speedGain = 0.8;
    private double lookaheadTimeS = 0.9;
    private double minLookaheadM = 4.0;
    private double maxLookaheadM = 30.0;
    private double historyS = 5.0;
    private double failsafeDecelerationMps2 = 3.0;
    private int maxPoints = 1024;

    public TrajectoryFollowerContext conclude()
    {
        if (isConcluded)
        {
            return this;
        }
        require(wheelbaseM > 0, "wheelbaseM", "must be > 0 (the rig's vehicle wheelbase), was " + wheelbaseM);
        require(accelerationLagS >= 0, "accelerationLagS", "must be >= 0, was " + accelerationLagS);
        require(steeringLagS >= 0, "steeringLagS", "must be >= 0, was " + steeringLagS);
        require(maxSteeringRateRps > 0, "maxSteeringRateRps", "must be > 0, was " + maxSteeringRateRps);
        require(maxSteeringRad > 0, "maxSteeringRad", "must be > 0, was " + maxSteeringRad);
        require(speedGain >= 0, "speedGain", "must be >= 0, was " + speedGain);
        require(lookaheadTimeS > 0, "lookaheadTimeS", "must be > 0, was " + lookaheadTimeS);
        require(minLookaheadM > 0, "minLookaheadM", "must be > 0, was " + minLookaheadM);
        require(maxLookaheadM >= minLookaheadM, "maxLookaheadM", "must be >= minLookaheadM, was " + maxLookaheadM);
        require(historyS >= 0.1, "historyS", "must be >= 0.1, was " + historyS);
        require(failsafeDecelerationMps2 > 0, "failsafeDecelerationMps2", "must be > 0, was " + failsafeDecelerationMps2);
        require(maxPoints >= 2, "maxPoints", "must be >= 2, was " + maxPoints);
        isConcluded = true;
        return this;
    }

    public TrajectoryFollowerContext wheelbaseM(final double value)
    {
        checkMutable();
        wheelbaseM = value;
        return this;
    }

    public double wheelbaseM()
    {
        return wheelbaseM;
    }

    public TrajectoryFollowerContext clockBaseNs(final long value)
    {
        checkMutable();
        clockBaseNs = value;
        return this;
    }

    /** Message time at simulation time 0: the {@code clockBaseNs} the rig simulator was built with. */
    public long clockBaseNs()
    {
        return clockBaseNs;
    }

    public TrajectoryFollowerContext accelerationLagS(final double value)
    {
        checkMutable();
        accelerationLagS = value;
        return this;
    }

    /** Time constant of the drivetrain and brakes: first order from commanded to achieved acceleration. */
    public double accelerationLagS()
    {
        return accelerationLagS;
    }

    public TrajectoryFollowerContext steeringLagS(final double value)
    {
        checkMutable();
        steeringLagS = value;
        return this;
    }

    /** Time constant of the steering actuator. */
    public double steeringLagS()
    {
        return steeringLagS;
    }

    public TrajectoryFollowerContext maxSteeringRateRps(final double value)
    {
        checkMutable();
        maxSteeringRateRps = value;
        return this;
    }

    /** Fastest the road-wheel angle can change. */
    public double maxSteeringRateRps()
    {
        return maxSteeringRateRps;
    }

    public TrajectoryFollowerContext maxSteeringRad(final double value)
    {
        checkMutable();
        maxSteeringRad = value;
        return this;
    }

    public double maxSteeringRad()
    {
        return maxSteeringRad;
    }

    public TrajectoryFollowerContext speedGain(final double value)
    {
        checkMutable();
        speedGain = value;
        return this;
    }

    /** Feedback on speed error, 1/s, added to the trajectory's acceleration. */
    public double speedGain()
    {
        return speedGain;
    }

    public TrajectoryFollowerContext lookaheadTimeS(final double value)
    {
        checkMutable();
        lookaheadTimeS = value;
        return this;
    }

    /** Pure pursuit looks this far ahead in time (speed times it), within the distance bounds. */
    public double lookaheadTimeS()
    {
        return lookaheadTimeS;
    }

    public TrajectoryFollowerContext minLookaheadM(final double value)
    {
        checkMutable();
        minLookaheadM = value;
        return this;
    }

    public double minLookaheadM()
    {
        return minLookaheadM;
    }

    public TrajectoryFollowerContext maxLookaheadM(final double value)
    {
        checkMutable();
        maxLookaheadM = value;
        return this;
    }

    public double maxLookaheadM()
    {
        return maxLookaheadM;
    }

    public TrajectoryFollowerContext historyS(final double value)
    {
        checkMutable();
        historyS = value;
        return this;
    }

    /** How far back the follower remembers its own poses, to anchor a trajectory planned on an older model. */
    public double historyS()
    {
        return historyS;
    }

    public TrajectoryFollowerContext failsafeDecelerationMps2(final double value)
    {
        checkMutable();
        failsafeDecelerationMps2 = value;
        return this;
    }

    /** Braking once the last trajectory has run out with no new one. */
    public double failsafeDecelerationMps2()
    {
        return failsafeDecelerationMps2;
    }

    public TrajectoryFollowerContext maxPoints(final int value)
    {
        checkMutable();
        maxPoints = value;
        return this;
    }

    /** Most points a trajectory may have. */
    public int maxPoints()
    {
        return maxPoints;
    }

    private void checkMutable()
    {
        if (isConcluded)
        {
            throw new IllegalStateException("TrajectoryFollowerContext is concluded; it cannot change");
        }
    }

    private static void require(final boolean condition, final String field, final String reason)
    {
        if (!condition)
        {
            throw new IllegalArgumentException("TrajectoryFollowerContext." + field + " " + reason);
        }
    }
}
