package io.fusebox.sensors.sim;

import java.util.ArrayList;
import java.util.List;

/**
 * A road: a reference line of straight and circular pieces, evaluated exactly (no sampling error),
 * and the lanes laid along it at constant lateral offsets. Beyond either end the first and last
 * pieces extend, so traffic that outlives a scenario's intended drive simply runs on.
 */
final class Road
{
    private final String name;
    private final double length;
    private final double[] startS;
    private final double[] pieceLength;
    private final double[] startX;
    private final double[] startY;
    private final double[] startHeading;
    private final double[] startCos;
    private final double[] startSin;
    private final double[] curvature;
    private final double[] centreX;
    private final double[] centreY;
    private final List<Lane> lanes = new ArrayList<>();

    private Road(final String name, final List<double[]> pieces, final double x, final double y, final double heading)
    {
        this.name = name;
        final int count = pieces.size();
        startS = new double[count];
        pieceLength = new double[count];
        startX = new double[count];
        startY = new double[count];
        startHeading = new double[count];
        startCos = new double[count];
        startSin = new double[count];
        curvature = new double[count];
        centreX = new double[count];
        centreY = new double[count];
        double s = 0;
        double px = x;
        double py = y;
        double h = heading;
        for (int i = 0; i < count; i++)
        {
            final double len = pieces.get(i)[0];
            final double k = pieces.get(i)[1];
            startS[i] = s;
            pieceLength[i] = len;
            startX[i] = px;
            startY[i] = py;
            startHeading[i] = h;
            startCos[i] = StrictMath.cos(h);
            startSin[i] = StrictMath.sin(h);
            curvature[i] = k;
            if (k != 0)
            {
                centreX[i] = px - startSin[i] / k;
                centreY[i] = py + startCos[i] / k;
                final double end = h + k * len;
                px = centreX[i] + StrictMath.sin(end) / k;
                py = centreY[i] - StrictMath.cos(end) / k;
                h = end;
            }
            else
            {
                px += len * startCos[i];
                py += len * startSin[i];
            }
            s += len;
        }
        length = s;
    }

    static Builder startingAt(final String name, final double x, final double y, final double headingRad)
    {
        return new Builder(name, x, y, headingRad);
    }

    String name()
    {
        return name;
    }

    double length()
    {
        return length;
    }

    List<Lane> lanes()
    {
        return lanes;
    }

    Lane lane(final int index)
    {
        return lanes.get(index);
    }

    Lane addLane(
        final double offsetM,
        final double widthM,
        final int direction,
        final double speedLimitMps,
        final Lane.LaneKind kind)
    {
        final Lane lane = new Lane(this, lanes.size(), offsetM, widthM, direction, speedLimitMps, kind);
        lanes.add(lane);
        return lane;
    }

    private int pieceAt(final double s)
    {
        int i = startS.length - 1;
        while (i > 0 && s < startS[i])
        {
            i--;
        }
        return i;
    }

    /**
     * The point at reference arc length {@code s} and lateral offset {@code d}, with the reference
     * line's heading and curvature there.
     */
    void point(final double s, final double d, final RoadPoint out)
    {
        final int i = pieceAt(s);
        final double t = s - startS[i];
        final double k = curvature[i];
        final double x;
        final double y;
        if (k == 0)
        {
            out.heading = startHeading[i];
            out.cosHeading = startCos[i];
            out.sinHeading = startSin[i];
            x = startX[i] + t * startCos[i];
            y = startY[i] + t * startSin[i];
        }
        else
        {
            final double h = startHeading[i] + k * t;
            out.heading = Angles.wrap(h);
            out.cosHeading = StrictMath.cos(h);
            out.sinHeading = StrictMath.sin(h);
            x = centreX[i] + out.sinHeading / k;
            y = centreY[i] - out.cosHeading / k;
        }
        out.curvature = k;
        out.s = s;
        out.d = d;
        out.x = x - d * out.sinHeading;
        out.y = y + d * out.cosHeading;
    }

    /**
     * Frenet coordinates of a world point: the nearest point of the reference line (its ends
     * extended), with heading and curvature there.
     */
    void project(final double x, final double y, final RoadPoint out)
    {
        double bestDistance = Double.MAX_VALUE;
        double bestS = 0;
        double bestD = 0;
        int bestPiece = 0;
        final int last = startS.length - 1;
        for (int i = 0; i <= last; i++)
        {
            final double k = curvature[i];
            double t;
            double d;
            if (k == 0)
            {
                final double dx = x - startX[i];
                final double dy = y - startY[i];
                t = dx * startCos[i] + dy * startSin[i];
                d = -dx * startSin[i] + dy * startCos[i];
            }
            else
            {
                final double vx = x - centreX[i];
                final double vy = y - centreY[i];
                final double r = Math.sqrt(vx * vx + vy * vy);
                final double theta = k > 0 ? StrictMath.atan2(vx, -vy) : StrictMath.atan2(-vx, vy);
                t = Angles.wrap(theta - startHeading[i]) / k;
                d = (k > 0 ? 1 : -1) * (1 / Math.abs(k) - r);
            }
            double distance = Math.abs(d);
            if ((t < 0 && i > 0) || (t > pieceLength[i] && i < last))
            {
                // Outside an inner piece: its neighbour answers; rank this one by the distance past its end.
                final double over = t < 0 ? -t : t - pieceLength[i];
                distance = Math.abs(d) + over;
                t = t < 0 ? 0 : pieceLength[i];
            }
            if (distance < bestDistance)
            {
                bestDistance = distance;
                bestS = startS[i] + t;
                bestD = d;
                bestPiece = i;
            }
        }
        point(bestS, 0, out);
        out.d = bestD;
        out.x = x;
        out.y = y;
        out.curvature = curvature[bestPiece];
    }

    public String toString()
    {
        return "Road{" + name + ", " + Math.round(length) + " m, " + lanes.size() + " lanes}";
    }

    static final class Builder
    {
        private final String name;
        private final double x;
        private final double y;
        private final double heading;
        private final List<double[]> pieces = new ArrayList<>();

        private Builder(final String name, final double x, final double y, final double heading)
        {
            this.name = name;
            this.x = x;
            this.y = y;
            this.heading = heading;
        }

        Builder straight(final double lengthM)
        {
            pieces.add(new double[]{ lengthM, 0 });
            return this;
        }

        /**
         * @param radiusM positive turns left, negative turns right.
         */
        Builder arc(final double lengthM, final double radiusM)
        {
            if (lengthM / Math.abs(radiusM) >= Math.PI)
            {
                throw new IllegalArgumentException("an arc piece must turn less than 180 degrees");
            }
            pieces.add(new double[]{ lengthM, 1 / radiusM });
            return this;
        }

        Road build()
        {
            if (pieces.isEmpty())
            {
                throw new IllegalStateException("road " + name + " has no pieces");
            }
            return new Road(name, pieces, x, y, heading);
        }
    }
}
