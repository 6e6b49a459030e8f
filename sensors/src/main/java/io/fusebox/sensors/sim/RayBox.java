package io.fusebox.sensors.sim;

/**
 * Slab tests of rays against boxes given in the box's own frame (centred, axis-aligned half extents).
 */
final class RayBox
{
    static final double MISS = Double.POSITIVE_INFINITY;

    private RayBox()
    {
    }

    /**
     * @return the ray parameter where the ray o + t d (t at least 0) enters the box, 0 when it starts
     * inside, {@link #MISS} when it never meets it.
     */
    static double entry3d(
        final double ox, final double oy, final double oz,
        final double dx, final double dy, final double dz,
        final double hx, final double hy, final double hz)
    {
        double near = 0;
        double far = Double.POSITIVE_INFINITY;
        if (dx == 0)
        {
            if (ox < -hx || ox > hx)
            {
                return MISS;
            }
        }
        else
        {
            final double inv = 1 / dx;
            final double a = (-hx - ox) * inv;
            final double b = (hx - ox) * inv;
            near = Math.max(near, Math.min(a, b));
            far = Math.min(far, Math.max(a, b));
        }
        if (dy == 0)
        {
            if (oy < -hy || oy > hy)
            {
                return MISS;
            }
        }
        else
        {
            final double inv = 1 / dy;
            final double a = (-hy - oy) * inv;
            final double b = (hy - oy) * inv;
            near = Math.max(near, Math.min(a, b));
            far = Math.min(far, Math.max(a, b));
        }
        if (dz == 0)
        {
            if (oz < -hz || oz > hz)
            {
                return MISS;
            }
        }
        else
        {
            final double inv = 1 / dz;
            final double a = (-hz - oz) * inv;
            final double b = (hz - oz) * inv;
            near = Math.max(near, Math.min(a, b));
            far = Math.min(far, Math.max(a, b));
        }
        return near <= far ? near : MISS;
    }

    /**
     * 2D version for footprints: where the ray o + t d (t at least 0) enters the rectangle.
     */
    static double entry2d(
        final double ox, final double oy,
        final double dx, final double dy,
        final double hx, final double hy)
    {
        // A ray in the plane z = 0 never leaves a slab of any height around it.
        return entry3d(ox, oy, 0, dx, dy, 0, hx, hy, 1);
    }

    /**
     * Where a world-frame 2D ray enters an actor's footprint, as sampled.
     */
    static double entryFootprint(final Actor actor, final double ox, final double oy, final double dx, final double dy)
    {
        final double c = actor.sampleCos;
        final double s = actor.sampleSin;
        final double rx = ox - actor.sampleX;
        final double ry = oy - actor.sampleY;
        return entry2d(rx * c + ry * s, -rx * s + ry * c, dx * c + dy * s, -dx * s + dy * c,
            actor.halfLength, actor.halfWidth);
    }
}
