package io.fusebox.runtime.fusion.lidar;

/**
 * Fits an oriented rectangle to a cluster's ground-plane points with the closeness criterion of
 * L-shape fitting (Zhang et al., "Efficient L-Shape Fitting for Vehicle Detection Using Laser
 * Scanners", IV 2017): of the candidate orientations in [0, 90 deg), the one whose rectangle has
 * the points closest to its edges. A LiDAR sees at most two faces of a box, so the closest-edge
 * rectangle finds them where a minimum-area or principal-axis fit would tilt towards the diagonal.
 * Results are left in fields; nothing is allocated.
 */
final class BoxFitter
{
    private static final int ANGLE_STEPS = 45;
    private static final double MIN_EDGE_DISTANCE_M = 0.02;

    private final double[] cosTable = new double[ANGLE_STEPS];
    private final double[] sinTable = new double[ANGLE_STEPS];

    double angle;
    double cos;
    double sin;
    /** Extent along the first axis (angle), m. */
    double min1;
    double max1;
    /** Extent along the second axis (angle + 90 deg), m. */
    double min2;
    double max2;
    double meanX;
    double meanY;

    BoxFitter()
    {
        for (int k = 0; k < ANGLE_STEPS; k++)
        {
            final double a = k * (0.5 * Math.PI) / ANGLE_STEPS;
            cosTable[k] = StrictMath.cos(a);
            sinTable[k] = StrictMath.sin(a);
        }
    }

    /**
     * Fits the rectangle to points {@code (xs[i], ys[i])}, i in [0, n), n at least 1. Extents are about
     * the points' mean, ({@link #meanX}, {@link #meanY}).
     */
    void fit(final double[] xs, final double[] ys, final int n)
    {
        double sx = 0.0;
        double sy = 0.0;
        for (int i = 0; i < n; i++)
        {
            sx += xs[i];
            sy += ys[i];
        }
        meanX = sx / n;
        meanY = sy / n;

        double bestScore = Double.NEGATIVE_INFINITY;
        int best = 0;
        for (int k = 0; k < ANGLE_STEPS; k++)
        {
            final double c = cosTable[k];
            final double s = sinTable[k];
            double lo1 = Double.POSITIVE_INFINITY;
            double hi1 = Double.NEGATIVE_INFINITY;
            double lo2 = Double.POSITIVE_INFINITY;
            double hi2 = Double.NEGATIVE_INFINITY;
            for (int i = 0; i < n; i++)
            {
                final double x = xs[i] - meanX;
                final double y = ys[i] - meanY;
                final double c1 = x * c + y * s;
                final double c2 = -x * s + y * c;
                lo1 = Math.min(lo1, c1);
                hi1 = Math.max(hi1, c1);
                lo2 = Math.min(lo2, c2);
                hi2 = Math.max(hi2, c2);
            }
            double score = 0.0;
            for (int i = 0; i < n; i++)
            {
                final double x = xs[i] - meanX;
                final double y = ys[i] - meanY;
                final double c1 = x * c + y * s;
                final double c2 = -x * s + y * c;
                final double d1 = Math.min(hi1 - c1, c1 - lo1);
                final double d2 = Math.min(hi2 - c2, c2 - lo2);
                score += 1.0 / Math.max(Math.min(d1, d2), MIN_EDGE_DISTANCE_M);
            }
            if (score > bestScore)
            {
                bestScore = score;
                best = k;
                min1 = lo1;
                max1 = hi1;
                min2 = lo2;
                max2 = hi2;
            }
        }
        angle = best * (0.5 * Math.PI) / ANGLE_STEPS;
        cos = cosTable[best];
        sin = sinTable[best];
    }
}
