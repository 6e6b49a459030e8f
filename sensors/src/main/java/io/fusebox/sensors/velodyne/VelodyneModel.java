package io.fusebox.sensors.velodyne;

import java.util.Locale;

/**
 * The Velodyne sensors whose data packets fusebox decodes: lasers, their vertical angles (the published
 * calibration, laser id order) and firing timing. Both send 12 blocks of 32 returns per packet; an
 * HDL-32E fires its 32 lasers once per block, a VLP-16 fires its 16 lasers twice per block.
 */
public enum VelodyneModel
{
    /** HDL-32E: 32 lasers, -30.67° to +10.67°, a block every 46.08 µs, lasers 1.152 µs apart. */
    HDL_32E(
        0x21,
        new double[]{
            -30.67, -9.33, -29.33, -8.00, -28.00, -6.67, -26.67, -5.33,
            -25.33, -4.00, -24.00, -2.67, -22.67, -1.33, -21.33, 0.00,
            -20.00, 1.33, -18.67, 2.67, -17.33, 4.00, -16.00, 5.33,
            -14.67, 6.67, -13.33, 8.00, -12.00, 9.33, -10.67, 10.67 },
        1,
        46_080,
        1_152),

    /** VLP-16: 16 lasers, -15° to +15° in 2° steps, two firing sequences of 55.296 µs per block. */
    VLP_16(
        0x22,
        new double[]{ -15, 1, -13, 3, -11, 5, -9, 7, -7, 9, -5, 11, -3, 13, -1, 15 },
        2,
        110_592,
        2_304);

    private final int productId;
    private final int laserCount;
    private final int firingsPerBlock;
    private final int blockDurationNs;
    private final int laserIntervalNs;
    private final int firingDurationNs;
    private final float[] sinVertical;
    private final float[] cosVertical;
    private final byte[] ring;

    VelodyneModel(
        final int productId,
        final double[] verticalDeg,
        final int firingsPerBlock,
        final int blockDurationNs,
        final int laserIntervalNs)
    {
        this.productId = productId;
        this.laserCount = verticalDeg.length;
        this.firingsPerBlock = firingsPerBlock;
        this.blockDurationNs = blockDurationNs;
        this.laserIntervalNs = laserIntervalNs;
        this.firingDurationNs = blockDurationNs / firingsPerBlock;
        sinVertical = new float[laserCount];
        cosVertical = new float[laserCount];
        ring = new byte[laserCount];
        for (int laser = 0; laser < laserCount; laser++)
        {
            sinVertical[laser] = (float)Math.sin(Math.toRadians(verticalDeg[laser]));
            cosVertical[laser] = (float)Math.cos(Math.toRadians(verticalDeg[laser]));
            int below = 0;
            for (final double other : verticalDeg)
            {
                below += other < verticalDeg[laser] ? 1 : 0;
            }
            ring[laser] = (byte)below;
        }
    }

    /**
     * @return the product id the sensor writes in the packet's last byte (0x21 HDL-32E, 0x22 VLP-16).
     */
    public int productId()
    {
        return productId;
    }

    public int laserCount()
    {
        return laserCount;
    }

    /**
     * @return how many times all lasers fire in one block: 1 (HDL-32E) or 2 (VLP-16).
     */
    public int firingsPerBlock()
    {
        return firingsPerBlock;
    }

    /**
     * @return time from one block's first firing to the next block's, ns.
     */
    public int blockDurationNs()
    {
        return blockDurationNs;
    }

    /**
     * @return time from one firing sequence's start to the next one's, ns.
     */
    public int firingDurationNs()
    {
        return firingDurationNs;
    }

    /**
     * @return time between consecutive lasers of a firing sequence, ns.
     */
    public int laserIntervalNs()
    {
        return laserIntervalNs;
    }

    public float sinVertical(final int laser)
    {
        return sinVertical[laser];
    }

    public float cosVertical(final int laser)
    {
        return cosVertical[laser];
    }

    /**
     * @return the laser's rank by vertical angle, 0 for the lowest: the ring as fusebox numbers beams.
     */
    public int ring(final int laser)
    {
        return ring[laser];
    }

    /**
     * @param name hdl-32e, hdl32e, vlp-16 or vlp16, any case.
     * @throws IllegalArgumentException naming the accepted values.
     */
    public static VelodyneModel fromName(final String name)
    {
        switch (name.trim().toLowerCase(Locale.ROOT).replace("-", "").replace("_", ""))
        {
            case "hdl32e":
                return HDL_32E;
            case "vlp16":
                return VLP_16;
            default:
                throw new IllegalArgumentException("unknown Velodyne model '" + name + "' (expected HDL-32E or VLP-16)");
        }
    }
}
