package io.fusebox.runtime.fusion.tracking;

/**
 * Whether a source could have seen a point of the tracking frame, so that a track it did not detect
 * there counts as missed. A track outside every covering source simply coasts.
 */
@FunctionalInterface
public interface SensorCoverage
{
    /** Every source covers the whole plane: each update without a detection is a miss. */
    SensorCoverage EVERYWHERE = (sourceIndex, x, y) -> true;

    /**
     * @param sourceIndex the source of the measurement batch being processed.
     * @param x           predicted position of the track in the tracking frame, m.
     * @param y           predicted position of the track in the tracking frame, m.
     * @return true when the source would have detected an object there.
     */
    boolean covers(int sourceIndex, double x, double y);
}
