package io.fusebox.sensors.rig;

/**
 * A camera and the detector network behind it: pinhole intrinsics (px), field of view (rad), the
 * range at which the network still reports objects, and how it errs.
 *
 * @param detectionProbability   chance an object in view is reported in one frame.
 * @param falsePositivesPerFrame mean number of spurious detections per frame.
 * @param classConfusion         chance a reported object carries a wrong class.
 * @param pixelStd               std of the 2D box corners, px.
 * @param depthStdFraction       std of the 3D box range as a fraction of range.
 */
public record CameraSpec(
    int widthPx,
    int heightPx,
    double hfovRad,
    double fx,
    double fy,
    double cx,
    double cy,
    double maxRangeM,
    double detectionProbability,
    double falsePositivesPerFrame,
    double classConfusion,
    double pixelStd,
    double depthStdFraction)
{
    public double vfovRad()
    {
        return 2 * Math.atan((heightPx / 2.0) / fy);
    }
}
