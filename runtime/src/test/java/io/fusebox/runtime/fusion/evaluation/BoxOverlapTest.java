package io.fusebox.runtime.fusion.evaluation;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class BoxOverlapTest
{
    private static final double EPSILON = 1e-9;

    @Test
    void identicalBoxesOverlapCompletely()
    {
        final EvaluationBox box = box(3.0, 4.0, 0.7, 4.0, 2.0, 0.0, 1.5);
        assertEquals(1.0, BoxOverlap.iou3d(box, box), EPSILON);
    }

    @Test
    void boxShiftedByHalfItsLengthOverlapsOneThird()
    {
        final EvaluationBox a = box(0.0, 0.0, 0.0, 4.0, 2.0, 0.0, 1.0);
        final EvaluationBox b = box(2.0, 0.0, 0.0, 4.0, 2.0, 0.0, 1.0);
        // Intersection 2 x 2 x 1 = 4; union 8 + 8 - 4 = 12.
        assertEquals(1.0 / 3.0, BoxOverlap.iou3d(a, b), EPSILON);
    }

    @Test
    void shiftAlongARotatedAxis()
    {
        final double yaw = 0.9;
        final EvaluationBox a = box(1.0, 1.0, yaw, 4.0, 2.0, 0.0, 1.0);
        final EvaluationBox b = box(1.0 + 2.0 * Math.cos(yaw), 1.0 + 2.0 * Math.sin(yaw), yaw, 4.0, 2.0, 0.0, 1.0);
        assertEquals(1.0 / 3.0, BoxOverlap.iou3d(a, b), EPSILON);
    }

    @Test
    void squareRotatedByFortyFiveDegrees()
    {
        final EvaluationBox a = box(0.0, 0.0, 0.0, 2.0, 2.0, 0.0, 1.0);
        final EvaluationBox b = box(0.0, 0.0, Math.PI / 4.0, 2.0, 2.0, 0.0, 1.0);
        // Octagon: the square less four corner triangles of legs 2 - sqrt(2).
        final double leg = 2.0 - Math.sqrt(2.0);
        final double intersection = 4.0 - 4.0 * 0.5 * leg * leg;
        assertEquals(intersection / (8.0 - intersection), BoxOverlap.iou3d(a, b), EPSILON);
    }

    @Test
    void oppositeHeadingsAreTheSameBox()
    {
        final EvaluationBox a = box(5.0, -2.0, 0.3, 4.0, 1.8, 0.0, 1.5);
        final EvaluationBox b = box(5.0, -2.0, 0.3 + Math.PI, 4.0, 1.8, 0.0, 1.5);
        assertEquals(1.0, BoxOverlap.iou3d(a, b), EPSILON);
    }

    @Test
    void verticalOverlapScalesTheIntersection()
    {
        final EvaluationBox a = box(0.0, 0.0, 0.0, 2.0, 2.0, 0.0, 2.0);
        final EvaluationBox b = box(0.0, 0.0, 0.0, 2.0, 2.0, 1.0, 3.0);
        // Intersection 4 x 1 = 4; union 8 + 8 - 4.
        assertEquals(4.0 / 12.0, BoxOverlap.iou3d(a, b), EPSILON);
        final EvaluationBox above = box(0.0, 0.0, 0.0, 2.0, 2.0, 2.5, 3.0);
        assertEquals(0.0, BoxOverlap.iou3d(a, above), EPSILON);
    }

    @Test
    void disjointBoxesDoNotOverlap()
    {
        final EvaluationBox a = box(0.0, 0.0, 0.0, 4.0, 2.0, 0.0, 1.0);
        final EvaluationBox b = box(4.5, 0.0, 0.2, 4.0, 2.0, 0.0, 1.0);
        assertEquals(0.0, BoxOverlap.iou3d(a, b), EPSILON);
    }

    @Test
    void imageOverlapOverUnionAndOverTheFirstBox()
    {
        final EvaluationBox a = image(0, 0, 10, 10);
        final EvaluationBox b = image(5, 0, 25, 10);
        assertEquals(50.0 / 250.0, BoxOverlap.imageOverlap(a, b, false), EPSILON);
        assertEquals(0.5, BoxOverlap.imageOverlap(a, b, true), EPSILON);
    }

    static EvaluationBox box(
        final double x, final double y, final double yaw, final double length, final double width,
        final double bottom, final double top)
    {
        return new EvaluationBox(0, EvaluationBox.Role.TARGET, 0, 0, false, 0, 0, 0, 0, x, y, yaw, length, width,
            bottom, top);
    }

    static EvaluationBox image(final double x1, final double y1, final double x2, final double y2)
    {
        return new EvaluationBox(0, EvaluationBox.Role.DONT_CARE, 0, 0, true, x1, y1, x2, y2, 0, 0, 0, 0, 0, 0, 0);
    }
}
