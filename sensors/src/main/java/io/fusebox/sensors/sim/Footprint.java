package io.fusebox.sensors.sim;

/**
 * Ground-plane footprints as oriented rectangles: the one geometric judge of "these two touch" for the
 * world's own checks and for closed-loop scenario verdicts.
 */
public final class Footprint
{
    private Footprint()
    {
    }

    /**
     * Separating-axis test of two oriented rectangles, each given by centre, yaw (rad) and half sizes (m).
     *
     * @return true when the rectangles overlap or touch.
     */
    public static boolean overlaps(
        final double ax, final double ay, final double ayaw, final double aHalfLength, final double aHalfWidth,
        final double bx, final double by, final double byaw, final double bHalfLength, final double bHalfWidth)
    {
        final double ac = Math.cos(ayaw);
        final double as = Math.sin(ayaw);
        final double bc = Math.cos(byaw);
        final double bs = Math.sin(byaw);
        final double dx = bx - ax;
        final double dy = by - ay;
        return !separates(ac, as, dx, dy, ac, as, aHalfLength, aHalfWidth, bc, bs, bHalfLength, bHalfWidth) &&
            !separates(-as, ac, dx, dy, ac, as, aHalfLength, aHalfWidth, bc, bs, bHalfLength, bHalfWidth) &&
            !separates(bc, bs, dx, dy, ac, as, aHalfLength, aHalfWidth, bc, bs, bHalfLength, bHalfWidth) &&
            !separates(-bs, bc, dx, dy, ac, as, aHalfLength, aHalfWidth, bc, bs, bHalfLength, bHalfWidth);
    }

    private static boolean separates(
        final double ux, final double uy, final double dx, final double dy,
        final double ac, final double as, final double al, final double aw,
        final double bc, final double bs, final double bl, final double bw)
    {
        final double ra = al * Math.abs(ac * ux + as * uy) + aw * Math.abs(-as * ux + ac * uy);
        final double rb = bl * Math.abs(bc * ux + bs * uy) + bw * Math.abs(-bs * ux + bc * uy);
        return Math.abs(dx * ux + dy * uy) > ra + rb;
    }
}
