package io.fusebox.sensors.sim;

/**
 * A fixed-time two-group traffic signal: group 0 gets green, amber, all-red, then group 1 the same,
 * and the cycle repeats. Pure function of simulation time, so it needs no state and never drifts.
 */
final class SignalPlan
{
    static final int GREEN = 0;
    static final int AMBER = 1;
    static final int RED = 2;

    private final double greenS;
    private final double amberS;
    private final double allRedS;
    private final double offsetS;
    private final double cycleS;

    /**
     * @param offsetS time into the cycle at simulation time 0.
     */
    SignalPlan(final double greenS, final double amberS, final double allRedS, final double offsetS)
    {
        this.greenS = greenS;
        this.amberS = amberS;
        this.allRedS = allRedS;
        this.offsetS = offsetS;
        this.cycleS = 2 * (greenS + amberS + allRedS);
    }

    private double phaseTime(final int group, final double timeS)
    {
        final double shifted = timeS + offsetS - group * (cycleS / 2);
        return shifted - cycleS * Math.floor(shifted / cycleS);
    }

    int state(final int group, final double timeS)
    {
        final double t = phaseTime(group, timeS);
        if (t < greenS)
        {
            return GREEN;
        }
        return t < greenS + amberS ? AMBER : RED;
    }

    /**
     * @return seconds of green left for the group, 0 when it is not green.
     */
    double greenRemainingS(final int group, final double timeS)
    {
        final double t = phaseTime(group, timeS);
        return t < greenS ? greenS - t : 0;
    }
}
