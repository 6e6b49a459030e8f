package io.fusebox.sensors.sim;

/**
 * One signal group of one intersection's plan: what a stop line or a kerb obeys.
 */
record SignalHead(SignalPlan plan, int group)
{
    int state(final double timeS)
    {
        return plan.state(group, timeS);
    }

    double greenRemainingS(final double timeS)
    {
        return plan.greenRemainingS(group, timeS);
    }
}
