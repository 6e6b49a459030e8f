package io.fusebox.runtime.fusion.evaluation;

/**
 * CLEAR-MOT scores of one category over the sequences given to a {@link ClearMotEvaluator}.
 *
 * @param mota                 1 - (FN + FP + IDS) / groundTruth.
 * @param motp                 mean 3D IoU of the matched pairs (ignored ones included, as KITTI does).
 * @param truePositives        matched pairs, ignored ones included (KITTI's convention).
 * @param ignoredTruePositives matched pairs whose ground truth is ignored (neighbour class, truncated, occluded).
 * @param falsePositives       unmatched, unignored tracker boxes.
 * @param falseNegatives       unmatched, unignored ground-truth boxes.
 * @param idSwitches           ground-truth trajectories that changed tracker id from one tracked frame to the next.
 * @param fragmentations       tracked ground-truth trajectories interrupted and resumed.
 * @param groundTruth          unignored ground-truth boxes: the denominator of MOTA.
 * @param ignoredGroundTruth   ground-truth boxes ignored.
 * @param trackerBoxes         all tracker boxes.
 * @param ignoredTrackerBoxes  unmatched tracker boxes ignored (neighbour class, small, inside DontCare).
 * @param mostlyTracked        ground-truth trajectories tracked in more than 80 % of their frames.
 * @param partlyTracked        tracked in 20 % to 80 %.
 * @param mostlyLost           tracked in less than 20 %.
 */
public record ClearMotResult(
    double mota,
    double motp,
    long truePositives,
    long ignoredTruePositives,
    long falsePositives,
    long falseNegatives,
    long idSwitches,
    long fragmentations,
    long groundTruth,
    long ignoredGroundTruth,
    long trackerBoxes,
    long ignoredTrackerBoxes,
    long mostlyTracked,
    long partlyTracked,
    long mostlyLost)
{
    public double recall()
    {
        final long denominator = truePositives + falseNegatives;
        return 0 == denominator ? 0.0 : truePositives / (double)denominator;
    }

    public double precision()
    {
        final long denominator = truePositives + falsePositives;
        return 0 == denominator ? 0.0 : truePositives / (double)denominator;
    }
}
