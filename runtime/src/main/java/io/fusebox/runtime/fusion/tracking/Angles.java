package io.fusebox.runtime.fusion.tracking;

/**
 * Angle arithmetic for headings and box orientations.
 */
final class Angles
{
    private static final double TWO_PI = 2.0 * Math.PI;

    private Angles()
    {
    }

    /**
     * @return the angle moved into (-pi, pi].
     */
    static double wrap(final double angle)
    {
        double wrapped = angle;
        if (wrapped > Math.PI || wrapped <= -Math.PI)
        {
            wrapped = wrapped - TWO_PI * Math.floor((wrapped + Math.PI) / TWO_PI);
            if (wrapped <= -Math.PI)
            {
                wrapped += TWO_PI;
            }
        }
        return wrapped;
    }

    /**
     * A box's orientation is an axis, not a direction: a detector cannot tell front from back, so
     * a difference of pi is no difference at all.
     *
     * @return the difference moved into (-pi/2, pi/2].
     */
    static double wrapAxis(final double angle)
    {
        double wrapped = wrap(angle);
        if (wrapped > 0.5 * Math.PI)
        {
            wrapped -= Math.PI;
        }
        else if (wrapped <= -0.5 * Math.PI)
        {
            wrapped += Math.PI;
        }
        return wrapped;
    }
}
