package io.fusebox.runtime.fusion.evaluation;

/**
 * Rules of a CLEAR-MOT evaluation.
 *
 * @param minIou              least 3D IoU for a tracker box to match a ground-truth box.
 * @param keepPreviousMatches keep last frame's match of a ground-truth object when it is still
 *                            within minIou, before solving the rest (CLEAR-MOT as Bernardin and
 *                            Stiefelhagen define it); false solves every frame afresh, as the KITTI
 *                            devkit does.
 * @param minImageHeight      an unmatched tracker box whose image box is this tall or less, px, is ignored.
 * @param maxTruncation       ground truth truncated more than this is ignored.
 * @param maxOcclusion        ground truth occluded more than this is ignored.
 * @param minDontCareOverlap  an unmatched tracker box whose image box lies more than this fraction
 *                            inside a DontCare region is ignored.
 */
public record EvaluationSettings(
    double minIou,
    boolean keepPreviousMatches,
    double minImageHeight,
    int maxTruncation,
    int maxOcclusion,
    double minDontCareOverlap)
{
    public EvaluationSettings
    {
        if (!(minIou > 0.0 && minIou <= 1.0))
        {
            throw new IllegalArgumentException("EvaluationSettings.minIou must be in (0, 1]: " + minIou);
        }
        if (!(minImageHeight >= 0.0))
        {
            throw new IllegalArgumentException("EvaluationSettings.minImageHeight must be >= 0: " + minImageHeight);
        }
        if (maxTruncation < 0)
        {
            throw new IllegalArgumentException("EvaluationSettings.maxTruncation must be >= 0: " + maxTruncation);
        }
        if (maxOcclusion < 0)
        {
            throw new IllegalArgumentException("EvaluationSettings.maxOcclusion must be >= 0: " + maxOcclusion);
        }
        if (!(minDontCareOverlap >= 0.0 && minDontCareOverlap <= 1.0))
        {
            throw new IllegalArgumentException(
                "EvaluationSettings.minDontCareOverlap must be in [0, 1]: " + minDontCareOverlap);
        }
    }

    /**
     * KITTI 3D MOT: IoU 0.25, boxes of 25 px or less ignored, truncated (above 0) or heavily
     * occluded (above 2) ground truth ignored, DontCare by more than half of the box's area.
     *
     * @param keepPreviousMatches see {@link #keepPreviousMatches()}.
     */
    public static EvaluationSettings kitti(final boolean keepPreviousMatches)
    {
        return new EvaluationSettings(0.25, keepPreviousMatches, 25.0, 0, 2, 0.5);
    }
}
