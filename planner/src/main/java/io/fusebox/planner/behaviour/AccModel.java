package io.fusebox.planner.behaviour;

/**
 * The ACC model of Kesting, Treiber and Helbing (2010): the Intelligent Driver Model blended with the
 * constant-acceleration heuristic, so a car that cuts in close but drives faster draws mild braking,
 * not the IDM's panic, while a stopped obstacle still draws all the braking it needs.
 * <p>
 * Behind something that stands still and will stay so (a wall, a parked car, a red light's line) the headway
 * means nothing: the IDM's time-gap term slows the approach to an exponential creep (the speed falls as the gap less
 * s0 over T, so the last metres take seconds). {@link #stopBehind} holds the speed instead until about when a
 * constant deceleration that stops at s0 reaches the stopping deceleration, then brakes at it, as a driver does.
 */
public final class AccModel
{
    /** Time over which {@link #stopBehind} closes on the speed it may have, s. */
    private static final double STOP_APPROACH_S = 1.0;

    private final double maxAcceleration;
    private final double comfortDeceleration;
    private final double minGap;
    private final double coolness;
    private final double brakingTerm;
    private final double stopDeceleration;

    /**
     * @param maxAccelerationMps2     a: acceleration on a free road from standstill.
     * @param comfortDecelerationMps2 b: comfortable braking.
     * @param minGapM                 s0: bumper-to-bumper gap at standstill.
     * @param coolness                c in [0, 1]: 0 is plain IDM.
     * @param stopDecelerationMps2    the constant deceleration of a stop behind something standing.
     */
    public AccModel(
        final double maxAccelerationMps2,
        final double comfortDecelerationMps2,
        final double minGapM,
        final double coolness,
        final double stopDecelerationMps2)
    {
        maxAcceleration = maxAccelerationMps2;
        comfortDeceleration = comfortDecelerationMps2;
        minGap = minGapM;
        this.coolness = coolness;
        brakingTerm = 2 * Math.sqrt(maxAccelerationMps2 * comfortDecelerationMps2);
        stopDeceleration = stopDecelerationMps2;
    }

    /**
     * @param speed        own speed, m/s, not negative.
     * @param desiredSpeed v0; below 0.1 the follower brakes to a stop at b.
     * @param timeGapS     T: desired headway.
     * @param gapM         bumper-to-bumper gap to the lead, {@code Double.POSITIVE_INFINITY} for none.
     * @param leadSpeed    the lead's speed along the path.
     * @return the acceleration the model asks for (not clamped to vehicle limits).
     */
    public double acceleration(
        final double speed, final double desiredSpeed, final double timeGapS, final double gapM, final double leadSpeed)
    {
        final double free;
        if (desiredSpeed < 0.1)
        {
            free = speed > 0.01 ? -comfortDeceleration : 0;
        }
        else
        {
            final double ratio = speed / desiredSpeed;
            final double ratio2 = ratio * ratio;
            // Above the desired speed (a lower limit ahead) ease down at b, never slam.
            free = Math.max(-comfortDeceleration, maxAcceleration * (1 - ratio2 * ratio2));
        }
        if (!(gapM < Double.POSITIVE_INFINITY))
        {
            return free;
        }
        final double gap = Math.max(gapM, 0.01);
        final double closing = speed - leadSpeed;
        final double desiredGap = minGap + Math.max(0, speed * timeGapS + speed * closing / brakingTerm);
        final double z = desiredGap / gap;
        final double idm = free - maxAcceleration * z * z;

        final double cah = constantAccelerationHeuristic(speed, gap, Math.max(0, leadSpeed));
        if (idm >= cah)
        {
            return idm;
        }
        final double b = comfortDeceleration;
        return (1 - coolness) * idm + coolness * (cah + b * tanh((idm - cah) / b));
    }

    /**
     * Behind something standing still: braking at {@code needed}, the constant deceleration that stops at s0, once the
     * speed reaches {@code allowed}, the speed from which the stopping deceleration does; below it, the free
     * acceleration, less {@code needed}, but no more than closes the difference to {@code allowed} in
     * {@link #STOP_APPROACH_S}: it holds its speed far out, eases into the stop without a step in the deceleration,
     * and creeps up to something just beyond s0 instead of leaping at it. Within s0, the ACC model's braking.
     *
     * @param speed        own speed, m/s, not negative.
     * @param desiredSpeed v0.
     * @param timeGapS     T, for within s0 only.
     * @param gapM         bumper-to-bumper gap to what stands ahead.
     * @return the acceleration the model asks for (not clamped to vehicle limits).
     */
    public double stopBehind(final double speed, final double desiredSpeed, final double timeGapS, final double gapM)
    {
        final double remaining = gapM - minGap;
        if (remaining <= 0)
        {
            return acceleration(speed, desiredSpeed, timeGapS, gapM, 0);
        }
        final double needed = speed * speed / (2 * remaining);
        final double allowed = Math.sqrt(2 * stopDeceleration * remaining);
        if (speed >= allowed)
        {
            return -needed;
        }
        final double free = acceleration(speed, desiredSpeed, timeGapS, Double.POSITIVE_INFINITY, 0);
        return Math.min(free, (allowed - speed) / STOP_APPROACH_S - needed);
    }

    /**
     * The acceleration that avoids a crash if the lead keeps its speed (its acceleration is not in the world
     * model, so taken as zero, the CAH's lead acceleration capped at a).
     */
    private static double constantAccelerationHeuristic(final double speed, final double gap, final double leadSpeed)
    {
        if (leadSpeed * (speed - leadSpeed) <= 0)
        {
            // Lead as fast or faster: nothing to brake for. Lead stopped: brake exactly to stop at it.
            return leadSpeed > 0 || speed <= 0 ? 0 : -speed * speed / (2 * gap);
        }
        final double closing = speed - leadSpeed;
        return -closing * closing / (2 * gap);
    }

    private static double tanh(final double value)
    {
        if (value < -20)
        {
            return -1;
        }
        if (value > 20)
        {
            return 1;
        }
        final double e = StrictMath.exp(2 * value);
        return (e - 1) / (e + 1);
    }
}
