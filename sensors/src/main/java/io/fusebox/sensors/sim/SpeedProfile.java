package io.fusebox.sensors.sim;

/**
 * Desired speed over simulation time, piecewise constant: {@code speeds[i]} from {@code timesS[i]}
 * until the next time. Drives scripted behaviour such as stop-and-go and stopped vehicles.
 */
record SpeedProfile(double[] timesS, double[] speedsMps)
{
    SpeedProfile
    {
        if (timesS.length == 0 || timesS.length != speedsMps.length)
        {
            throw new IllegalArgumentException("a speed profile needs matching, non-empty times and speeds");
        }
        timesS = timesS.clone();
        speedsMps = speedsMps.clone();
    }

    static SpeedProfile constant(final double speedMps)
    {
        return new SpeedProfile(new double[]{ 0 }, new double[]{ speedMps });
    }

    double at(final double timeS)
    {
        int i = 0;
        while (i + 1 < timesS.length && timeS >= timesS[i + 1])
        {
            i++;
        }
        return speedsMps[i];
    }
}
