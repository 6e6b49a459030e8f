package io.fusebox.planner.map;

/**
 * A lane's centreline around the ego, resampled at a fixed spacing and expressed in the vehicle frame
 * of one world model: the path Frenet coordinates are measured along. Sample 0 lies a little behind
 * the ego so objects just behind it have coordinates too; beyond either end the path runs straight on.
 * Rebuilt every cycle into preallocated arrays.
 */
public final class ReferencePath
{
    private final double spacing;
    private final double[] x;
    private final double[] y;
    private final double[] tangentCos;
    private final double[] tangentSin;
    private final double[] curvature;
    private int count;

    /**
     * @param spacingM  distance between samples.
     * @param maxPoints capacity.
     */
    public ReferencePath(final double spacingM, final int maxPoints)
    {
        spacing = spacingM;
        x = new double[maxPoints];
        y = new double[maxPoints];
        tangentCos = new double[maxPoints];
        tangentSin = new double[maxPoints];
        curvature = new double[maxPoints];
    }

    public int capacity()
    {
        return x.length;
    }

    public int count()
    {
        return count;
    }

    public double spacingM()
    {
        return spacing;
    }

    public double lengthM()
    {
        return (count - 1) * spacing;
    }

    /**
     * Samples a lane from arc length {@code arcStart} into the vehicle frame whose origin and heading in the
     * map's frame are given.
     *
     * @param points how many samples, at most {@link #capacity()} (and at least 2).
     */
    public void build(
        final LaneMap map,
        final int lane,
        final double arcStart,
        final int points,
        final double originX,
        final double originY,
        final double cosYaw,
        final double sinYaw)
    {
        final int first = map.firstVertex(lane);
        final int last = first + map.vertexCount(lane) - 1;
        final double end = map.arc[last];
        int v = first;
        count = Math.max(2, Math.min(points, x.length));
        for (int i = 0; i < count; i++)
        {
            final double a = arcStart + i * spacing;
            final double px;
            final double py;
            double tc;
            double ts;
            final double k;
            if (a <= 0)
            {
                px = map.x[first] + a * map.segmentCos[first];
                py = map.y[first] + a * map.segmentSin[first];
                tc = map.segmentCos[first];
                ts = map.segmentSin[first];
                k = map.curvature[first];
            }
            else if (a >= end)
            {
                px = map.x[last] + (a - end) * map.segmentCos[last];
                py = map.y[last] + (a - end) * map.segmentSin[last];
                tc = map.segmentCos[last];
                ts = map.segmentSin[last];
                k = map.curvature[last];
            }
            else
            {
                while (v < last - 1 && map.arc[v + 1] <= a)
                {
                    v++;
                }
                final double along = a - map.arc[v];
                final double f = along / (map.arc[v + 1] - map.arc[v]);
                px = map.x[v] + along * map.segmentCos[v];
                py = map.y[v] + along * map.segmentSin[v];
                tc = map.tangentCos[v] + f * (map.tangentCos[v + 1] - map.tangentCos[v]);
                ts = map.tangentSin[v] + f * (map.tangentSin[v + 1] - map.tangentSin[v]);
                final double norm = Math.sqrt(tc * tc + ts * ts);
                tc /= norm;
                ts /= norm;
                k = map.curvature[v] + f * (map.curvature[v + 1] - map.curvature[v]);
            }
            final double dx = px - originX;
            final double dy = py - originY;
            x[i] = dx * cosYaw + dy * sinYaw;
            y[i] = -dx * sinYaw + dy * cosYaw;
            tangentCos[i] = tc * cosYaw + ts * sinYaw;
            tangentSin[i] = -tc * sinYaw + ts * cosYaw;
            curvature[i] = k;
        }
    }

    /**
     * A straight path along the vehicle frame's x axis from {@code -backM}: what a planner follows when it has no
     * lane to trust.
     */
    public void buildStraight(final double backM, final int points)
    {
        count = Math.max(2, Math.min(points, x.length));
        for (int i = 0; i < count; i++)
        {
            x[i] = -backM + i * spacing;
            y[i] = 0;
            tangentCos[i] = 1;
            tangentSin[i] = 0;
            curvature[i] = 0;
        }
    }

    /**
     * The point at arc length {@code s} and lateral offset {@code d}, with the path's tangent and curvature at
     * {@code s}; linear between samples, straight on beyond the ends.
     */
    public void pointAt(final double s, final double d, final PathPoint out)
    {
        final double u = s / spacing;
        int i = (int)Math.floor(u);
        if (i < 0)
        {
            i = 0;
        }
        else if (i > count - 2)
        {
            i = count - 2;
        }
        final double f = u - i;
        double tc;
        double ts;
        double k;
        double px;
        double py;
        if (f <= 0 && i == 0)
        {
            tc = tangentCos[0];
            ts = tangentSin[0];
            k = curvature[0];
            px = x[0] + s * tc;
            py = y[0] + s * ts;
        }
        else if (f >= 1 && i == count - 2)
        {
            final int n = count - 1;
            tc = tangentCos[n];
            ts = tangentSin[n];
            k = curvature[n];
            final double beyond = s - n * spacing;
            px = x[n] + beyond * tc;
            py = y[n] + beyond * ts;
        }
        else
        {
            tc = tangentCos[i] + f * (tangentCos[i + 1] - tangentCos[i]);
            ts = tangentSin[i] + f * (tangentSin[i + 1] - tangentSin[i]);
            final double norm = Math.sqrt(tc * tc + ts * ts);
            tc /= norm;
            ts /= norm;
            k = curvature[i] + f * (curvature[i + 1] - curvature[i]);
            px = x[i] + f * (x[i + 1] - x[i]);
            py = y[i] + f * (y[i + 1] - y[i]);
        }
        out.s = s;
        out.d = d;
        out.tangentCos = tc;
        out.tangentSin = ts;
        out.curvature = k;
        out.x = px - d * ts;
        out.y = py + d * tc;
    }

    /**
     * Frenet coordinates of a point: the nearest point of the path (its ends extended straight), found by a
     * coarse pass over every eighth sample then a local refinement.
     */
    public void project(final double px, final double py, final PathPoint out)
    {
        final int n = count;
        int best = 0;
        double bestDistance = Double.MAX_VALUE;
        for (int i = 0; i < n; i += 8)
        {
            final double dx = px - x[i];
            final double dy = py - y[i];
            final double d2 = dx * dx + dy * dy;
            if (d2 < bestDistance)
            {
                bestDistance = d2;
                best = i;
            }
        }
        final double lastX = px - x[n - 1];
        final double lastY = py - y[n - 1];
        if (lastX * lastX + lastY * lastY < bestDistance)
        {
            best = n - 1;
        }
        final int from = Math.max(0, best - 8);
        final int to = Math.min(n - 1, best + 8);
        bestDistance = Double.MAX_VALUE;
        for (int i = from; i <= to; i++)
        {
            final double dx = px - x[i];
            final double dy = py - y[i];
            final double d2 = dx * dx + dy * dy;
            if (d2 < bestDistance)
            {
                bestDistance = d2;
                best = i;
            }
        }

        // Project onto the chord after the nearest sample, or the one before it when the point lies behind.
        int i = Math.min(best, n - 2);
        double cx = x[i + 1] - x[i];
        double cy = y[i + 1] - y[i];
        double t = ((px - x[i]) * cx + (py - y[i]) * cy) / (cx * cx + cy * cy);
        if (t < 0 && i > 0 && best == i)
        {
            i--;
            cx = x[i + 1] - x[i];
            cy = y[i + 1] - y[i];
            t = ((px - x[i]) * cx + (py - y[i]) * cy) / (cx * cx + cy * cy);
        }
        if (i > 0 && t < 0)
        {
            t = 0;
        }
        else if (i < n - 2 && t > 1)
        {
            t = 1;
        }
        final double norm = Math.sqrt(cx * cx + cy * cy);
        final double tc = cx / norm;
        final double ts = cy / norm;
        final double fx = px - x[i];
        final double fy = py - y[i];
        out.x = px;
        out.y = py;
        out.s = (i + t) * spacing;
        out.d = -fx * ts + fy * tc;
        out.tangentCos = tc;
        out.tangentSin = ts;
        final double f = Math.max(0, Math.min(1, t));
        out.curvature = curvature[i] + f * (curvature[i + 1] - curvature[i]);
    }
}
