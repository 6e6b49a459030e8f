package io.fusebox.sensors.sim;

import java.util.SplittableRandom;

/**
 * One sensor's own source of randomness, seeded from (simulation seed, stream id) so that what a
 * sensor draws never depends on pacing or on which other sensors exist.
 *
 * <p>Gaussians come from a tabulated inverse normal CDF, computed once with {@link StrictMath}: the
 * draws are the same on every JVM and platform, cost one {@code nextLong}, and allocate nothing.
 * Tails are cut at about 3.8 sigma, which no sensor model here can tell apart.
 */
final class NoiseStream
{
    private static final int TABLE_BITS = 12;
    private static final int TABLE_SIZE = 1 << TABLE_BITS;
    private static final double FRACTION_SCALE = 0x1.0p-40;
    private static final double[] NORMAL_QUANTILES = normalQuantiles();

    private final SplittableRandom random;

    NoiseStream(final long seed, final long stream)
    {
        random = new SplittableRandom(mix64(seed ^ mix64(stream + 0x9E3779B97F4A7C15L)));
    }

    /**
     * @return a standard normal draw (mean 0, variance 1).
     */
    double gaussian()
    {
        final long bits = random.nextLong();
        final int index = (int)(bits >>> (64 - TABLE_BITS));
        final double fraction = (bits & ((1L << 40) - 1)) * FRACTION_SCALE;
        final double low = NORMAL_QUANTILES[index];
        return low + fraction * (NORMAL_QUANTILES[index + 1] - low);
    }

    /**
     * @return uniform in [0, 1).
     */
    double uniform()
    {
        return random.nextDouble();
    }

    double uniform(final double from, final double to)
    {
        return from + (to - from) * random.nextDouble();
    }

    boolean chance(final double probability)
    {
        return random.nextDouble() < probability;
    }

    int nextInt(final int bound)
    {
        return random.nextInt(bound);
    }

    /**
     * Knuth's multiplication method: fine for the small means sensors use (clutter, false positives).
     */
    int poisson(final double mean)
    {
        if (mean <= 0)
        {
            return 0;
        }
        final double limit = StrictMath.exp(-mean);
        int count = 0;
        double product = random.nextDouble();
        while (product > limit)
        {
            count++;
            product *= random.nextDouble();
        }
        return count;
    }

    static long mix64(final long value)
    {
        long z = value;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    private static double[] normalQuantiles()
    {
        final double[] table = new double[TABLE_SIZE + 1];
        final double epsilon = 0.25 / TABLE_SIZE;
        for (int i = 0; i <= TABLE_SIZE; i++)
        {
            final double p = Math.min(Math.max((double)i / TABLE_SIZE, epsilon), 1 - epsilon);
            table[i] = inverseNormal(p);
        }
        // Scale the piecewise-linear distribution to unit variance exactly.
        double secondMoment = 0;
        for (int i = 0; i < TABLE_SIZE; i++)
        {
            final double a = table[i];
            final double b = table[i + 1];
            secondMoment += (a * a + a * b + b * b) / 3.0;
        }
        final double scale = 1.0 / StrictMath.sqrt(secondMoment / TABLE_SIZE);
        for (int i = 0; i <= TABLE_SIZE; i++)
        {
            table[i] *= scale;
        }
        return table;
    }

    /**
     * Acklam's rational approximation of the inverse standard normal CDF (relative error below 1.2e-9).
     */
    static double inverseNormal(final double p)
    {
        final double a1 = -3.969683028665376e+01, a2 = 2.209460984245205e+02, a3 = -2.759285104469687e+02;
        final double a4 = 1.383577518672690e+02, a5 = -3.066479806614716e+01, a6 = 2.506628277459239e+00;
        final double b1 = -5.447609879822406e+01, b2 = 1.615858368580409e+02, b3 = -1.556989798598866e+02;
        final double b4 = 6.680131188771972e+01, b5 = -1.328068155288572e+01;
        final double c1 = -7.784894002430293e-03, c2 = -3.223964580411365e-01, c3 = -2.400758277161838e+00;
        final double c4 = -2.549732539343734e+00, c5 = 4.374664141464968e+00, c6 = 2.938163982698783e+00;
        final double d1 = 7.784695709041462e-03, d2 = 3.224671290700398e-01, d3 = 2.445134137142996e+00;
        final double d4 = 3.754408661907416e+00;
        final double low = 0.02425;
        if (p < low)
        {
            final double q = StrictMath.sqrt(-2 * StrictMath.log(p));
            return (((((c1 * q + c2) * q + c3) * q + c4) * q + c5) * q + c6) / ((((d1 * q + d2) * q + d3) * q + d4) * q + 1);
        }
        if (p > 1 - low)
        {
            final double q = StrictMath.sqrt(-2 * StrictMath.log(1 - p));
            return -(((((c1 * q + c2) * q + c3) * q + c4) * q + c5) * q + c6) / ((((d1 * q + d2) * q + d3) * q + d4) * q + 1);
        }
        final double q = p - 0.5;
        final double r = q * q;
        return (((((a1 * r + a2) * r + a3) * r + a4) * r + a5) * r + a6) * q /
            (((((b1 * r + b2) * r + b3) * r + b4) * r + b5) * r + 1);
    }
}
