package io.fusebox.sensors.sim;

import java.util.List;

/**
 * The mutable state of one actor in a running world. State fields hold the actor at the world's
 * step time; the {@code sample*} fields hold it extrapolated to the time sensors are sampling.
 */
final class Actor
{
    final int id;
    final ActorType type;
    final ActorSpec spec;
    final double length;
    final double width;
    final double height;
    final double halfLength;
    final double halfWidth;
    /** Radius of the circle around the footprint: cheap culling. */
    final double radius;
    final boolean moving;

    double x;
    double y;
    double yaw;
    double cosYaw = 1;
    double sinYaw;
    double vx;
    double vy;
    double speed;
    double acceleration;
    double yawRate;

    // Lane motion.
    Lane lane;
    double s;
    double d;
    double lateralSpeed;
    double curvature;
    int nextLaneChange;
    Lane changeTarget;
    double changeFromD;
    double committedStopS = Double.NaN;
    double pendingAcceleration;

    // Path motion.
    final double[] segmentLength;
    final double[] segmentCos;
    final double[] segmentSin;
    int segment;
    double along;
    boolean started;
    boolean waiting;
    boolean arrived;

    double sampleX;
    double sampleY;
    double sampleYaw;
    double sampleCos = 1;
    double sampleSin;

    Actor(final int id, final ActorSpec spec)
    {
        this.id = id;
        this.spec = spec;
        this.type = spec.type();
        this.length = spec.lengthM();
        this.width = spec.widthM();
        this.height = spec.heightM();
        this.halfLength = length / 2;
        this.halfWidth = width / 2;
        this.radius = Math.sqrt(halfLength * halfLength + halfWidth * halfWidth);
        this.moving = null != spec.drive() || null != spec.walk();
        final PathWalk walk = spec.walk();
        if (null != walk)
        {
            final int n = walk.xs().length;
            segmentLength = new double[n];
            segmentCos = new double[n];
            segmentSin = new double[n];
            for (int i = 0; i < n; i++)
            {
                final int j = (i + 1) % n;
                final double dx = walk.xs()[j] - walk.xs()[i];
                final double dy = walk.ys()[j] - walk.ys()[i];
                final double len = Math.sqrt(dx * dx + dy * dy);
                segmentLength[i] = len;
                segmentCos[i] = len > 0 ? dx / len : 1;
                segmentSin[i] = len > 0 ? dy / len : 0;
            }
        }
        else
        {
            segmentLength = null;
            segmentCos = null;
            segmentSin = null;
        }
    }

    boolean isLaneDriven()
    {
        return null != lane;
    }

    boolean isChangingLane()
    {
        return null != changeTarget;
    }

    List<LaneChange> laneChanges()
    {
        return spec.drive().laneChanges();
    }

    void pose(final double x, final double y, final double cosYaw, final double sinYaw)
    {
        this.x = x;
        this.y = y;
        this.cosYaw = cosYaw;
        this.sinYaw = sinYaw;
        this.yaw = StrictMath.atan2(sinYaw, cosYaw);
    }

    void sample(final double dtS)
    {
        sampleX = x + vx * dtS;
        sampleY = y + vy * dtS;
        if (yawRate != 0)
        {
            final double turn = yawRate * dtS;
            final double c = Angles.smallCos(turn);
            final double s = Angles.smallSin(turn);
            sampleYaw = Angles.wrap(yaw + turn);
            sampleCos = cosYaw * c - sinYaw * s;
            sampleSin = sinYaw * c + cosYaw * s;
        }
        else
        {
            sampleYaw = yaw;
            sampleCos = cosYaw;
            sampleSin = sinYaw;
        }
    }

    public String toString()
    {
        return "Actor{" + id + " " + type + " at " + Math.round(x) + "," + Math.round(y) + "}";
    }
}
