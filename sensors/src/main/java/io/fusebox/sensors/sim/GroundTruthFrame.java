package io.fusebox.sensors.sim;

/**
 * A copy of ground truth at one instant, in the ego's vehicle frame: what {@link GroundTruthView} reads, held in
 * arrays sized once, so copying allocates nothing.
 */
public final class GroundTruthFrame implements GroundTruthView
{
    private final int[] actorId;
    private final boolean[] structure;
    private final double[] length;
    private final double[] width;
    private final double[] x;
    private final double[] y;
    private final double[] yaw;
    private final double[] vx;
    private final double[] vy;
    private int actorCount;
    private long timeNs;

    /**
     * @param maxActors the most actors a copied truth may hold.
     */
    public GroundTruthFrame(final int maxActors)
    {
        actorId = new int[maxActors];
        structure = new boolean[maxActors];
        length = new double[maxActors];
        width = new double[maxActors];
        x = new double[maxActors];
        y = new double[maxActors];
        yaw = new double[maxActors];
        vx = new double[maxActors];
        vy = new double[maxActors];
    }

    /**
     * Copies {@code truth} as it is now.
     *
     * @throws IllegalArgumentException when it holds more actors than this frame was sized for.
     */
    public void copyFrom(final GroundTruthView truth)
    {
        final int count = truth.actorCount();
        if (count > actorId.length)
        {
            throw new IllegalArgumentException(count + " actors, frame sized for " + actorId.length);
        }
        for (int i = 0; i < count; i++)
        {
            actorId[i] = truth.actorId(i);
            structure[i] = truth.isStructure(i);
            length[i] = truth.length(i);
            width[i] = truth.width(i);
            x[i] = truth.vehicleX(i);
            y[i] = truth.vehicleY(i);
            yaw[i] = truth.vehicleYaw(i);
            vx[i] = truth.vehicleVx(i);
            vy[i] = truth.vehicleVy(i);
        }
        actorCount = count;
        timeNs = truth.timeNs();
    }

    public long timeNs()
    {
        return timeNs;
    }

    public int actorCount()
    {
        return actorCount;
    }

    public int actorId(final int index)
    {
        return actorId[index];
    }

    public boolean isStructure(final int index)
    {
        return structure[index];
    }

    public double length(final int index)
    {
        return length[index];
    }

    public double width(final int index)
    {
        return width[index];
    }

    public double vehicleX(final int index)
    {
        return x[index];
    }

    public double vehicleY(final int index)
    {
        return y[index];
    }

    public double vehicleYaw(final int index)
    {
        return yaw[index];
    }

    public double vehicleVx(final int index)
    {
        return vx[index];
    }

    public double vehicleVy(final int index)
    {
        return vy[index];
    }
}
