package io.fusebox.runtime.fusion.kitti;

import io.fusebox.runtime.fusion.tracking.MeasurementBatch;
import io.fusebox.runtime.fusion.tracking.Track;
import io.fusebox.runtime.fusion.tracking.Tracker;

/**
 * Runs KITTI sequences through the fusion tracker and turns its tracks into result lines.
 * <p>
 * One {@link Tracker} per class, as the KITTI protocol evaluates each class on its own: the
 * PointRCNN detections come per class from separate heads, so a car detection never competes with
 * a pedestrian track, and a shared tracker would only add class gating that always says no.
 * <p>
 * Camera coordinates map onto the tracker's ground plane as x to x and z to y (the plane is
 * right-handed seen from above, since camera y points down), so the box yaw there is -rot_y; the
 * camera y of the box bottom travels as the track's elevation. Timestamps are frame x 100 ms.
 * <p>
 * A confirmed track is written in every frame it is updated, with the associated detection's
 * image box, and for up to {@link KittiTrackingContext#outputCoastFrames} frames while it coasts,
 * with its predicted 3D box projected through P2. Tentative tracks are never written.
 */
public final class KittiSequenceTracker
{
    private static final int SOURCE_INDEX = 0;

    private final KittiTrackingContext context;
    private final Tracker[] trackers;
    private final MeasurementBatch batch;
    private final int[] detectionOfMeasurement;
    private final double[] imageBox = new double[4];

    public KittiSequenceTracker(final KittiTrackingContext context)
    {
        this.context = context.conclude();
        final KittiClass[] classes = KittiClass.values();
        trackers = new Tracker[classes.length];
        int capacity = 0;
        for (final KittiClass kittiClass : classes)
        {
            trackers[kittiClass.ordinal()] = new Tracker(context.trackerContext(kittiClass));
            capacity = Math.max(capacity, trackers[kittiClass.ordinal()].context().maxMeasurements());
        }
        batch = new MeasurementBatch(capacity);
        detectionOfMeasurement = new int[capacity];
    }

    /**
     * Tracks every frame of a sequence from fresh trackers and appends the result lines to results.
     */
    public void run(final KittiSequence sequence, final KittiResults results)
    {
        for (final Tracker tracker : trackers)
        {
            tracker.reset();
        }
        final int frameCount = sequence.frameCount();
        final KittiClass[] classes = KittiClass.values();
        for (int frame = 0; frame < frameCount; frame++)
        {
            for (final KittiClass kittiClass : classes)
            {
                trackFrame(sequence, kittiClass, frame, results);
            }
        }
    }

    public Tracker tracker(final KittiClass kittiClass)
    {
        return trackers[kittiClass.ordinal()];
    }

    private void trackFrame(
        final KittiSequence sequence, final KittiClass kittiClass, final int frame, final KittiResults results)
    {
        final Tracker tracker = trackers[kittiClass.ordinal()];
        final KittiDetections detections = sequence.detections(kittiClass);
        final double minScore = context.minScore(kittiClass);
        final int trackerClass = kittiClass.trackerClass();

        batch.reset(frame * KittiTrackingContext.FRAME_PERIOD_NS, SOURCE_INDEX, KittiTrackingContext.LIDAR_SOURCE_KIND);
        final int end = detections.frameEnd(frame);
        for (int d = detections.frameStart(frame); d < end; d++)
        {
            final double score = detections.score[d];
            if (score < minScore)
            {
                continue;
            }
            final int m = batch.add(
                detections.x[d], detections.z[d], trackerClass, 1.0, context.confidence(kittiClass, score));
            if (m < 0)
            {
                break;
            }
            batch.yaw(m, -detections.rotY[d])
                .size(m, detections.l[d], detections.w[d], detections.h[d])
                .elevation(m, detections.y[d]);
            detectionOfMeasurement[m] = d;
        }

        tracker.update(batch);

        final KittiCalibration calibration = sequence.calibration();
        final int outputCoastFrames = context.outputCoastFrames(kittiClass);
        final boolean outputDetectionBox = context.outputDetectionBox();
        final int coastOutputMinHits = context.coastOutputMinHits(kittiClass);
        final double minVisibleFraction = Math.max(context.minVisibleFraction(kittiClass), Double.MIN_VALUE);
        for (int i = 0, count = tracker.trackCount(); i < count; i++)
        {
            final Track track = tracker.track(i);
            if (!track.isConfirmed())
            {
                continue;
            }

            final int m = track.measurementIndex();
            double x = track.x();
            double z = track.y();
            double y = track.elevation();
            double rotY = wrap(-track.yaw());
            double h = track.height();
            double w = track.width();
            double l = track.length();
            if (m >= 0)
            {
                final int d = detectionOfMeasurement[m];
                imageBox[0] = detections.x1[d];
                imageBox[1] = detections.y1[d];
                imageBox[2] = detections.x2[d];
                imageBox[3] = detections.y2[d];
                if (outputDetectionBox)
                {
                    x = detections.x[d];
                    y = detections.y[d];
                    z = detections.z[d];
                    rotY = detections.rotY[d];
                    h = detections.h[d];
                    w = detections.w[d];
                    l = detections.l[d];
                }
            }
            else if (track.consecutiveMisses() > outputCoastFrames || track.hits() < coastOutputMinHits ||
                calibration.imageBox(h, w, l, x, y, z, rotY, context.imageWidth(), context.imageHeight(), imageBox) <
                minVisibleFraction)
            {
                continue;
            }

            final double alpha = wrap(rotY - Math.atan2(x, z));
            results.add(
                frame, track.id(), kittiClass, alpha, imageBox[0], imageBox[1], imageBox[2], imageBox[3],
                h, w, l, x, y, z, rotY, track.existence());
        }
    }

    private static double wrap(final double angle)
    {
        return Math.atan2(Math.sin(angle), Math.cos(angle));
    }
}
