package io.fusebox.runtime.fusion.tracking;

/**
 * Row-major dense matrices of a few rows held in caller-owned {@code double[]}, with offsets so one
 * array can hold many. The estimator's matrices are at most 6 x 6, where plain loops over
 * preallocated arrays beat a general library and allocate nothing.
 */
final class SmallMatrix
{
    private SmallMatrix()
    {
    }

    /**
     * {@code out = a * b} with a (n x k) and b (k x m). out must not alias a or b.
     */
    static void multiply(
        final double[] a, final int aOffset,
        final double[] b, final int bOffset,
        final double[] out, final int outOffset,
        final int n, final int k, final int m)
    {
        for (int i = 0; i < n; i++)
        {
            final int aRow = aOffset + i * k;
            final int outRow = outOffset + i * m;
            for (int j = 0; j < m; j++)
            {
                double sum = 0.0;
                for (int p = 0; p < k; p++)
                {
                    sum += a[aRow + p] * b[bOffset + p * m + j];
                }
                out[outRow + j] = sum;
            }
        }
    }

    /**
     * {@code out = a * transpose(b)} with a (n x k) and b (m x k). out must not alias a or b.
     */
    static void multiplyTransposed(
        final double[] a, final int aOffset,
        final double[] b, final int bOffset,
        final double[] out, final int outOffset,
        final int n, final int k, final int m)
    {
        for (int i = 0; i < n; i++)
        {
            final int aRow = aOffset + i * k;
            final int outRow = outOffset + i * m;
            for (int j = 0; j < m; j++)
            {
                final int bRow = bOffset + j * k;
                double sum = 0.0;
                for (int p = 0; p < k; p++)
                {
                    sum += a[aRow + p] * b[bRow + p];
                }
                out[outRow + j] = sum;
            }
        }
    }

    /**
     * Makes a square matrix exactly symmetric by averaging it with its transpose, so rounding in
     * repeated covariance updates cannot drift it away from symmetric positive definite.
     */
    static void symmetrise(final double[] a, final int offset, final int n)
    {
        for (int i = 0; i < n; i++)
        {
            for (int j = i + 1; j < n; j++)
            {
                final double mean = 0.5 * (a[offset + i * n + j] + a[offset + j * n + i]);
                a[offset + i * n + j] = mean;
                a[offset + j * n + i] = mean;
            }
        }
    }

    /**
     * Inverts a symmetric positive definite n x n matrix through its Cholesky factor.
     *
     * @param a       the matrix, left unchanged.
     * @param inverse receives the inverse (n x n from offset 0).
     * @param scratch at least n * n doubles.
     * @return the natural logarithm of the determinant, or {@link Double#NaN} when the matrix is
     * not positive definite (inverse is then undefined).
     */
    static double invertSymmetricPositiveDefinite(
        final double[] a, final int aOffset, final int n, final double[] inverse, final double[] scratch)
    {
        // Lower Cholesky factor L into scratch.
        double logDeterminant = 0.0;
        for (int i = 0; i < n; i++)
        {
            for (int j = 0; j <= i; j++)
            {
                double sum = a[aOffset + i * n + j];
                for (int k = 0; k < j; k++)
                {
                    sum -= scratch[i * n + k] * scratch[j * n + k];
                }
                if (i == j)
                {
                    if (!(sum > 0.0))
                    {
                        return Double.NaN;
                    }
                    final double diagonal = Math.sqrt(sum);
                    scratch[i * n + i] = diagonal;
                    logDeterminant += 2.0 * StrictMath.log(diagonal);
                }
                else
                {
                    scratch[i * n + j] = sum / scratch[j * n + j];
                }
            }
            for (int j = i + 1; j < n; j++)
            {
                scratch[i * n + j] = 0.0;
            }
        }

        // Column by column: solve L y = e_c, then L^T x = y.
        for (int c = 0; c < n; c++)
        {
            for (int i = 0; i < n; i++)
            {
                double sum = i == c ? 1.0 : 0.0;
                for (int k = 0; k < i; k++)
                {
                    sum -= scratch[i * n + k] * inverse[k * n + c];
                }
                inverse[i * n + c] = sum / scratch[i * n + i];
            }
            for (int i = n - 1; i >= 0; i--)
            {
                double sum = inverse[i * n + c];
                for (int k = i + 1; k < n; k++)
                {
                    sum -= scratch[k * n + i] * inverse[k * n + c];
                }
                inverse[i * n + c] = sum / scratch[i * n + i];
            }
        }
        symmetrise(inverse, 0, n);

        return logDeterminant;
    }
}
