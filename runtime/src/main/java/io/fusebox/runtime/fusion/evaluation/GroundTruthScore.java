package io.fusebox.runtime.fusion.evaluation;

/**
 * How well world models matched a simulator's ground truth, over the frames a
 * {@link GroundTruthScorer} was given.
 *
 * @param frames          world models scored.
 * @param groundTruth     counted ground-truth objects summed over frames: the denominator of MOTA.
 * @param truePositives   counted ground truth matched by a confirmed track.
 * @param falsePositives  confirmed tracks in the region matching nothing.
 * @param falseNegatives  counted ground truth matched by no confirmed track.
 * @param idSwitches      counted ground truth whose matched track changed.
 * @param ignored         ground truth (or a track on it) in the frame but not counted: hidden, at the
 *                        region's edge, or scenery.
 * @param positionRmseM   root mean square centre distance of the true positives, ground plane, m.
 * @param velocityRmseMps root mean square velocity error of the true positives, m/s.
 */
public record GroundTruthScore(
    long frames,
    long groundTruth,
    long truePositives,
    long falsePositives,
    long falseNegatives,
    long idSwitches,
    long ignored,
    double positionRmseM,
    double velocityRmseMps)
{
    /**
     * @return 1 - (FN + FP + IDS) / ground truth, NaN with no ground truth.
     */
    public double mota()
    {
        return 0 == groundTruth ? Double.NaN : 1.0 - (falseNegatives + falsePositives + idSwitches) / (double)groundTruth;
    }

    public double recall()
    {
        return 0 == groundTruth ? Double.NaN : truePositives / (double)groundTruth;
    }

    public double precision()
    {
        final long reported = truePositives + falsePositives;
        return 0 == reported ? Double.NaN : truePositives / (double)reported;
    }
}
