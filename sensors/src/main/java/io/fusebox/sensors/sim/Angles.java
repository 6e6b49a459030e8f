package io.fusebox.sensors.sim;

/**
 * Angle arithmetic the world and the sensor models share.
 */
final class Angles
{
    static final double TWO_PI = 2 * Math.PI;

    private Angles()
    {
    }

    /**
     * @return the angle wrapped into (-pi, pi].
     */
    static double wrap(final double angle)
    {
        double a = angle;
        if (a > Math.PI || a <= -Math.PI)
        {
            a -= TWO_PI * Math.floor((a + Math.PI) / TWO_PI);
            if (a <= -Math.PI)
            {
                a += TWO_PI;
            }
        }
        return a;
    }

    /**
     * cos of a small angle by its Taylor series: exact to double precision for |a| below 0.02 rad,
     * cheaper than a libm call and the same everywhere.
     */
    static double smallCos(final double a)
    {
        final double a2 = a * a;
        return 1 - a2 * (0.5 - a2 * (1.0 / 24 - a2 / 720));
    }

    static double smallSin(final double a)
    {
        final double a2 = a * a;
        return a * (1 - a2 * (1.0 / 6 - a2 * (1.0 / 120 - a2 / 5040)));
    }
}
