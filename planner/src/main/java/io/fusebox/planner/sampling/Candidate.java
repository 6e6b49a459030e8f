package io.fusebox.planner.sampling;

/**
 * One candidate trajectory over the horizon: index 0 is the start state, index k the state k steps
 * later. Arrays are sized once; a candidate is overwritten, never reallocated.
 */
public final class Candidate
{
    final int points;
    final double[] s;
    final double[] d;
    final double[] x;
    final double[] y;
    final double[] cosYaw;
    final double[] sinYaw;
    final double[] speed;
    final double[] acceleration;
    final double[] jerk;
    final double[] curvature;

    boolean isValid;
    double cost;
    double minClearance;
    double collisionTimeS;
    double targetD;
    int targetLane;
    double desiredSpeed;
    boolean isLeadConstrained;
    boolean isLeadStopped;
    double leadSpeed;
    boolean isEmergency;
    String invalidReason;
    int collisionObject = -1;

    /**
     * @param steps points after the start state (the horizon over the step).
     */
    public Candidate(final int steps)
    {
        points = steps + 1;
        s = new double[points];
        d = new double[points];
        x = new double[points];
        y = new double[points];
        cosYaw = new double[points];
        sinYaw = new double[points];
        speed = new double[points];
        acceleration = new double[points];
        jerk = new double[points];
        curvature = new double[points];
    }

    /** @return states held, the start state included. */
    public int points()
    {
        return points;
    }

    public double s(final int k)
    {
        return s[k];
    }

    public double d(final int k)
    {
        return d[k];
    }

    /** @return rear-axle position, vehicle frame of the world model planned on. */
    public double x(final int k)
    {
        return x[k];
    }

    public double y(final int k)
    {
        return y[k];
    }

    public double cosYaw(final int k)
    {
        return cosYaw[k];
    }

    public double sinYaw(final int k)
    {
        return sinYaw[k];
    }

    public double speed(final int k)
    {
        return speed[k];
    }

    public double acceleration(final int k)
    {
        return acceleration[k];
    }

    public double jerk(final int k)
    {
        return jerk[k];
    }

    public double curvature(final int k)
    {
        return curvature[k];
    }

    /** @return false when it collides or breaks a hard limit; {@link #invalidReason()} says which. */
    public boolean isValid()
    {
        return isValid;
    }

    public String invalidReason()
    {
        return invalidReason;
    }

    /** @return the scene index of the object a rejected candidate collides with, or -1. */
    public int collisionObject()
    {
        return collisionObject;
    }

    public double cost()
    {
        return cost;
    }

    /** @return the smallest clearance to any object over the horizon (inflated footprints). */
    public double minClearance()
    {
        return minClearance;
    }

    /** @return time of the first predicted overlap, or {@code Double.POSITIVE_INFINITY}. */
    public double collisionTimeS()
    {
        return collisionTimeS;
    }

    public double targetD()
    {
        return targetD;
    }

    public int targetLane()
    {
        return targetLane;
    }

    public double desiredSpeed()
    {
        return desiredSpeed;
    }

    /** @return whether a lead held the speed below the free-road profile at the start. */
    public boolean isLeadConstrained()
    {
        return isLeadConstrained;
    }

    /** @return whether that lead is standing (an obstacle or a waiting pedestrian, not traffic). */
    public boolean isLeadStopped()
    {
        return isLeadStopped;
    }

    public double leadSpeed()
    {
        return leadSpeed;
    }

    public boolean isEmergency()
    {
        return isEmergency;
    }

    /**
     * Marks this candidate as holding nothing: invalid, infinitely costly.
     */
    public void clear()
    {
        isValid = false;
        cost = Double.POSITIVE_INFINITY;
        invalidReason = "empty";
    }

    /**
     * Adds a fixed cost (a lane change's penalty) to a valid candidate.
     */
    public void addCost(final double penalty)
    {
        cost += penalty;
    }

    /**
     * Sets state {@code k} directly, for trajectories made without a rollout (a controlled stop).
     */
    public void setState(
        final int k,
        final double s,
        final double d,
        final double x,
        final double y,
        final double cosYaw,
        final double sinYaw,
        final double speed,
        final double acceleration,
        final double jerk,
        final double curvature)
    {
        this.s[k] = s;
        this.d[k] = d;
        this.x[k] = x;
        this.y[k] = y;
        this.cosYaw[k] = cosYaw;
        this.sinYaw[k] = sinYaw;
        this.speed[k] = speed;
        this.acceleration[k] = acceleration;
        this.jerk[k] = jerk;
        this.curvature[k] = curvature;
        isValid = true;
        cost = 0;
        invalidReason = null;
    }

    /**
     * Copies another candidate into this one.
     */
    public void copyFrom(final Candidate other)
    {
        System.arraycopy(other.s, 0, s, 0, points);
        System.arraycopy(other.d, 0, d, 0, points);
        System.arraycopy(other.x, 0, x, 0, points);
        System.arraycopy(other.y, 0, y, 0, points);
        System.arraycopy(other.cosYaw, 0, cosYaw, 0, points);
        System.arraycopy(other.sinYaw, 0, sinYaw, 0, points);
        System.arraycopy(other.speed, 0, speed, 0, points);
        System.arraycopy(other.acceleration, 0, acceleration, 0, points);
        System.arraycopy(other.jerk, 0, jerk, 0, points);
        System.arraycopy(other.curvature, 0, curvature, 0, points);
        isValid = other.isValid;
        cost = other.cost;
        minClearance = other.minClearance;
        collisionTimeS = other.collisionTimeS;
        targetD = other.targetD;
        targetLane = other.targetLane;
        desiredSpeed = other.desiredSpeed;
        isLeadConstrained = other.isLeadConstrained;
        isLeadStopped = other.isLeadStopped;
        leadSpeed = other.leadSpeed;
        isEmergency = other.isEmergency;
        invalidReason = other.invalidReason;
        collisionObject = other.collisionObject;
    }
}
