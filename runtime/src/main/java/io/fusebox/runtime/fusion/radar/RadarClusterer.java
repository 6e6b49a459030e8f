package io.fusebox.runtime.fusion.radar;

import io.fusebox.runtime.fusion.frames.EgoPose;
import io.fusebox.runtime.fusion.frames.MountTransform;
import io.fusebox.runtime.fusion.tracking.MeasurementBatch;
import io.fusebox.runtime.fusion.tracking.Tracker;
import io.fusebox.sensors.codec.RadarScanDecoder;
import io.fusebox.sensors.rig.RadarSpec;
import io.fusebox.sensors.rig.SensorConfig;

/**
 * Turns one radar scan into object measurements: each detection to the vehicle frame through the
 * mount and on to the odometry frame, its radial velocity compensated for the ego's own motion (the
 * sensor's velocity over the ground, lever arm included, projected on the line of sight), so a
 * parked car reads 0 and a car ahead at the ego's speed reads its speed over the ground. Detections
 * close in position and in compensated radial velocity are clustered (union-find over all pairs; a
 * scan holds a few hundred at most). A static cluster none of whose returns reaches
 * {@value #MIN_STATIC_RCS_DBSM} dBsm is dropped as ground clutter: a parked car or a pole reflects
 * more, and a static radar return that fits an uncertain new track would otherwise pin its velocity
 * to zero.
 *
 * <p>A cluster's velocity measurement is its mean compensated radial velocity along its mean line of
 * sight, with a covariance that knows only that component (the tangential variance is so wide the
 * tracker ignores it). Its position is the reflections' centroid, which lies on the faces towards
 * the radar rather than at the box centre: it goes to the tracker as a surface point seen from the
 * radar, which the tracker moves to each track's centre by that track's size, and with a covariance
 * wide along the line of sight (where the reflections spread over the faces). Radar batches neither
 * start tracks nor touch tentative ones: clutter and ground returns would start phantoms, or keep
 * alive the ones a LiDAR fragment started.
 */
public final class RadarClusterer
{
    private static final double CLUSTER_DISTANCE_M = 2.0;
    private static final double CLUSTER_DISTANCE_PER_METRE = 0.02;
    private static final double CLUSTER_VELOCITY_MPS = 1.0;
    private static final double ALONG_SIGHT_STD_M = 1.0;
    private static final double VELOCITY_PRIOR_STD_MPS = 300.0;
    private static final double VELOCITY_MODEL_STD_MPS = 0.25;
    private static final double STATIC_SPEED_MPS = 1.0;
    private static final double MIN_STATIC_RCS_DBSM = 0.0;
    /** Detection confidence of a cluster: radar updates tracks but does not start them (see onScan). */
    public static final double CONFIDENCE = 0.7;

    private final SensorConfig config;
    private final RadarSpec spec;
    private final MountTransform mount;
    private final int capacity;
    private final double[] x;
    private final double[] y;
    private final double[] losX;
    private final double[] losY;
    private final double[] radial;
    private final double[] range;
    private final double[] rcs;
    private final double[] maxRcs;
    private final int[] parent;
    private final int[] count;
    private final double[] sumX;
    private final double[] sumY;
    private final double[] sumRange;
    private final double[] sumLosX;
    private final double[] sumLosY;
    private final double[] sumRadial;
    private long scans;
    private long detections;
    private long clusters;
    private long clutter;

    public RadarClusterer(final SensorConfig config)
    {
        this.config = config;
        this.spec = config.radar();
        this.mount = new MountTransform(config.mount());
        capacity = spec.maxDetections();
        x = new double[capacity];
        y = new double[capacity];
        losX = new double[capacity];
        losY = new double[capacity];
        radial = new double[capacity];
        range = new double[capacity];
        rcs = new double[capacity];
        maxRcs = new double[capacity];
        parent = new int[capacity];
        count = new int[capacity];
        sumX = new double[capacity];
        sumY = new double[capacity];
        sumRange = new double[capacity];
        sumLosX = new double[capacity];
        sumLosY = new double[capacity];
        sumRadial = new double[capacity];
    }

    public SensorConfig config()
    {
        return config;
    }

    /**
     * Clusters one scan and adds a measurement per cluster to the batch (already reset for this scan).
     *
     * @param pose the ego pose at the scan's capture time.
     * @return clusters added.
     */
    public int onScan(final RadarScanDecoder scan, final EgoPose pose, final MeasurementBatch batch)
    {
        scans++;
        batch.startsTracks(false).updatesTentative(false);
        // Sensor velocity over the ground in the vehicle frame: the rear axle's plus the lever arm's turn.
        final double sensorVx = pose.speed() - pose.yawRate() * mount.originY();
        final double sensorVy = pose.yawRate() * mount.originX();
        int n = 0;
        final RadarScanDecoder.DetectionsDecoder group = scan.detections();
        while (group.hasNext() && n < capacity)
        {
            group.next();
            final double r = group.rangeM();
            final double azimuth = group.azimuthRad();
            final double elevation = group.elevationRad();
            if (!(r > 0.0) || !Double.isFinite(azimuth) || !Double.isFinite(elevation))
            {
                continue;
            }
            final double cosElevation = StrictMath.cos(elevation);
            mount.directionToVehicle(
                cosElevation * StrictMath.cos(azimuth), cosElevation * StrictMath.sin(azimuth), StrictMath.sin(elevation));
            final double dx = mount.x();
            final double dy = mount.y();
            final double vehicleX = mount.originX() + r * dx;
            final double vehicleY = mount.originY() + r * dy;
            x[n] = pose.odometryX(vehicleX, vehicleY);
            y[n] = pose.odometryY(vehicleX, vehicleY);
            losX[n] = pose.odometryDirectionX(dx, dy);
            losY[n] = pose.odometryDirectionY(dx, dy);
            radial[n] = group.radialVelocityMps() + sensorVx * dx + sensorVy * dy;
            range[n] = r;
            rcs[n] = group.rcsDbsm();
            parent[n] = n;
            n++;
        }
        detections += n;

        for (int i = 0; i < n; i++)
        {
            final double gate = CLUSTER_DISTANCE_M + CLUSTER_DISTANCE_PER_METRE * range[i];
            for (int j = i + 1; j < n; j++)
            {
                final double ex = x[j] - x[i];
                final double ey = y[j] - y[i];
                if (ex * ex + ey * ey <= gate * gate && Math.abs(radial[j] - radial[i]) <= CLUSTER_VELOCITY_MPS)
                {
                    final int a = find(i);
                    final int b = find(j);
                    if (a != b)
                    {
                        // The lower index stays root: the result does not depend on visiting order.
                        parent[Math.max(a, b)] = Math.min(a, b);
                    }
                }
            }
        }

        for (int i = 0; i < n; i++)
        {
            count[i] = 0;
            sumX[i] = 0.0;
            sumY[i] = 0.0;
            sumRange[i] = 0.0;
            maxRcs[i] = Double.NEGATIVE_INFINITY;
            sumLosX[i] = 0.0;
            sumLosY[i] = 0.0;
            sumRadial[i] = 0.0;
        }
        for (int i = 0; i < n; i++)
        {
            final int root = find(i);
            count[root]++;
            sumX[root] += x[i];
            sumY[root] += y[i];
            sumRange[root] += range[i];
            maxRcs[root] = Math.max(maxRcs[root], rcs[i]);
            sumLosX[root] += losX[i];
            sumLosY[root] += losY[i];
            sumRadial[root] += radial[i];
        }

        final double velocityVariance = spec.velocityStdMps() * spec.velocityStdMps();
        final double sensorX = pose.odometryX(mount.originX(), mount.originY());
        final double sensorY = pose.odometryY(mount.originX(), mount.originY());
        int added = 0;
        for (int root = 0; root < n; root++)
        {
            if (parent[root] != root)
            {
                continue;
            }
            final int k = count[root];
            final double cx = sumX[root] / k;
            final double cy = sumY[root] / k;
            final double meanRange = sumRange[root] / k;

            // Velocity: the mean radial speed over the ground along the mean line of sight. The tangential
            // component is left to the prior: across one object the lines of sight hardly differ, and a
            // least-squares fit across them turns two merged objects into a confident wrong velocity.
            final double losNorm = Math.sqrt(sumLosX[root] * sumLosX[root] + sumLosY[root] * sumLosY[root]);
            final double lx = losNorm > 0.0 ? sumLosX[root] / losNorm : 1.0;
            final double ly = losNorm > 0.0 ? sumLosY[root] / losNorm : 0.0;
            final double speed = sumRadial[root] / k;
            if (Math.abs(speed) < STATIC_SPEED_MPS && !(maxRcs[root] >= MIN_STATIC_RCS_DBSM))
            {
                // Weak and static: the ground and roadside clutter every scan is full of, not a target.
                clutter++;
                continue;
            }
            final double vx = speed * lx;
            final double vy = speed * ly;
            final double radialVariance = velocityVariance / k + VELOCITY_MODEL_STD_MPS * VELOCITY_MODEL_STD_MPS;
            final double tangentialVariance = VELOCITY_PRIOR_STD_MPS * VELOCITY_PRIOR_STD_MPS;
            final double cxx = radialVariance * lx * lx + tangentialVariance * ly * ly;
            final double cxy = (radialVariance - tangentialVariance) * lx * ly;
            final double cyy = radialVariance * ly * ly + tangentialVariance * lx * lx;

            // Position: wide along the mean line of sight, tighter across it.
            final double ux = cx - sensorX;
            final double uy = cy - sensorY;
            final double norm = Math.sqrt(ux * ux + uy * uy);
            final double c = norm > 0.0 ? ux / norm : 1.0;
            final double s = norm > 0.0 ? uy / norm : 0.0;
            final double along = ALONG_SIGHT_STD_M * ALONG_SIGHT_STD_M + spec.rangeStdM() * spec.rangeStdM();
            final double acrossStd = 0.5 + meanRange * spec.azimuthStdRad();
            final double across = acrossStd * acrossStd;

            final int m = batch.add(cx, cy, Tracker.UNKNOWN_CLASS, 0.5, CONFIDENCE);
            if (m < 0)
            {
                break;
            }
            batch.positionCovariance(m, along * c * c + across * s * s, (along - across) * c * s, along * s * s + across * c * c);
            batch.surface(m, sensorX, sensorY);
            batch.velocity(m, vx, vy, cxx, cxy, cyy);
            added++;
        }
        clusters += added;
        return added;
    }

    public long scans()
    {
        return scans;
    }

    public long detections()
    {
        return detections;
    }

    public long clusters()
    {
        return clusters;
    }

    /** Clusters dropped as static clutter. */
    public long clutter()
    {
        return clutter;
    }

    public MountTransform mount()
    {
        return mount;
    }

    private int find(final int i)
    {
        int n = i;
        while (parent[n] != n)
        {
            parent[n] = parent[parent[n]];
            n = parent[n];
        }
        return n;
    }
}
