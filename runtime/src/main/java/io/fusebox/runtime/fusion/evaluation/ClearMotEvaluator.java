package io.fusebox.runtime.fusion.evaluation;

import io.fusebox.runtime.fusion.tracking.AssignmentSolver;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * CLEAR-MOT evaluation of one category of objects (Bernardin and Stiefelhagen, 2008) with the
 * conventions of the KITTI tracking devkit:
 * <ul>
 *     <li>per frame, ground truth and tracker boxes are matched at 3D IoU of at least
 *     {@link EvaluationSettings#minIou()}, optimally (Hungarian method, maximum number of matches
 *     first, then maximum overlap), after keeping last frame's matches that still hold when
 *     {@link EvaluationSettings#keepPreviousMatches()};</li>
 *     <li>ground truth of a neighbouring class, truncated or occluded beyond the limits is ignored:
 *     missing it is no false negative, matching it no true positive for MOTA;</li>
 *     <li>an unmatched tracker box of a neighbouring class, with an image box of
 *     {@link EvaluationSettings#minImageHeight()} px or less, or mostly inside a DontCare region, is
 *     ignored rather than a false positive;</li>
 *     <li>id switches and fragmentations are counted along each ground-truth trajectory as the
 *     devkit does: an ignored frame breaks the chain, and a switch needs the object tracked in both
 *     neighbouring frames.</li>
 * </ul>
 * Feed sequences one at a time: {@link #beginSequence()}, {@link #frame} for every frame in order,
 * {@link #endSequence()}; {@link #result()} sums over all of them.
 */
public final class ClearMotEvaluator
{
    private static final int UNMATCHED = -1;

    private final EvaluationSettings settings;

    private final Map<Integer, List<Integer>> trajectories = new LinkedHashMap<>();
    private final Map<Integer, List<Boolean>> trajectoryIgnored = new LinkedHashMap<>();
    private final Map<Integer, Integer> previousMatches = new HashMap<>();
    private final Map<Integer, Integer> currentMatches = new HashMap<>();
    private boolean inSequence;

    private int solverCapacity = 32;
    private AssignmentSolver solver = new AssignmentSolver(solverCapacity, solverCapacity);

    private long truePositives;
    private long ignoredTruePositives;
    private long falsePositives;
    private long falseNegatives;
    private long idSwitches;
    private long fragmentations;
    private long groundTruth;
    private long ignoredGroundTruth;
    private long trackerBoxes;
    private long ignoredTrackerBoxes;
    private long mostlyTracked;
    private long partlyTracked;
    private long mostlyLost;
    private double iouSum;

    public ClearMotEvaluator(final EvaluationSettings settings)
    {
        this.settings = settings;
    }

    public EvaluationSettings settings()
    {
        return settings;
    }

    public void beginSequence()
    {
        if (inSequence)
        {
            throw new IllegalStateException("sequence already begun");
        }
        inSequence = true;
        trajectories.clear();
        trajectoryIgnored.clear();
        previousMatches.clear();
    }

    /**
     * Evaluates one frame.
     *
     * @param groundTruthBoxes objects of the category and of its neighbours ({@link EvaluationBox.Role#TARGET}
     *                         and {@link EvaluationBox.Role#NEIGHBOUR}).
     * @param dontCareBoxes    DontCare regions of the frame (image boxes).
     * @param trackerBoxes     tracker output of the category for the frame, ids unique.
     */
    public void frame(
        final List<EvaluationBox> groundTruthBoxes,
        final List<EvaluationBox> dontCareBoxes,
        final List<EvaluationBox> trackerBoxes)
    {
        if (!inSequence)
        {
            throw new IllegalStateException("frame outside a sequence");
        }

        final int gtCount = groundTruthBoxes.size();
        final int trackerCount = trackerBoxes.size();
        final int[] gtToTracker = new int[gtCount];
        final boolean[] trackerMatched = new boolean[trackerCount];
        final double[][] iou = new double[gtCount][trackerCount];
        Arrays.fill(gtToTracker, UNMATCHED);

        for (int g = 0; g < gtCount; g++)
        {
            for (int t = 0; t < trackerCount; t++)
            {
                iou[g][t] = BoxOverlap.iou3d(groundTruthBoxes.get(g), trackerBoxes.get(t));
            }
        }

        if (settings.keepPreviousMatches())
        {
            for (int g = 0; g < gtCount; g++)
            {
                final Integer previousTrackerId = previousMatches.get(groundTruthBoxes.get(g).trackId());
                if (null == previousTrackerId)
                {
                    continue;
                }
                for (int t = 0; t < trackerCount; t++)
                {
                    if (!trackerMatched[t] && trackerBoxes.get(t).trackId() == previousTrackerId &&
                        iou[g][t] >= settings.minIou())
                    {
                        gtToTracker[g] = t;
                        trackerMatched[t] = true;
                        break;
                    }
                }
            }
        }

        ensureSolverCapacity(gtCount, trackerCount);
        solver.reset(gtCount, trackerCount);
        for (int g = 0; g < gtCount; g++)
        {
            if (gtToTracker[g] != UNMATCHED)
            {
                continue;
            }
            for (int t = 0; t < trackerCount; t++)
            {
                if (!trackerMatched[t] && iou[g][t] >= settings.minIou())
                {
                    solver.cost(g, t, 1.0 - iou[g][t]);
                }
            }
        }
        solver.solve();
        for (int g = 0; g < gtCount; g++)
        {
            final int t = solver.columnForRow(g);
            if (t >= 0)
            {
                gtToTracker[g] = t;
                trackerMatched[t] = true;
            }
        }

        // Unmatched tracker boxes that are not to be counted against the tracker.
        int ignoredTrackers = 0;
        for (int t = 0; t < trackerCount; t++)
        {
            if (trackerMatched[t])
            {
                continue;
            }
            final EvaluationBox box = trackerBoxes.get(t);
            boolean ignored = box.role() == EvaluationBox.Role.NEIGHBOUR ||
                (box.hasImageBox() && box.imageHeight() <= settings.minImageHeight());
            if (!ignored && box.hasImageBox())
            {
                for (int d = 0; d < dontCareBoxes.size(); d++)
                {
                    if (BoxOverlap.imageOverlap(box, dontCareBoxes.get(d), true) > settings.minDontCareOverlap())
                    {
                        ignored = true;
                        break;
                    }
                }
            }
            if (ignored)
            {
                ignoredTrackers++;
            }
        }

        int matched = 0;
        int ignoredMatched = 0;
        int ignoredMissed = 0;
        currentMatches.clear();
        for (int g = 0; g < gtCount; g++)
        {
            final EvaluationBox box = groundTruthBoxes.get(g);
            final boolean ignored = box.role() == EvaluationBox.Role.NEIGHBOUR ||
                box.occlusion() > settings.maxOcclusion() || box.truncation() > settings.maxTruncation();
            final int t = gtToTracker[g];
            final int trackerId;
            if (t != UNMATCHED)
            {
                matched++;
                iouSum += iou[g][t];
                trackerId = trackerBoxes.get(t).trackId();
                currentMatches.put(box.trackId(), trackerId);
                if (ignored)
                {
                    ignoredMatched++;
                }
            }
            else
            {
                trackerId = UNMATCHED;
                if (ignored)
                {
                    ignoredMissed++;
                }
            }
            trajectories.computeIfAbsent(box.trackId(), id -> new ArrayList<>()).add(trackerId);
            trajectoryIgnored.computeIfAbsent(box.trackId(), id -> new ArrayList<>()).add(ignored);
        }
        previousMatches.clear();
        previousMatches.putAll(currentMatches);

        truePositives += matched;
        ignoredTruePositives += ignoredMatched;
        falseNegatives += gtCount - matched - ignoredMissed;
        falsePositives += trackerCount - matched - ignoredTrackers;
        groundTruth += gtCount - ignoredMissed - ignoredMatched;
        ignoredGroundTruth += ignoredMissed + ignoredMatched;
        this.trackerBoxes += trackerCount;
        ignoredTrackerBoxes += ignoredTrackers;
    }

    public void endSequence()
    {
        if (!inSequence)
        {
            throw new IllegalStateException("no sequence begun");
        }
        inSequence = false;

        for (final Map.Entry<Integer, List<Integer>> entry : trajectories.entrySet())
        {
            countTrajectory(entry.getValue(), trajectoryIgnored.get(entry.getKey()));
        }
    }

    /**
     * @return the scores over every sequence ended so far.
     */
    public ClearMotResult result()
    {
        final double mota = 0 == groundTruth ? Double.NaN :
            1.0 - (falseNegatives + falsePositives + idSwitches) / (double)groundTruth;
        final double motp = 0 == truePositives ? 0.0 : iouSum / truePositives;
        return new ClearMotResult(
            mota, motp, truePositives, ignoredTruePositives, falsePositives, falseNegatives, idSwitches,
            fragmentations, groundTruth, ignoredGroundTruth, trackerBoxes, ignoredTrackerBoxes,
            mostlyTracked, partlyTracked, mostlyLost);
    }

    private void countTrajectory(final List<Integer> ids, final List<Boolean> ignored)
    {
        final int length = ids.size();
        int ignoredFrames = 0;
        boolean anyTracked = false;
        for (int f = 0; f < length; f++)
        {
            if (ignored.get(f))
            {
                ignoredFrames++;
            }
            if (ids.get(f) != UNMATCHED)
            {
                anyTracked = true;
            }
        }
        if (ignoredFrames == length)
        {
            return;
        }
        if (!anyTracked)
        {
            mostlyLost++;
            return;
        }

        int lastId = ids.get(0);
        int tracked = lastId != UNMATCHED ? 1 : 0;
        int f = 1;
        for (; f < length; f++)
        {
            final int id = ids.get(f);
            if (ignored.get(f))
            {
                lastId = UNMATCHED;
                continue;
            }
            final int previous = ids.get(f - 1);
            if (lastId != id && lastId != UNMATCHED && id != UNMATCHED && previous != UNMATCHED)
            {
                idSwitches++;
            }
            if (f < length - 1 && previous != id && lastId != UNMATCHED && id != UNMATCHED &&
                ids.get(f + 1) != UNMATCHED)
            {
                fragmentations++;
            }
            if (id != UNMATCHED)
            {
                tracked++;
                lastId = id;
            }
        }
        final int last = length - 1;
        if (length > 1 && !ids.get(last - 1).equals(ids.get(last)) && lastId != UNMATCHED &&
            ids.get(last) != UNMATCHED && !ignored.get(last))
        {
            fragmentations++;
        }

        final double ratio = tracked / (double)(length - ignoredFrames);
        if (ratio > 0.8)
        {
            mostlyTracked++;
        }
        else if (ratio < 0.2)
        {
            mostlyLost++;
        }
        else
        {
            partlyTracked++;
        }
    }

    private void ensureSolverCapacity(final int rows, final int columns)
    {
        if (rows > solverCapacity || columns > solverCapacity)
        {
            solverCapacity = Math.max(2 * solverCapacity, Math.max(rows, columns));
            solver = new AssignmentSolver(solverCapacity, solverCapacity);
        }
    }
}
