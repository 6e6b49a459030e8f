package io.fusebox.sensors.velodyne;

/**
 * The points of one {@link VelodynePacket}, decoded into arrays allocated once: position in the sensor
 * frame (x forward, y left, z up, metres), intensity, ring (0 = lowest laser), azimuth and time since the
 * packet's first firing. Returns with no echo (distance 0) are left out.
 *
 * <p>Velodyne azimuths run clockwise seen from above, from straight ahead: a return at azimuth α and
 * vertical angle ω, range r, lies at x = r cos ω cos α, y = -r cos ω sin α, z = r sin ω. A VLP-16 reports
 * one azimuth per block for two firing sequences; each laser's own azimuth is interpolated towards the
 * next block's by its firing time (the last block uses the gap before it), as Velodyne's manual describes.
 * In dual-return mode blocks come in pairs with the same azimuth and firing time.
 */
public final class VelodynePoints
{
    public static final int MAX_POINTS = VelodynePacket.BLOCK_COUNT * VelodynePacket.RETURNS_PER_BLOCK;

    private static final float[] SIN_AZIMUTH = new float[VelodynePacket.AZIMUTH_UNITS_PER_TURN];
    private static final float[] COS_AZIMUTH = new float[VelodynePacket.AZIMUTH_UNITS_PER_TURN];

    static
    {
        for (int i = 0; i < VelodynePacket.AZIMUTH_UNITS_PER_TURN; i++)
        {
            final double rad = Math.toRadians(i / 100.0);
            SIN_AZIMUTH[i] = (float)Math.sin(rad);
            COS_AZIMUTH[i] = (float)Math.cos(rad);
        }
    }

    private final VelodyneModel model;
    private final float[] x = new float[MAX_POINTS];
    private final float[] y = new float[MAX_POINTS];
    private final float[] z = new float[MAX_POINTS];
    private final short[] intensity = new short[MAX_POINTS];
    private final short[] ring = new short[MAX_POINTS];
    private final int[] azimuth = new int[MAX_POINTS];
    private final int[] timeOffsetNs = new int[MAX_POINTS];
    private int count;

    public VelodynePoints(final VelodyneModel model)
    {
        this.model = model;
    }

    public VelodyneModel model()
    {
        return model;
    }

    /**
     * Decodes a packet that {@link VelodynePacket#wrap} found valid for this model, replacing the points held.
     *
     * @return how many points it holds now.
     */
    public int decode(final VelodynePacket packet)
    {
        final int laserCount = model.laserCount();
        final int firings = model.firingsPerBlock();
        final boolean dual = VelodynePacket.RETURN_MODE_DUAL == packet.returnMode();
        final int blockStride = dual ? 2 : 1;
        int lastAzimuthGap = 0;
        count = 0;

        for (int block = 0; block < VelodynePacket.BLOCK_COUNT; block++)
        {
            final int blockAzimuth = packet.azimuth(block);
            final int nextBlock = block + blockStride;
            // A dual-return pair shares its firings: the second block takes the gap the first one measured.
            if (!dual || 0 == (block & 1))
            {
                if (nextBlock < VelodynePacket.BLOCK_COUNT)
                {
                    lastAzimuthGap = Math.floorMod(packet.azimuth(nextBlock) - blockAzimuth, VelodynePacket.AZIMUTH_UNITS_PER_TURN);
                }
            }
            final int blockTimeNs = (block / blockStride) * model.blockDurationNs();

            for (int channel = 0; channel < VelodynePacket.RETURNS_PER_BLOCK; channel++)
            {
                final int distance = packet.distance(block, channel);
                if (0 == distance)
                {
                    continue;
                }
                final int laser = channel % laserCount;
                final int firing = channel / laserCount;
                final int firingTimeNs = firing * model.firingDurationNs() + laser * model.laserIntervalNs();
                final int pointAzimuth = 1 == firings ? blockAzimuth :
                    (blockAzimuth + (int)Math.round((double)lastAzimuthGap * firingTimeNs / model.blockDurationNs())) %
                    VelodynePacket.AZIMUTH_UNITS_PER_TURN;

                final float range = distance * VelodynePacket.DISTANCE_UNIT_M;
                final float horizontal = range * model.cosVertical(laser);
                x[count] = horizontal * COS_AZIMUTH[pointAzimuth];
                y[count] = -horizontal * SIN_AZIMUTH[pointAzimuth];
                z[count] = range * model.sinVertical(laser);
                intensity[count] = (short)packet.intensity(block, channel);
                ring[count] = (short)model.ring(laser);
                azimuth[count] = pointAzimuth;
                timeOffsetNs[count] = blockTimeNs + firingTimeNs;
                count++;
            }
        }
        return count;
    }

    public int count()
    {
        return count;
    }

    public float x(final int index)
    {
        return x[index];
    }

    public float y(final int index)
    {
        return y[index];
    }

    public float z(final int index)
    {
        return z[index];
    }

    public short intensity(final int index)
    {
        return intensity[index];
    }

    public short ring(final int index)
    {
        return ring[index];
    }

    /**
     * @return the point's azimuth in hundredths of a degree, clockwise from straight ahead.
     */
    public int azimuth(final int index)
    {
        return azimuth[index];
    }

    /**
     * @return nanoseconds from the packet's first firing (its GPS timestamp) to this point's.
     */
    public int timeOffsetNs(final int index)
    {
        return timeOffsetNs[index];
    }
}
