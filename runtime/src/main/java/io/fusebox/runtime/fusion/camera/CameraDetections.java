package io.fusebox.runtime.fusion.camera;

import io.fusebox.runtime.fusion.frames.EgoPose;
import io.fusebox.runtime.fusion.frames.MountTransform;
import io.fusebox.sensors.codec.Box3dDecoder;
import io.fusebox.sensors.codec.CameraFrameDecoder;
import io.fusebox.sensors.rig.CameraSpec;
import io.fusebox.sensors.rig.SensorConfig;
import io.fusebox.runtime.fusion.tracking.MeasurementBatch;

/**
 * Turns one camera frame's detections into measurements: for each detection that carries a 3D box,
 * its centre through the mount to the vehicle frame and on to the odometry frame, with its class,
 * confidence, size and orientation. A monocular network's depth is its weak point: the centre's
 * covariance is wide along the line of sight (the rig's depth error as a fraction of range) and
 * narrow across it (a few pixels of box error at that range), so the camera mostly fixes bearing and
 * class while range comes from LiDAR and radar.
 *
 * <p>Whether a frame may start tracks is the caller's decision (see the engine: only without LiDAR).
 * Detections with only an image box (beyond the network's 3D range, and its false positives,
 * which are low-confidence and boxless) give a bearing alone; they are counted, not tracked: a
 * bearing cannot start or place a track without a range.
 */
public final class CameraDetections
{
    private static final double YAW_STD_RAD = 0.08;
    private static final double BOX_PIXELS = 3.0;
    private static final double MAX_CLASS_CONFIDENCE = 0.7;

    private final SensorConfig config;
    private final CameraSpec spec;
    private final MountTransform mount;
    private final double classConfidence;
    private long frames;
    private long detections;
    private long bearingOnly;

    public CameraDetections(final SensorConfig config)
    {
        this.config = config;
        this.spec = config.camera();
        this.mount = new MountTransform(config.mount());
        // Not 1 - confusion: the tracker spreads the rest evenly over all classes, while a network confuses
        // neighbours (car and truck); a class-agreement floor keeps a confused detection on its track.
        this.classConfidence = Math.min(MAX_CLASS_CONFIDENCE, 1.0 - spec.classConfusion());
    }

    public SensorConfig config()
    {
        return config;
    }

    public MountTransform mount()
    {
        return mount;
    }

    /**
     * Adds a measurement per 3D detection to the batch (already reset for this frame).
     *
     * @param pose the ego pose at the frame's capture time.
     * @return measurements added.
     */
    public int onFrame(final CameraFrameDecoder frame, final EgoPose pose, final MeasurementBatch batch)
    {
        frames++;
        int added = 0;
        final CameraFrameDecoder.ObjectsDecoder objects = frame.objects();
        while (objects.hasNext())
        {
            objects.next();
            detections++;
            if (objects.hasBox3dRaw() != 1)
            {
                bearingOnly++;
                continue;
            }
            final Box3dDecoder box = objects.box3d();
            final double sx = box.x();
            final double sy = box.y();
            final double sz = box.z();
            final double range = Math.sqrt(sx * sx + sy * sy + sz * sz);
            if (!(range > 0.0) || !(sx > 0.0))
            {
                continue;
            }
            final short objectClass = objects.objectClassRaw();
            final double confidence = objects.confidence();
            if (!(confidence >= 0.0 && confidence <= 1.0) || objectClass < 0 || objectClass >= 8)
            {
                continue;
            }
            mount.toVehicle(sx, sy, sz);
            final double vehicleX = mount.x();
            final double vehicleY = mount.y();
            final double ox = pose.odometryX(vehicleX, vehicleY);
            final double oy = pose.odometryY(vehicleX, vehicleY);

            final double losX = vehicleX - mount.originX();
            final double losY = vehicleY - mount.originY();
            final double horizontal = Math.sqrt(losX * losX + losY * losY);
            final double c = pose.odometryDirectionX(losX, losY) / horizontal;
            final double s = pose.odometryDirectionY(losX, losY) / horizontal;
            final double alongStd = 0.1 + spec.depthStdFraction() * range;
            final double acrossStd = 0.1 + range * BOX_PIXELS * spec.pixelStd() / spec.fx();
            final double along = alongStd * alongStd;
            final double across = acrossStd * acrossStd;

            final int m = batch.add(ox, oy, objectClass, classConfidence, confidence);
            if (m < 0)
            {
                break;
            }
            batch.positionCovariance(m, along * c * c + across * s * s, (along - across) * c * s, along * s * s + across * c * c);
            final double length = box.length();
            final double width = box.width();
            final double height = box.height();
            if (length > 0.0 && width > 0.0 && height > 0.0)
            {
                batch.size(m, length, width, height);
            }
            batch.yaw(m, box.yaw() + mount.yaw() + pose.yaw(), YAW_STD_RAD * YAW_STD_RAD);
            added++;
        }
        return added;
    }

    public long frames()
    {
        return frames;
    }

    public long detections()
    {
        return detections;
    }

    /** Detections with an image box only, not tracked. */
    public long bearingOnly()
    {
        return bearingOnly;
    }
}
