package io.fusebox.planner.sampling;

/**
 * A lateral offset from the reference path as a quintic in arc length: from the ego's offset, slope
 * and bend to a target offset with zero slope and bend after {@code lengthM}, then constant. Written
 * in arc length, not time, so the path is a geometry that any speed profile can drive, standstill
 * included (Werling et al. use d(s) at low speed for the same reason).
 */
public final class LateralPath
{
    private double start;
    private double length;
    private double target;
    private double c0;
    private double c1;
    private double c2;
    private double c3;
    private double c4;
    private double c5;

    private double d;
    private double slope;
    private double bend;

    /**
     * @param startS  arc length where the path starts (the ego's).
     * @param d0      offset there.
     * @param slope0  dd/ds there.
     * @param bend0   d2d/ds2 there.
     * @param targetD offset reached at startS + lengthM.
     * @param lengthM distance over which it is reached, > 0.
     */
    public void set(
        final double startS,
        final double d0,
        final double slope0,
        final double bend0,
        final double targetD,
        final double lengthM)
    {
        start = startS;
        length = lengthM;
        target = targetD;
        final double l = lengthM;
        final double l2 = l * l;
        final double l3 = l2 * l;
        final double delta = targetD - d0;
        c0 = d0;
        c1 = slope0;
        c2 = 0.5 * bend0;
        c3 = (20 * delta - 12 * slope0 * l - 3 * bend0 * l2) / (2 * l3);
        c4 = (-30 * delta + 16 * slope0 * l + 3 * bend0 * l2) / (2 * l3 * l);
        c5 = (12 * delta - 6 * slope0 * l - bend0 * l2) / (2 * l3 * l2);
    }

    /**
     * Evaluates offset, slope and bend at arc length {@code s}; read them with {@link #d()}, {@link #slope()},
     * {@link #bend()}.
     */
    public void evaluate(final double s)
    {
        final double u = s - start;
        if (u >= length)
        {
            d = target;
            slope = 0;
            bend = 0;
        }
        else
        {
            final double v = Math.max(0, u);
            d = c0 + v * (c1 + v * (c2 + v * (c3 + v * (c4 + v * c5))));
            slope = c1 + v * (2 * c2 + v * (3 * c3 + v * (4 * c4 + v * 5 * c5)));
            bend = 2 * c2 + v * (6 * c3 + v * (12 * c4 + v * 20 * c5));
        }
    }

    /**
     * @return the offset at arc length {@code s}, without touching the state {@link #evaluate} leaves.
     */
    public double offsetAt(final double s)
    {
        final double u = s - start;
        if (u >= length)
        {
            return target;
        }
        final double v = Math.max(0, u);
        return c0 + v * (c1 + v * (c2 + v * (c3 + v * (c4 + v * c5))));
    }

    public double d()
    {
        return d;
    }

    public double slope()
    {
        return slope;
    }

    public double bend()
    {
        return bend;
    }

    public double targetD()
    {
        return target;
    }

    public double lengthM()
    {
        return length;
    }

    /** @return the smaller of the start and target offsets (the quintic may overshoot them slightly). */
    public double minD()
    {
        return Math.min(c0, target);
    }

    /** @return the larger of the start and target offsets. */
    public double maxD()
    {
        return Math.max(c0, target);
    }
}
