package io.fusebox.sensors.rig;

/**
 * A spinning LiDAR: beams spread evenly from -vfovDown to +vfovUp, one firing of all beams per
 * azimuth step, a revolution per period, published as {@code sectors} equal azimuth sectors.
 */
public record LidarSpec(
    int beams,
    double vfovUpRad,
    double vfovDownRad,
    int azimuthStepsPerRevolution,
    int sectors,
    double minRangeM,
    double maxRangeM,
    double rangeStdM)
{
    public int stepsPerSector()
    {
        return azimuthStepsPerRevolution / sectors;
    }

    public int maxPointsPerSector()
    {
        return stepsPerSector() * beams;
    }

    /**
     * @return elevation of beam {@code ring} (0 = lowest), rad.
     */
    public double beamElevationRad(final int ring)
    {
        return beams == 1 ? 0 : -vfovDownRad + ring * (vfovUpRad + vfovDownRad) / (beams - 1);
    }
}
