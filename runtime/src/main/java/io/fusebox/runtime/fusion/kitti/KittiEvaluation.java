package io.fusebox.runtime.fusion.kitti;

import io.fusebox.runtime.fusion.evaluation.ClearMotEvaluator;
import io.fusebox.runtime.fusion.evaluation.ClearMotResult;
import io.fusebox.runtime.fusion.evaluation.EvaluationBox;
import io.fusebox.runtime.fusion.evaluation.EvaluationSettings;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * CLEAR-MOT scores of KITTI result lines against KITTI labels, one category at a time, with the
 * devkit's conventions: the category's neighbour (Van for Car, Person_sitting for Pedestrian) is
 * loaded but never counted, DontCare regions excuse unmatched output, labels with id -1 other
 * than DontCare are skipped.
 */
public final class KittiEvaluation
{
    private KittiEvaluation()
    {
    }

    /**
     * @param labels  label lines per sequence name.
     * @param results result lines per sequence name; a sequence missing here has no output at all.
     * @return the scores over every sequence of labels, in the map's iteration order.
     */
    public static ClearMotResult evaluate(
        final KittiClass kittiClass,
        final Map<String, List<KittiObject>> labels,
        final Map<String, List<KittiObject>> results,
        final EvaluationSettings settings)
    {
        final ClearMotEvaluator evaluator = new ClearMotEvaluator(settings);
        for (final Map.Entry<String, List<KittiObject>> entry : labels.entrySet())
        {
            evaluateSequence(evaluator, kittiClass, entry.getValue(), results.getOrDefault(entry.getKey(), List.of()));
        }
        return evaluator.result();
    }

    static void evaluateSequence(
        final ClearMotEvaluator evaluator,
        final KittiClass kittiClass,
        final List<KittiObject> labels,
        final List<KittiObject> results)
    {
        int frames = 0;
        for (final KittiObject object : labels)
        {
            frames = Math.max(frames, object.frame() + 1);
        }
        for (final KittiObject object : results)
        {
            frames = Math.max(frames, object.frame() + 1);
        }

        final List<List<EvaluationBox>> groundTruth = perFrame(frames);
        final List<List<EvaluationBox>> dontCare = perFrame(frames);
        final List<List<EvaluationBox>> tracker = perFrame(frames);
        for (final KittiObject object : labels)
        {
            if (object.isDontCare())
            {
                dontCare.get(object.frame()).add(toBox(object, EvaluationBox.Role.DONT_CARE));
                continue;
            }
            final EvaluationBox.Role role = role(kittiClass, object.type());
            if (null != role && object.trackId() >= 0)
            {
                groundTruth.get(object.frame()).add(toBox(object, role));
            }
        }
        for (final KittiObject object : results)
        {
            final EvaluationBox.Role role = role(kittiClass, object.type());
            if (null != role)
            {
                tracker.get(object.frame()).add(toBox(object, role));
            }
        }

        evaluator.beginSequence();
        for (int frame = 0; frame < frames; frame++)
        {
            evaluator.frame(groundTruth.get(frame), dontCare.get(frame), tracker.get(frame));
        }
        evaluator.endSequence();
    }

    /**
     * Camera coordinates to the evaluation's ground plane: (x, z) with yaw -rot_y, up being -y.
     */
    public static EvaluationBox toBox(final KittiObject object, final EvaluationBox.Role role)
    {
        return new EvaluationBox(
            object.trackId(), role, object.truncated(), object.occluded(),
            true, object.x1(), object.y1(), object.x2(), object.y2(),
            object.x(), object.z(), -object.rotY(), object.l(), object.w(),
            -object.y(), -object.y() + object.h());
    }

    private static EvaluationBox.Role role(final KittiClass kittiClass, final String type)
    {
        if (kittiClass.labelName().equalsIgnoreCase(type))
        {
            return EvaluationBox.Role.TARGET;
        }
        if (null != kittiClass.neighbourName() && kittiClass.neighbourName().equalsIgnoreCase(type))
        {
            return EvaluationBox.Role.NEIGHBOUR;
        }
        return null;
    }

    private static List<List<EvaluationBox>> perFrame(final int frames)
    {
        final List<List<EvaluationBox>> lists = new ArrayList<>(frames);
        for (int i = 0; i < frames; i++)
        {
            lists.add(new ArrayList<>());
        }
        return lists;
    }
}
