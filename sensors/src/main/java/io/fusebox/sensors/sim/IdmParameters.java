package io.fusebox.sensors.sim;

/**
 * The Intelligent Driver Model (Treiber et al.) for one driver: free-road acceleration towards a
 * desired speed, braking to keep a safe gap to what is ahead.
 *
 * @param maxAccelMps2     a: maximum acceleration.
 * @param comfortDecelMps2 b: comfortable deceleration.
 * @param timeGapS         T: desired time headway.
 * @param minGapM          s0: gap kept at standstill.
 * @param maxDecelMps2     the physical braking limit the result is clamped to.
 */
record IdmParameters(
    double maxAccelMps2,
    double comfortDecelMps2,
    double timeGapS,
    double minGapM,
    double maxDecelMps2)
{
    static final IdmParameters CAR = new IdmParameters(1.5, 2.0, 1.4, 2.0, 8.0);
    static final IdmParameters HIGHWAY = new IdmParameters(1.2, 2.0, 1.5, 2.0, 8.0);
    static final IdmParameters TRUCK = new IdmParameters(0.8, 1.5, 1.8, 2.5, 6.0);
    static final IdmParameters CYCLIST = new IdmParameters(1.0, 1.5, 1.0, 1.5, 5.0);
    static final IdmParameters CREEP = new IdmParameters(0.8, 1.2, 1.0, 1.0, 5.0);

    /**
     * @param speed         own speed, m/s.
     * @param desiredSpeed  v0; at or near 0 the driver brakes to a stop.
     * @param gapM          bumper-to-bumper gap to the obstacle ahead, {@code Double.POSITIVE_INFINITY} if none.
     * @param closingSpeed  own speed minus the obstacle's speed along the lane.
     */
    double acceleration(final double speed, final double desiredSpeed, final double gapM, final double closingSpeed)
    {
        final double free;
        if (desiredSpeed < 0.1)
        {
            free = speed > 0 ? -comfortDecelMps2 : 0;
        }
        else
        {
            final double ratio = speed / desiredSpeed;
            final double ratio2 = ratio * ratio;
            // Above the desired speed (a lowered profile), ease down at the comfortable rate, never slam.
            free = Math.max(-comfortDecelMps2, maxAccelMps2 * (1 - ratio2 * ratio2));
        }
        double interaction = 0;
        if (gapM < Double.POSITIVE_INFINITY)
        {
            final double desiredGap = minGapM + Math.max(
                0, speed * timeGapS + speed * closingSpeed / (2 * Math.sqrt(maxAccelMps2 * comfortDecelMps2)));
            final double ratio = desiredGap / Math.max(gapM, 0.05);
            interaction = -maxAccelMps2 * ratio * ratio;
        }
        return Math.max(-maxDecelMps2, Math.min(maxAccelMps2, free + interaction));
    }
}
