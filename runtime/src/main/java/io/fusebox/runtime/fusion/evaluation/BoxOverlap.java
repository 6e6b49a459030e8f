package io.fusebox.runtime.fusion.evaluation;

/**
 * Overlap of boxes: oriented 3D intersection over union (the ground-plane intersection of two
 * rotated rectangles times the overlap of their vertical extents) and image-plane overlap.
 */
public final class BoxOverlap
{
    private static final int MAX_VERTICES = 16;

    private BoxOverlap()
    {
    }

    /**
     * @return intersection volume over union volume of two oriented boxes, in [0, 1].
     */
    public static double iou3d(final EvaluationBox a, final EvaluationBox b)
    {
        final double height = Math.min(a.top(), b.top()) - Math.max(a.bottom(), b.bottom());
        if (height <= 0.0)
        {
            return 0.0;
        }
        final double area = groundIntersectionArea(
            a.groundX(), a.groundY(), a.yaw(), a.length(), a.width(),
            b.groundX(), b.groundY(), b.yaw(), b.length(), b.width());
        if (area <= 0.0)
        {
            return 0.0;
        }
        final double intersection = area * height;
        final double union = a.volume() + b.volume() - intersection;
        return union > 0.0 ? intersection / union : 0.0;
    }

    /**
     * Area of the intersection of two rotated rectangles on the ground plane: the second is clipped
     * by each edge of the first (both are convex and counter-clockwise), then the shoelace formula.
     */
    public static double groundIntersectionArea(
        final double ax, final double ay, final double aYaw, final double aLength, final double aWidth,
        final double bx, final double by, final double bYaw, final double bLength, final double bWidth)
    {
        // Cheap rejection on bounding circles before any clipping.
        final double reach = 0.5 * (Math.hypot(aLength, aWidth) + Math.hypot(bLength, bWidth));
        final double dx = ax - bx;
        final double dy = ay - by;
        if (dx * dx + dy * dy > reach * reach)
        {
            return 0.0;
        }

        final double[] clip = new double[8];
        corners(ax, ay, aYaw, aLength, aWidth, clip);
        double[] polygon = new double[2 * MAX_VERTICES];
        double[] next = new double[2 * MAX_VERTICES];
        corners(bx, by, bYaw, bLength, bWidth, polygon);
        int count = 4;

        for (int edge = 0; edge < 4 && count > 0; edge++)
        {
            final double ex1 = clip[2 * edge];
            final double ey1 = clip[2 * edge + 1];
            final double ex2 = clip[2 * ((edge + 1) % 4)];
            final double ey2 = clip[2 * ((edge + 1) % 4) + 1];
            int nextCount = 0;
            for (int i = 0; i < count; i++)
            {
                final double sx = polygon[2 * ((i + count - 1) % count)];
                final double sy = polygon[2 * ((i + count - 1) % count) + 1];
                final double px = polygon[2 * i];
                final double py = polygon[2 * i + 1];
                final double sSide = side(ex1, ey1, ex2, ey2, sx, sy);
                final double pSide = side(ex1, ey1, ex2, ey2, px, py);
                if (pSide >= 0.0)
                {
                    if (sSide < 0.0)
                    {
                        nextCount = addIntersection(next, nextCount, sx, sy, px, py, sSide, pSide);
                    }
                    next[2 * nextCount] = px;
                    next[2 * nextCount + 1] = py;
                    nextCount++;
                }
                else if (sSide >= 0.0)
                {
                    nextCount = addIntersection(next, nextCount, sx, sy, px, py, sSide, pSide);
                }
            }
            final double[] swap = polygon;
            polygon = next;
            next = swap;
            count = nextCount;
        }

        double twiceArea = 0.0;
        for (int i = 0; i < count; i++)
        {
            final int j = (i + 1) % count;
            twiceArea += polygon[2 * i] * polygon[2 * j + 1] - polygon[2 * j] * polygon[2 * i + 1];
        }
        return 0.5 * Math.abs(twiceArea);
    }

    /**
     * Image-plane overlap of two boxes: intersection over union, or intersection over the area of a
     * alone (how KITTI decides that a box lies inside a DontCare region).
     */
    public static double imageOverlap(final EvaluationBox a, final EvaluationBox b, final boolean overAreaOfA)
    {
        final double width = Math.min(a.x2(), b.x2()) - Math.max(a.x1(), b.x1());
        final double height = Math.min(a.y2(), b.y2()) - Math.max(a.y1(), b.y1());
        if (width <= 0.0 || height <= 0.0)
        {
            return 0.0;
        }
        final double intersection = width * height;
        final double areaA = (a.x2() - a.x1()) * (a.y2() - a.y1());
        if (overAreaOfA)
        {
            return intersection / areaA;
        }
        final double areaB = (b.x2() - b.x1()) * (b.y2() - b.y1());
        return intersection / (areaA + areaB - intersection);
    }

    /**
     * Corners of a rotated rectangle, counter-clockwise, into out[0..8).
     */
    static void corners(
        final double x, final double y, final double yaw, final double length, final double width, final double[] out)
    {
        final double cos = Math.cos(yaw);
        final double sin = Math.sin(yaw);
        final double hx = 0.5 * length * cos;
        final double hy = 0.5 * length * sin;
        final double nx = -0.5 * width * sin;
        final double ny = 0.5 * width * cos;
        out[0] = x + hx + nx;
        out[1] = y + hy + ny;
        out[2] = x - hx + nx;
        out[3] = y - hy + ny;
        out[4] = x - hx - nx;
        out[5] = y - hy - ny;
        out[6] = x + hx - nx;
        out[7] = y + hy - ny;
    }

    private static double side(
        final double x1, final double y1, final double x2, final double y2, final double px, final double py)
    {
        return (x2 - x1) * (py - y1) - (y2 - y1) * (px - x1);
    }

    private static int addIntersection(
        final double[] out, final int count,
        final double sx, final double sy, final double px, final double py,
        final double sSide, final double pSide)
    {
        final double t = sSide / (sSide - pSide);
        out[2 * count] = sx + t * (px - sx);
        out[2 * count + 1] = sy + t * (py - sy);
        return count + 1;
    }
}
