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

    /**
     * The same question for a track, whose size and motion a coverage may use (how far its box reaches,
     * whether something stands in front of it); by default its predicted position decides.
     *
     * @param sourceIndex the source of the measurement batch being processed.
     * @param track       predicted to the batch's time.
     * @return true when the source would have detected it.
     */
    default boolean covers(int sourceIndex, Track track)
    {
        return covers(sourceIndex, track.x(), track.y());
    }
}
