package io.fusebox.runtime.fusion;

import io.fusebox.runtime.fusion.frames.EgoPose;
import io.fusebox.runtime.fusion.frames.MountTransform;
import io.fusebox.runtime.fusion.lidar.LidarClusterer;
import io.fusebox.runtime.fusion.tracking.SensorCoverage;
import io.fusebox.runtime.fusion.tracking.Track;
import io.fusebox.sensors.codec.SensorKind;
import io.fusebox.sensors.rig.Rig;
import io.fusebox.sensors.rig.SensorConfig;

/**
 * Which tracks a measurement batch could have seen, so that only those count a missed detection:
 * inside the sensor's field of view and reach, and not behind something nearer. For a LiDAR batch,
 * only the azimuth the scan has closed since the last batch counts, and a track counts once the
 * trailing edge of its box is in it (its cluster closes only then). Occlusion comes from the
 * LiDAR's nearest obstacle per azimuth column, for the cameras and radars too (seen from the
 * LiDAR, an approximation for sensors mounted elsewhere). Mutable: the engine sets the batch's
 * ego pose and LiDAR window before each tracker update.
 */
final class FusionCoverage implements SensorCoverage
{
    private static final double DEFAULT_RADIUS_M = 1.5;
    private static final double OCCLUSION_MARGIN_M = 0.5;
    private static final double FIELD_MARGIN_RAD = 0.05;

    private final int[] kind;
    private final double[] originX;
    private final double[] originY;
    private final double[] heading;
    private final double[] halfFov;
    private final double[] minRange;
    private final double[] maxRange;
    private final LidarClusterer[] lidars;
    private final EgoPose pose = new EgoPose();
    private LidarClusterer occlusionLidar;
    private long lidarFromColumn;
    private long lidarToColumn;

    FusionCoverage(final Rig rig, final LidarClusterer[] lidars, final double lidarRangeM)
    {
        final int count = rig.sensorCount();
        kind = new int[count];
        originX = new double[count];
        originY = new double[count];
        heading = new double[count];
        halfFov = new double[count];
        minRange = new double[count];
        maxRange = new double[count];
        this.lidars = lidars;
        for (int i = 0; i < count; i++)
        {
            final SensorConfig sensor = rig.sensor(i);
            final MountTransform mount = new MountTransform(sensor.mount());
            kind[i] = sensor.kind().value();
            originX[i] = mount.originX();
            originY[i] = mount.originY();
            heading[i] = mount.yaw();
            switch (sensor.kind())
            {
                case CAMERA:
                    // Where the network gives 3D boxes: within 0.6 of its range (the simulated detector's rule).
                    halfFov[i] = sensor.camera().hfovRad() / 2 - FIELD_MARGIN_RAD;
                    minRange[i] = 2.0;
                    maxRange[i] = 0.55 * sensor.camera().maxRangeM();
                    break;
                case RADAR:
                    halfFov[i] = sensor.radar().hfovRad() / 2 - FIELD_MARGIN_RAD;
                    minRange[i] = 1.0;
                    maxRange[i] = 0.7 * sensor.radar().maxRangeM();
                    break;
                case LIDAR:
                    halfFov[i] = Math.PI;
                    minRange[i] = sensor.lidar().minRangeM();
                    maxRange[i] = 0.8 * Math.min(lidarRangeM, sensor.lidar().maxRangeM());
                    if (null == occlusionLidar && null != lidars[i])
                    {
                        occlusionLidar = lidars[i];
                    }
                    break;
                default:
                    halfFov[i] = -1.0;
                    break;
            }
        }
    }

    void prepare(final EgoPose batchPose)
    {
        pose.copyFrom(batchPose);
    }

    /**
     * @param fromColumn first scan column closed by this LiDAR batch.
     * @param toColumn   first column not yet closed.
     */
    void lidarWindow(final long fromColumn, final long toColumn)
    {
        lidarFromColumn = fromColumn;
        lidarToColumn = toColumn;
    }

    public boolean covers(final int sourceIndex, final double x, final double y)
    {
        return covers(sourceIndex, x, y, DEFAULT_RADIUS_M);
    }

    public boolean covers(final int sourceIndex, final Track track)
    {
        final double radius = track.hasSize() ?
            0.5 * Math.sqrt(track.length() * track.length() + track.width() * track.width()) : DEFAULT_RADIUS_M;
        return covers(sourceIndex, track.x(), track.y(), radius);
    }

    private boolean covers(final int s, final double x, final double y, final double radius)
    {
        if (halfFov[s] < 0.0)
        {
            return false;
        }
        final double dx = pose.vehicleX(x, y) - originX[s];
        final double dy = pose.vehicleY(x, y) - originY[s];
        final double range = Math.sqrt(dx * dx + dy * dy);
        if (range < minRange[s] || range > maxRange[s])
        {
            return false;
        }
        final double azimuth = wrap(StrictMath.atan2(dy, dx) - heading[s]);
        final double angularRadius = StrictMath.atan(radius / range);
        if (kind[s] == SensorKind.LIDAR.value())
        {
            final LidarClusterer lidar = lidars[s];
            final long scanned = lidar.scannedColumn();
            final int steps = lidar.stepsPerRevolution();
            final int trailing = lidar.columnOf(azimuth + angularRadius);
            final long column = scanned - Math.floorMod(scanned - trailing, steps);
            return column >= lidarFromColumn && column < lidarToColumn &&
                !lidar.isOccluded(azimuth, range, radius + OCCLUSION_MARGIN_M);
        }
        if (Math.abs(azimuth) + angularRadius > halfFov[s])
        {
            return false;
        }
        return null == occlusionLidar || !isOccludedFromLidar(x, y, radius);
    }

    private boolean isOccludedFromLidar(final double x, final double y, final double radius)
    {
        final MountTransform mount = occlusionLidar.mount();
        final double dx = pose.vehicleX(x, y) - mount.originX();
        final double dy = pose.vehicleY(x, y) - mount.originY();
        final double range = Math.sqrt(dx * dx + dy * dy);
        final double azimuth = StrictMath.atan2(dy, dx) - mount.yaw();
        return occlusionLidar.isOccluded(azimuth, range, radius + OCCLUSION_MARGIN_M);
    }

    private static double wrap(final double angle)
    {
        double a = angle;
        while (a > Math.PI)
        {
            a -= 2.0 * Math.PI;
        }
        while (a <= -Math.PI)
        {
            a += 2.0 * Math.PI;
        }
        return a;
    }
}
