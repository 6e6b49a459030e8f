package io.fusebox.runtime.fusion.evaluation;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class ClearMotEvaluatorTest
{
    private static final double EPSILON = 1e-9;

    @Test
    void perfectTrackerScoresOne()
    {
        final ClearMotEvaluator evaluator = evaluator(true);
        evaluator.beginSequence();
        for (int frame = 0; frame < 5; frame++)
        {
            evaluator.frame(
                List.of(target(1, frame, 0.0), target(2, frame, 10.0)),
                List.of(),
                List.of(target(7, frame, 0.0), target(8, frame, 10.0)));
        }
        evaluator.endSequence();

        final ClearMotResult result = evaluator.result();
        assertEquals(1.0, result.mota(), EPSILON);
        assertEquals(1.0, result.motp(), EPSILON);
        assertEquals(10, result.truePositives());
        assertEquals(10, result.groundTruth());
        assertEquals(0, result.falsePositives());
        assertEquals(0, result.falseNegatives());
        assertEquals(0, result.idSwitches());
        assertEquals(0, result.fragmentations());
        assertEquals(2, result.mostlyTracked());
    }

    @Test
    void missedObjectIsAFalseNegative()
    {
        final ClearMotEvaluator evaluator = evaluator(true);
        evaluator.beginSequence();
        evaluator.frame(List.of(target(1, 0, 0.0), target(2, 0, 10.0)), List.of(), List.of(target(7, 0, 0.0)));
        evaluator.endSequence();

        final ClearMotResult result = evaluator.result();
        assertEquals(1, result.falseNegatives());
        assertEquals(0, result.falsePositives());
        assertEquals(0.5, result.mota(), EPSILON);
    }

    @Test
    void poorOverlapIsBothFalsePositiveAndFalseNegative()
    {
        final ClearMotEvaluator evaluator = evaluator(true);
        evaluator.beginSequence();
        // Shifted by 3 m of a 4 m box: IoU 1/7, under 0.25.
        evaluator.frame(List.of(target(1, 0, 0.0)), List.of(), List.of(target(7, 0, 3.0)));
        evaluator.endSequence();

        final ClearMotResult result = evaluator.result();
        assertEquals(1, result.falseNegatives());
        assertEquals(1, result.falsePositives());
        assertEquals(-1.0, result.mota(), EPSILON);
    }

    @Test
    void idSwitchIsCountedOnce()
    {
        final ClearMotEvaluator evaluator = evaluator(true);
        evaluator.beginSequence();
        for (int frame = 0; frame < 6; frame++)
        {
            final int trackerId = frame < 3 ? 7 : 9;
            evaluator.frame(List.of(target(1, frame, 0.0)), List.of(), List.of(target(trackerId, frame, 0.0)));
        }
        evaluator.endSequence();

        final ClearMotResult result = evaluator.result();
        assertEquals(1, result.idSwitches());
        assertEquals(1, result.fragmentations());
        assertEquals(1.0 - 1.0 / 6.0, result.mota(), EPSILON);
    }

    @Test
    void gapThenResumeIsAFragmentationNotASwitch()
    {
        final ClearMotEvaluator evaluator = evaluator(true);
        evaluator.beginSequence();
        for (int frame = 0; frame < 5; frame++)
        {
            evaluator.frame(List.of(target(1, frame, 0.0)), List.of(),
                frame == 2 ? List.of() : List.of(target(7, frame, 0.0)));
        }
        evaluator.endSequence();

        final ClearMotResult result = evaluator.result();
        assertEquals(0, result.idSwitches());
        assertEquals(1, result.fragmentations());
        assertEquals(1, result.falseNegatives());
    }

    @Test
    void unmatchedBoxInsideDontCareIsIgnored()
    {
        final ClearMotEvaluator evaluator = evaluator(true);
        evaluator.beginSequence();
        final EvaluationBox dontCare = withImage(EvaluationBox.Role.DONT_CARE, -1, 0.0, 100, 100, 200, 200);
        final EvaluationBox inside = withImage(EvaluationBox.Role.TARGET, 7, 30.0, 110, 110, 190, 190);
        final EvaluationBox outside = withImage(EvaluationBox.Role.TARGET, 8, 40.0, 300, 100, 400, 200);
        evaluator.frame(List.of(), List.of(dontCare), List.of(inside, outside));
        evaluator.endSequence();

        final ClearMotResult result = evaluator.result();
        assertEquals(1, result.falsePositives());
        assertEquals(1, result.ignoredTrackerBoxes());
    }

    @Test
    void unmatchedBoxOfTwentyFivePixelsOrLessIsIgnored()
    {
        final ClearMotEvaluator evaluator = evaluator(true);
        evaluator.beginSequence();
        final EvaluationBox small = withImage(EvaluationBox.Role.TARGET, 7, 30.0, 100, 100, 140, 125);
        final EvaluationBox tall = withImage(EvaluationBox.Role.TARGET, 8, 40.0, 100, 100, 140, 126);
        evaluator.frame(List.of(), List.of(), List.of(small, tall));
        evaluator.endSequence();

        final ClearMotResult result = evaluator.result();
        assertEquals(1, result.falsePositives());
        assertEquals(1, result.ignoredTrackerBoxes());
    }

    @Test
    void neighbourClassIsNeitherCountedNorFalse()
    {
        final ClearMotEvaluator evaluator = evaluator(true);
        evaluator.beginSequence();
        final EvaluationBox van = role(target(5, 0, 20.0), EvaluationBox.Role.NEIGHBOUR);
        final EvaluationBox missedVan = role(target(6, 0, 40.0), EvaluationBox.Role.NEIGHBOUR);
        evaluator.frame(List.of(target(1, 0, 0.0), van, missedVan), List.of(),
            List.of(target(7, 0, 0.0), target(8, 0, 20.0)));
        evaluator.endSequence();

        final ClearMotResult result = evaluator.result();
        assertEquals(1, result.groundTruth());
        assertEquals(0, result.falsePositives());
        assertEquals(0, result.falseNegatives());
        assertEquals(2, result.truePositives());
        assertEquals(1, result.ignoredTruePositives());
        assertEquals(1.0, result.mota(), EPSILON);
    }

    @Test
    void truncatedGroundTruthIsIgnored()
    {
        final ClearMotEvaluator evaluator = evaluator(true);
        evaluator.beginSequence();
        final EvaluationBox truncated = new EvaluationBox(1, EvaluationBox.Role.TARGET, 1, 0, false, 0, 0, 0, 0,
            0.0, 0.0, 0.0, 4.0, 2.0, 0.0, 1.5);
        evaluator.frame(List.of(truncated), List.of(), List.of());
        evaluator.endSequence();

        assertEquals(0, evaluator.result().falseNegatives());
        assertEquals(0, evaluator.result().groundTruth());
        assertEquals(1, evaluator.result().ignoredGroundTruth());
    }

    @Test
    void keepingLastFramesMatchAvoidsASwitchTheDevkitCounts()
    {
        // Two tracker boxes straddle one object; in frame 1 the other one fits slightly better.
        final List<List<EvaluationBox>> truth = new ArrayList<>();
        final List<List<EvaluationBox>> tracks = new ArrayList<>();
        truth.add(List.of(target(1, 0, 0.0)));
        tracks.add(List.of(target(7, 0, 0.2), target(8, 0, -0.6)));
        truth.add(List.of(target(1, 1, 0.0)));
        tracks.add(List.of(target(7, 1, 0.6), target(8, 1, -0.2)));
        truth.add(List.of(target(1, 2, 0.0)));
        tracks.add(List.of(target(7, 2, 0.6), target(8, 2, -0.2)));

        final ClearMotResult clearMot = run(evaluator(true), truth, tracks);
        final ClearMotResult devkit = run(evaluator(false), truth, tracks);

        assertEquals(0, clearMot.idSwitches());
        assertEquals(1, devkit.idSwitches());
        assertEquals(3, clearMot.falsePositives());
        assertEquals(3, devkit.falsePositives());
    }

    private static ClearMotResult run(
        final ClearMotEvaluator evaluator,
        final List<List<EvaluationBox>> truth,
        final List<List<EvaluationBox>> tracks)
    {
        evaluator.beginSequence();
        for (int frame = 0; frame < truth.size(); frame++)
        {
            evaluator.frame(truth.get(frame), List.of(), tracks.get(frame));
        }
        evaluator.endSequence();
        return evaluator.result();
    }

    private static ClearMotEvaluator evaluator(final boolean keepPreviousMatches)
    {
        return new ClearMotEvaluator(EvaluationSettings.kitti(keepPreviousMatches));
    }

    private static EvaluationBox target(final int id, final int frame, final double x)
    {
        return new EvaluationBox(id, EvaluationBox.Role.TARGET, 0, 0, false, 0, 0, 0, 0,
            x, 5.0 * frame, 0.0, 4.0, 2.0, 0.0, 1.5);
    }

    private static EvaluationBox role(final EvaluationBox box, final EvaluationBox.Role role)
    {
        return new EvaluationBox(box.trackId(), role, box.truncation(), box.occlusion(), box.hasImageBox(),
            box.x1(), box.y1(), box.x2(), box.y2(), box.groundX(), box.groundY(), box.yaw(), box.length(),
            box.width(), box.bottom(), box.top());
    }

    private static EvaluationBox withImage(
        final EvaluationBox.Role role, final int id, final double x,
        final double x1, final double y1, final double x2, final double y2)
    {
        return new EvaluationBox(id, role, 0, 0, true, x1, y1, x2, y2, x, 0.0, 0.0, 4.0, 2.0, 0.0, 1.5);
    }
}
