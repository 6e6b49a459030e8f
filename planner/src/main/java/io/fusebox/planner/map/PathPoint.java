package io.fusebox.planner.map;

/**
 * A point of a {@link ReferencePath} with its Frenet coordinates, the path's unit tangent and its
 * curvature there. Scratch: reused, never retained.
 */
public final class PathPoint
{
    double x;
    double y;
    double s;
    double d;
    double tangentCos = 1;
    double tangentSin;
    double curvature;

    public double x()
    {
        return x;
    }

    public double y()
    {
        return y;
    }

    /** @return arc length along the reference path. */
    public double s()
    {
        return s;
    }

    /** @return signed offset from the reference path, left positive. */
    public double d()
    {
        return d;
    }

    public double tangentCos()
    {
        return tangentCos;
    }

    public double tangentSin()
    {
        return tangentSin;
    }

    public double curvature()
    {
        return curvature;
    }
}
