package io.fusebox.runtime.fusion.evaluation;

/**
 * One object in one frame, as ground truth or as tracker output, in the terms the CLEAR-MOT
 * evaluation needs: an identity, an oriented 3D box standing on a ground plane, and optionally an
 * image-plane box and the KITTI visibility flags.
 * <p>
 * The ground plane is any right-handed 2D frame (KITTI camera x and z; a vehicle's x and y); yaw is
 * the box's length axis measured in that frame; bottom and top are heights along the up axis.
 *
 * @param trackId     identity, stable across frames within a sequence.
 * @param role        how the evaluated category treats this object.
 * @param truncation  KITTI truncation level (0 fully in the image), 0 where it does not apply.
 * @param occlusion   KITTI occlusion level (0 fully visible), 0 where it does not apply.
 * @param hasImageBox whether x1, y1, x2, y2 hold an image-plane box, px.
 * @param x1          image box left, px.
 * @param y1          image box top, px.
 * @param x2          image box right, px.
 * @param y2          image box bottom, px.
 * @param groundX     box centre on the ground plane, m.
 * @param groundY     box centre on the ground plane, m.
 * @param yaw         orientation of the length axis, rad.
 * @param length      m.
 * @param width       m.
 * @param bottom      lowest point along the up axis, m.
 * @param top         highest point along the up axis, m.
 */
public record EvaluationBox(
    int trackId,
    Role role,
    int truncation,
    int occlusion,
    boolean hasImageBox,
    double x1,
    double y1,
    double x2,
    double y2,
    double groundX,
    double groundY,
    double yaw,
    double length,
    double width,
    double bottom,
    double top)
{
    /**
     * How the evaluated category treats an object.
     */
    public enum Role
    {
        /** Of the evaluated category: counted. */
        TARGET,
        /** Of a neighbouring category (KITTI's Van for Car, Person_sitting for Pedestrian): matches, never counts. */
        NEIGHBOUR,
        /** A region whose objects were not labelled: unmatched output inside it is not a false positive. */
        DONT_CARE
    }

    public double imageHeight()
    {
        return Math.abs(y2 - y1);
    }

    public double volume()
    {
        return length * width * (top - bottom);
    }
}
