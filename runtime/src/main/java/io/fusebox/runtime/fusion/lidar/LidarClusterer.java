package io.fusebox.runtime.fusion.lidar;

import io.fusebox.runtime.fusion.frames.EgoPose;
import io.fusebox.runtime.fusion.frames.MountTransform;
import io.fusebox.runtime.fusion.frames.Odometry;
import io.fusebox.runtime.fusion.grid.OccupancyGrid;
import io.fusebox.sensors.codec.LidarSectorDecoder;
import io.fusebox.sensors.codec.ObjectClass;
import io.fusebox.sensors.rig.LidarSpec;
import io.fusebox.sensors.rig.SensorConfig;
import io.fusebox.sensors.rig.VehicleGeometry;

import java.util.Arrays;

/**
 * Turns a spinning LiDAR's sectors into object boxes while the sweep is still turning.
 *
 * <p>The scan is treated as one endless sequence of firing columns (azimuth steps) numbered across
 * sectors and sweeps, so the seam where a sweep ends and the next begins is no different from any
 * other azimuth: a car straight ahead, half of it at the end of one sweep and half at the start of
 * the next, is one cluster whose halves are a millisecond apart, not a sweep period.
 *
 * <p>Per point: to the vehicle frame through the mount, to the odometry frame through the ego pose
 * at the firing's own time (motion compensation); ground (below {@code groundHeightM} in the
 * vehicle frame, whose origin is on the ground: a flat-ground assumption) is free space for the
 * occupancy grid; the rest is an obstacle in the grid and joins the cluster of any neighbour in the
 * range image (the two rings below in its column, three rings in each of the two previous columns)
 * that is within a range-dependent distance, with union-find. A cluster is closed once the scan has
 * passed it by {@link #CLOSE_LAG_COLUMNS} columns, or after half a revolution (walls and other
 * scenery that never end), and then fitted with an oriented rectangle ({@link BoxFitter}). The caller
 * completes each to a box ({@link #complete}) with the size it knows best (the track's, or the
 * class the shape suggests), growing it away from the sensor on the faces the sensor cannot see.
 *
 * <p>Every table is sized at construction; a full table drops points or objects and counts them.
 */
public final class LidarClusterer
{
    /** A cluster closes when its newest column is this many columns behind the newest scanned. */
    public static final int CLOSE_LAG_COLUMNS = 4;

    private static final int COLUMN_SLOTS = 4;
    private static final int MAX_FIT_POINTS = 160;
    private static final double SELF_MARGIN_M = 0.3;
    private static final double MAX_POINT_HEIGHT_M = 4.5;
    private static final double MIN_OBJECT_HEIGHT_M = 0.3;
    private static final double MAX_OBJECT_LENGTH_M = 16.0;
    /** A cluster up to this long may still be a row of objects; longer, it is scenery. */
    private static final double MAX_CLUSTER_LENGTH_M = 32.0;
    private static final double NEIGHBOUR_BASE_M = 0.5;
    /**
     * A cluster longer than this is looked at for several objects in a row (parked cars side by side, a
     * pillar between them: a few centimetres apart, linked by the neighbour distance into one wall-like
     * box across a garage's aisle) and split at the gaps and pillars along it.
     */
    private static final double SPLIT_MIN_LENGTH_M = 3.0;
    private static final double SPLIT_BIN_M = 0.25;
    private static final int SPLIT_BINS = (int)Math.ceil(MAX_CLUSTER_LENGTH_M / SPLIT_BIN_M) + 1;
    /** This many empty bins in a row (0.5 m of nothing along the row) separate two objects... */
    private static final int SPLIT_GAP_BINS = 2;
    /**
     * ... near the sensor: farther, a surface seen at a grazing angle (a car's side, two lanes over) has
     * its points metres apart, and one car would fall apart into several.
     */
    private static final double SPLIT_MAX_RANGE_M = 12.0;
    /**
     * No road vehicle is wider: a cluster wider than this across its major axis is looked at for things side by side
     * (a row of parked cars and the wall behind them, joined where the LiDAR's rings pass over the cars' roofs onto the
     * wall at one height) and the wall split off before the rest is split along its length.
     */
    private static final double SPLIT_MIN_WIDTH_M = 3.0;
    /** A wall seen face on is no deeper than this many bins across. */
    private static final int WALL_MAX_BINS = 3;
    /** Taller than any car's roof or person: a pillar or post, when it is narrow. */
    private static final double POST_MIN_HEIGHT_M = 2.2;
    /** A tall part of a row no longer than this is a pillar or post of its own, not a van or truck. */
    private static final int POST_MAX_BINS = 4;
    /**
     * Neighbours in the range image are at most two columns apart, so their separation is almost all
     * along the beam: a depth step. A surface seen at a grazing angle (a truck's side from behind)
     * steps by range^2 * step angle / offset per column, metres at 50 m, while two objects one behind
     * the other step by a car length or more: the allowance grows with range accordingly.
     */
    private static final double NEIGHBOUR_PER_METRE = 0.06;
    /**
     * Two rings of one column that meet a level surface (a car's roof, seen from the roof LiDAR above
     * it) land far apart at nearly one height: up to 0.15 m per metre of range is still one surface.
     */
    private static final double LEVEL_STEP_PER_METRE = 0.15;
    private static final double LEVEL_HEIGHT_M = 0.25;
    private static final double OCCLUDER_GAP_M = 1.0;
    /**
     * A rider stands taller than most cars' roofs: below this a face of a cyclist's length is taken for
     * a car's rear, the likelier of the two standing still (a moving one is told apart by its travel).
     */
    private static final double CYCLIST_MIN_HEIGHT_M = 1.6;
    /** Along-sight uncertainty of a box whose near face is hidden, m. */
    private static final double HIDDEN_FACE_STD_M = 2.0;

    private final SensorConfig config;
    private final int sensorIndex;
    private final int beams;
    private final int sectors;
    private final int stepsPerSector;
    private final int stepsPerRevolution;
    private final double firingIntervalNs;
    private final double stepAngle;
    private final MountTransform mount;
    private final double[] mountRotation;
    private final Odometry odometry;
    private final OccupancyGrid grid;
    private final double groundHeightM;
    private final double maxRangeM;
    private final int maxOpenColumns;
    private final double selfMinX;
    private final double selfMaxX;
    private final double selfHalfWidth;
    private final EgoPose columnPose = new EgoPose();
    private final EgoPose objectPose = new EgoPose();
    private final BoxFitter fitter = new BoxFitter();

    // The last few columns of the range image: odometry x, y, vehicle z and cluster node per ring.
    private final long[] slotColumn = new long[COLUMN_SLOTS];
    private final boolean[] slotValid;
    private final double[] slotX;
    private final double[] slotY;
    private final double[] slotZ;
    private final double[] slotRange;
    private final int[] slotNode;

    // Union-find nodes; the root of each set holds its cluster's figures.
    private final int maxNodes;
    private final int[] parent;
    private final int[] nextMember;
    private final int[] memberTail;
    private final int[] freeNodes;
    private int freeNodeCount;
    private final int[] pointCount;
    private final long[] firstColumn;
    private final long[] lastColumn;
    private final long[] firstTimeNs;
    private final long[] lastTimeNs;
    private final double[] maxZ;
    private final double[] minRange;
    private final int[] pointHead;
    private final int[] pointTail;
    private final int[] openIndex;
    private final int[] openRoots;
    private int openCount;

    // Points of open clusters, in per-cluster linked lists, with a free list.
    private final double[] pointX;
    private final double[] pointY;
    private final double[] pointZ;
    private final int[] nextPoint;
    // Whether a point is on the wall behind its cluster (see splitOffWall): left out of the object.
    private final boolean[] pointIsWall;
    private int freePoint;

    // Nearest obstacle range seen per azimuth column (horizontal, from the sensor), for occlusion.
    private final double[] nearestRange;

    private final double[] fitX = new double[MAX_FIT_POINTS];
    private final double[] fitY = new double[MAX_FIT_POINTS];
    // Profile of a long cluster along its major axis, in bins: points and highest point per bin.
    private final int[] binCount = new int[SPLIT_BINS];
    private final double[] binTop = new double[SPLIT_BINS];
    private final int[] binSegment = new int[SPLIT_BINS];
    // Across a wide cluster: where its tall points begin and end along its length, per bin.
    private final double[] binTallLow = new double[SPLIT_BINS];
    private final double[] binTallHigh = new double[SPLIT_BINS];

    // Objects closed since the last clearObjects: each cluster's fitted rectangle, as observed.
    private final int maxObjects;
    private int objectCount;
    private final double[] objectMeanX;
    private final double[] objectMeanY;
    private final double[] objectAngle;
    private final double[] objectMin1;
    private final double[] objectMax1;
    private final double[] objectMin2;
    private final double[] objectMax2;
    private final double[] objectHeight;
    private final double[] objectSensorX;
    private final double[] objectSensorY;
    private final long[] objectTimeNs;
    private final int[] objectPoints;
    private final int[] objectClass;
    private final double[] objectPriorLength;
    private final double[] objectPriorWidth;
    private final double[] objectConfidence;
    private final boolean[] objectOccluded;

    // The last completed box.
    private double boxX;
    private double boxY;
    private double boxYaw;
    private boolean boxHasYaw;
    private double boxLength;
    private double boxWidth;
    private final double[] boxCovariance = new double[3];
    private double profileLow;
    private double completedExtent;
    private double extendedBy;

    private long column = -1;
    private long columnTimeNs;
    private long scannedColumn = -1;
    private double m00;
    private double m01;
    private double m02;
    private double m10;
    private double m11;
    private double m12;
    private double translationX;
    private double translationY;

    private long sectorCount;
    private long pointsSeen;
    private long groundPoints;
    private long droppedPoints;
    private long droppedObjects;
    private long forcedCloses;

    /**
     * @param config        the LiDAR of the rig.
     * @param vehicle       the ego's body: returns from inside it are the vehicle itself.
     * @param odometry      gives the ego pose at each firing's time.
     * @param grid          takes free space and obstacles; may be null.
     * @param groundHeightM points lower than this in the vehicle frame are ground.
     * @param maxRangeM     points farther than this (horizontal) are not clustered.
     * @param maxPoints     capacity of the open clusters' point table.
     * @param maxObjects    most objects closed by one sector.
     */
    public LidarClusterer(
        final SensorConfig config,
        final VehicleGeometry vehicle,
        final Odometry odometry,
        final OccupancyGrid grid,
        final double groundHeightM,
        final double maxRangeM,
        final int maxPoints,
        final int maxObjects)
    {
        final LidarSpec spec = config.lidar();
        this.config = config;
        this.sensorIndex = config.index();
        this.beams = spec.beams();
        this.sectors = spec.sectors();
        this.stepsPerSector = spec.stepsPerSector();
        this.stepsPerRevolution = spec.azimuthStepsPerRevolution();
        this.firingIntervalNs = (double)config.periodNs() / stepsPerRevolution;
        this.stepAngle = 2.0 * Math.PI / stepsPerRevolution;
        this.mount = new MountTransform(config.mount());
        this.mountRotation = config.mount().rotation();
        this.odometry = odometry;
        this.grid = grid;
        this.groundHeightM = groundHeightM;
        this.maxRangeM = maxRangeM;
        this.maxOpenColumns = stepsPerRevolution / 2;
        this.selfMinX = vehicle.rearX() - SELF_MARGIN_M;
        this.selfMaxX = vehicle.frontX() + SELF_MARGIN_M;
        this.selfHalfWidth = vehicle.widthM() / 2 + SELF_MARGIN_M;

        final int slotPoints = COLUMN_SLOTS * beams;
        slotValid = new boolean[slotPoints];
        slotX = new double[slotPoints];
        slotY = new double[slotPoints];
        slotZ = new double[slotPoints];
        slotRange = new double[slotPoints];
        slotNode = new int[slotPoints];
        Arrays.fill(slotColumn, Long.MIN_VALUE);

        maxNodes = maxPoints;
        parent = new int[maxNodes];
        nextMember = new int[maxNodes];
        memberTail = new int[maxNodes];
        freeNodes = new int[maxNodes];
        pointCount = new int[maxNodes];
        firstColumn = new long[maxNodes];
        lastColumn = new long[maxNodes];
        firstTimeNs = new long[maxNodes];
        lastTimeNs = new long[maxNodes];
        maxZ = new double[maxNodes];
        minRange = new double[maxNodes];
        pointHead = new int[maxNodes];
        pointTail = new int[maxNodes];
        openIndex = new int[maxNodes];
        openRoots = new int[maxNodes];
        for (int i = 0; i < maxNodes; i++)
        {
            freeNodes[i] = maxNodes - 1 - i;
        }
        freeNodeCount = maxNodes;

        pointX = new double[maxPoints];
        pointY = new double[maxPoints];
        pointZ = new double[maxPoints];
        nextPoint = new int[maxPoints];
        pointIsWall = new boolean[maxPoints];
        for (int i = 0; i < maxPoints; i++)
        {
            nextPoint[i] = i + 1 < maxPoints ? i + 1 : -1;
        }
        freePoint = 0;

        nearestRange = new double[stepsPerRevolution];
        Arrays.fill(nearestRange, Double.POSITIVE_INFINITY);

        this.maxObjects = maxObjects;
        objectMeanX = new double[maxObjects];
        objectMeanY = new double[maxObjects];
        objectAngle = new double[maxObjects];
        objectMin1 = new double[maxObjects];
        objectMax1 = new double[maxObjects];
        objectMin2 = new double[maxObjects];
        objectMax2 = new double[maxObjects];
        objectHeight = new double[maxObjects];
        objectSensorX = new double[maxObjects];
        objectSensorY = new double[maxObjects];
        objectTimeNs = new long[maxObjects];
        objectPoints = new int[maxObjects];
        objectClass = new int[maxObjects];
        objectPriorLength = new double[maxObjects];
        objectPriorWidth = new double[maxObjects];
        objectConfidence = new double[maxObjects];
        objectOccluded = new boolean[maxObjects];
    }

    public SensorConfig config()
    {
        return config;
    }

    /**
     * Takes one sector: updates the grid, grows the open clusters, and closes those the scan has left
     * behind, which are added to the objects readable until {@link #clearObjects()}.
     */
    public void onSector(final LidarSectorDecoder sector, final long captureTimeNs)
    {
        sectorCount++;
        final long firstColumnOfSector = (sector.sweepId() * sectors + sector.sectorIndex()) * (long)stepsPerSector;
        final LidarSectorDecoder.PointsDecoder points = sector.points();
        int lastOffsetUs = -1;
        while (points.hasNext())
        {
            points.next();
            final int offsetUs = points.timeOffsetUs();
            if (offsetUs != lastOffsetUs)
            {
                lastOffsetUs = offsetUs;
                final long step = Math.min(stepsPerSector - 1, Math.round(offsetUs * 1000.0 / firingIntervalNs));
                final long next = firstColumnOfSector + step;
                if (next > column)
                {
                    beginColumn(next, captureTimeNs + offsetUs * 1000L);
                }
            }
            final int ring = points.ring();
            if (ring < beams)
            {
                onPoint(points.x(), points.y(), points.z(), ring);
            }
        }
        scannedColumn = Math.max(scannedColumn, firstColumnOfSector + stepsPerSector - 1);
        closeClusters();
    }

    /**
     * @return true when the obstacle nearest the sensor in the track's azimuth column (as last scanned)
     * is more than {@code marginM} nearer than {@code rangeM}: something stands in front of it.
     */
    public boolean isOccluded(final double azimuthRad, final double rangeM, final double marginM)
    {
        final int c = columnOf(azimuthRad);
        return nearestRange[c] < rangeM - marginM;
    }

    /**
     * @return the revolution column (0 .. steps-1) of a sensor-frame azimuth.
     */
    public int columnOf(final double azimuthRad)
    {
        int c = (int)Math.floor(azimuthRad / stepAngle) % stepsPerRevolution;
        if (c < 0)
        {
            c += stepsPerRevolution;
        }
        return c;
    }

    /**
     * @return the newest column scanned, numbered from the first column of sweep 0.
     */
    public long scannedColumn()
    {
        return scannedColumn;
    }

    public int stepsPerRevolution()
    {
        return stepsPerRevolution;
    }

    public MountTransform mount()
    {
        return mount;
    }

    /**
     * Forgets the objects closed so far, once they have been taken.
     */
    public void clearObjects()
    {
        objectCount = 0;
    }

    public int objectCount()
    {
        return objectCount;
    }

    /** @return odometry x of the mean of the object's points (on the faces the sensor saw), m. */
    public double objectX(final int i)
    {
        return objectMeanX[i];
    }

    public double objectY(final int i)
    {
        return objectMeanY[i];
    }

    /**
     * @return the observed extent of object i across a heading (its width, if it travels that way), m.
     */
    public double objectExtentAcross(final int i, final double heading)
    {
        final double along = Math.abs(StrictMath.cos(objectAngle[i] - heading));
        return along >= Math.sqrt(0.5) ? objectMax2[i] - objectMin2[i] : objectMax1[i] - objectMin1[i];
    }

    /** @return the larger observed extent of the fitted rectangle, m. */
    public double objectMajorExtent(final int i)
    {
        return Math.max(objectMax1[i] - objectMin1[i], objectMax2[i] - objectMin2[i]);
    }

    /** @return the smaller observed extent of the fitted rectangle, m. */
    public double objectMinorExtent(final int i)
    {
        return Math.min(objectMax1[i] - objectMin1[i], objectMax2[i] - objectMin2[i]);
    }

    /** @return the highest point above the ground, m. */
    public double objectHeight(final int i)
    {
        return objectHeight[i];
    }

    /** @return when the object was scanned: the middle of its first and last column, ns. */
    public long objectTimeNs(final int i)
    {
        return objectTimeNs[i];
    }

    public int objectPoints(final int i)
    {
        return objectPoints[i];
    }

    /** @return the class its shape suggests, an {@link ObjectClass} value; weak evidence. */
    public int objectClass(final int i)
    {
        return objectClass[i];
    }

    /** @return the usual length of the class its shape suggests, m. */
    public double objectPriorLength(final int i)
    {
        return objectPriorLength[i];
    }

    /** @return the usual width of the class its shape suggests, m. */
    public double objectPriorWidth(final int i)
    {
        return objectPriorWidth[i];
    }

    public double objectConfidence(final int i)
    {
        return objectConfidence[i];
    }

    /** @return true when something nearer hid most of the object from the LiDAR. */
    public boolean objectOccluded(final int i)
    {
        return objectOccluded[i];
    }

    /**
     * Completes object i to a box of at least (length, width): the faces the sensor saw stay where they
     * are and the box grows away from the sensor on each axis it saw less of. Which fitted axis is the
     * length: the longer, unless what was seen is no wider than the body is wide, when it is a front or
     * rear face and the length runs away from the sensor; or, given a heading (an object's direction of
     * travel), the axis nearer it. The result is readable through the box accessors until the next call.
     *
     * @param heading the length axis's direction in the odometry frame, rad, or NaN when unknown.
     */
    public void complete(final int i, final double priorLength, final double priorWidth, final double heading)
    {
        final double extent1 = objectMax1[i] - objectMin1[i];
        final double extent2 = objectMax2[i] - objectMin2[i];
        final double major = Math.max(extent1, extent2);
        final double angle = objectAngle[i];
        final double cos = StrictMath.cos(angle);
        final double sin = StrictMath.sin(angle);
        final double relX = objectSensorX[i] - objectMeanX[i];
        final double relY = objectSensorY[i] - objectMeanY[i];
        final double sensor1 = relX * cos + relY * sin;
        final double sensor2 = -relX * sin + relY * cos;
        final double range = Math.sqrt(relX * relX + relY * relY);

        final boolean firstIsLength;
        if (Double.isNaN(heading))
        {
            final boolean seesLength = major >= priorWidth + 0.6;
            firstIsLength = extent1 >= extent2 ? seesLength : !seesLength;
        }
        else
        {
            final double along = Math.abs(cos * StrictMath.cos(heading) + sin * StrictMath.sin(heading));
            firstIsLength = along >= Math.sqrt(0.5);
        }
        final double lengthCentre = complete(
            firstIsLength ? objectMin1[i] : objectMin2[i], firstIsLength ? objectMax1[i] : objectMax2[i], priorLength,
            firstIsLength ? sensor1 : sensor2);
        boxLength = completedExtent;
        final double lengthExtended = extendedBy;
        final double widthCentre = complete(
            firstIsLength ? objectMin2[i] : objectMin1[i], firstIsLength ? objectMax2[i] : objectMax1[i], priorWidth,
            firstIsLength ? sensor2 : sensor1);
        boxWidth = completedExtent;
        final double widthExtended = extendedBy;

        final double centre1 = firstIsLength ? lengthCentre : widthCentre;
        final double centre2 = firstIsLength ? widthCentre : lengthCentre;
        boxX = objectMeanX[i] + centre1 * cos - centre2 * sin;
        boxY = objectMeanY[i] + centre1 * sin + centre2 * cos;
        final double lengthAxis = firstIsLength ? angle : angle + 0.5 * Math.PI;
        boxYaw = lengthAxis > 0.5 * Math.PI ? lengthAxis - Math.PI : lengthAxis;
        boxHasYaw = major >= 1.0 && objectPoints[i] >= 6;

        // Centre noise: a little for the fit, more with range (sparser points), and the unseen part of a
        // completed extent, whose true size the prior only guesses.
        final double base = 0.08 + 0.004 * range;
        final double lengthStd = base + 0.3 * lengthExtended;
        final double widthStd = base + 0.3 * widthExtended;
        final double c = StrictMath.cos(lengthAxis);
        final double s = StrictMath.sin(lengthAxis);
        final double a = lengthStd * lengthStd;
        final double b = widthStd * widthStd;
        boxCovariance[0] = a * c * c + b * s * s;
        boxCovariance[1] = (a - b) * c * s;
        boxCovariance[2] = a * s * s + b * c * c;
        if (objectOccluded[i] && range > 0.0)
        {
            // What showed may be a roof over the car in front, not the near face: along the line of
            // sight the centre is anyone's guess within a car length.
            final double ux = -relX / range;
            final double uy = -relY / range;
            final double hidden = HIDDEN_FACE_STD_M * HIDDEN_FACE_STD_M;
            boxCovariance[0] += hidden * ux * ux;
            boxCovariance[1] += hidden * ux * uy;
            boxCovariance[2] += hidden * uy * uy;
        }
    }

    /** @return odometry x of the last completed box's centre, m. */
    public double boxX()
    {
        return boxX;
    }

    public double boxY()
    {
        return boxY;
    }

    /** @return the last completed box's length axis in the odometry frame, rad (front and back alike). */
    public double boxYaw()
    {
        return boxYaw;
    }

    /** @return false for objects too small or sparse for their orientation to mean anything. */
    public boolean boxHasYaw()
    {
        return boxHasYaw;
    }

    public double boxLength()
    {
        return boxLength;
    }

    public double boxWidth()
    {
        return boxWidth;
    }

    /** @return element 0 (xx), 1 (xy) or 2 (yy) of the last completed box centre's covariance, m^2. */
    public double boxCovariance(final int element)
    {
        return boxCovariance[element];
    }

    public long sectors()
    {
        return sectorCount;
    }

    public long pointsSeen()
    {
        return pointsSeen;
    }

    public long groundPoints()
    {
        return groundPoints;
    }

    /** Points not clustered because the point or node table was full. */
    public long droppedPoints()
    {
        return droppedPoints;
    }

    /** Objects not reported because more closed between two {@link #clearObjects()} than the table holds. */
    public long droppedObjects()
    {
        return droppedObjects;
    }

    /** Clusters closed because they stayed open for half a revolution. */
    public long forcedCloses()
    {
        return forcedCloses;
    }

    public int openClusters()
    {
        return openCount;
    }

    private void beginColumn(final long next, final long timeNs)
    {
        column = next;
        columnTimeNs = timeNs;
        final int slot = (int)(next & (COLUMN_SLOTS - 1));
        slotColumn[slot] = next;
        Arrays.fill(slotValid, slot * beams, slot * beams + beams, false);
        nearestRange[(int)(next % stepsPerRevolution)] = Double.POSITIVE_INFINITY;

        // Sensor to odometry at this firing: the mount, then the ego pose at the firing's time.
        odometry.poseAt(timeNs, columnPose);
        final double c = columnPose.cos();
        final double s = columnPose.sin();
        final double[] r = mountRotation;
        m00 = c * r[0] - s * r[3];
        m01 = c * r[1] - s * r[4];
        m02 = c * r[2] - s * r[5];
        m10 = s * r[0] + c * r[3];
        m11 = s * r[1] + c * r[4];
        m12 = s * r[2] + c * r[5];
        translationX = columnPose.odometryX(mount.originX(), mount.originY());
        translationY = columnPose.odometryY(mount.originX(), mount.originY());
    }

    private void onPoint(final float sx, final float sy, final float sz, final int ring)
    {
        pointsSeen++;
        mount.toVehicle(sx, sy, sz);
        final double vx = mount.x();
        final double vy = mount.y();
        final double vz = mount.z();
        if (vx > selfMinX && vx < selfMaxX && vy > -selfHalfWidth && vy < selfHalfWidth)
        {
            return;
        }
        final double ox = m00 * sx + m01 * sy + m02 * sz + translationX;
        final double oy = m10 * sx + m11 * sy + m12 * sz + translationY;
        if (vz < groundHeightM)
        {
            groundPoints++;
            if (null != grid && (column & 1) == 0)
            {
                grid.free(ox, oy);
            }
            return;
        }
        if (vz > MAX_POINT_HEIGHT_M)
        {
            return;
        }
        final double range = Math.sqrt(sx * sx + sy * sy);
        if (null != grid)
        {
            grid.hit(ox, oy);
        }
        final int revolutionColumn = (int)(column % stepsPerRevolution);
        if (range < nearestRange[revolutionColumn])
        {
            nearestRange[revolutionColumn] = range;
        }
        if (range > maxRangeM)
        {
            return;
        }

        final double threshold = NEIGHBOUR_BASE_M + NEIGHBOUR_PER_METRE * range;
        final double limit = threshold * threshold;
        final double levelStep = NEIGHBOUR_BASE_M + LEVEL_STEP_PER_METRE * range;
        final double levelLimit = Math.max(limit, levelStep * levelStep);
        final int slot = (int)(column & (COLUMN_SLOTS - 1));
        int root = -1;
        // Same column, the ring below (or the one below that across a missing return); a roof seen from
        // above steps far between rings at one height.
        final int below = slot * beams + ring - 1;
        root = joinLevel(root, slot, ring > 0 && slotValid[below] ? ring - 1 : ring - 2, ox, oy, vz, limit, levelLimit);
        // The previous column's three nearest rings, or the column before it across a missing column.
        for (int back = 1; back <= 2; back++)
        {
            final int previous = (int)((column - back) & (COLUMN_SLOTS - 1));
            if (slotColumn[previous] != column - back)
            {
                continue;
            }
            boolean any = false;
            for (int r = ring - 1; r <= ring + 1; r++)
            {
                if (r >= 0 && r < beams && slotValid[previous * beams + r])
                {
                    any = true;
                    root = join(root, previous, r, ox, oy, vz, limit);
                }
            }
            if (any)
            {
                break;
            }
        }

        if (root < 0)
        {
            root = newCluster();
            if (root < 0)
            {
                droppedPoints++;
                return;
            }
        }
        if (-1 == freePoint)
        {
            droppedPoints++;
            return;
        }
        final int p = freePoint;
        freePoint = nextPoint[p];
        pointX[p] = ox;
        pointY[p] = oy;
        pointZ[p] = vz;
        nextPoint[p] = -1;
        if (pointHead[root] < 0)
        {
            pointHead[root] = p;
        }
        else
        {
            nextPoint[pointTail[root]] = p;
        }
        pointTail[root] = p;
        pointCount[root]++;
        lastColumn[root] = column;
        lastTimeNs[root] = columnTimeNs;
        maxZ[root] = Math.max(maxZ[root], vz);
        minRange[root] = Math.min(minRange[root], range);

        final int at = slot * beams + ring;
        slotValid[at] = true;
        slotX[at] = ox;
        slotY[at] = oy;
        slotZ[at] = vz;
        slotRange[at] = range;
        slotNode[at] = root;
    }

    private int joinLevel(
        final int root,
        final int slot,
        final int ring,
        final double x,
        final double y,
        final double z,
        final double limit,
        final double levelLimit)
    {
        if (ring < 0 || ring >= beams)
        {
            return root;
        }
        final int at = slot * beams + ring;
        return slotValid[at] && Math.abs(slotZ[at] - z) < LEVEL_HEIGHT_M ?
            join(root, slot, ring, x, y, z, levelLimit) : join(root, slot, ring, x, y, z, limit);
    }

    private int join(
        final int root, final int slot, final int ring, final double x, final double y, final double z, final double limit)
    {
        if (ring < 0 || ring >= beams)
        {
            return root;
        }
        final int at = slot * beams + ring;
        if (!slotValid[at])
        {
            return root;
        }
        final double dx = slotX[at] - x;
        final double dy = slotY[at] - y;
        final double dz = slotZ[at] - z;
        if (dx * dx + dy * dy + dz * dz > limit)
        {
            return root;
        }
        final int other = find(slotNode[at]);
        if (root < 0)
        {
            return other;
        }
        return other == root ? root : union(root, other);
    }

    private int find(final int node)
    {
        int n = node;
        while (parent[n] != n)
        {
            parent[n] = parent[parent[n]];
            n = parent[n];
        }
        return n;
    }

    private int newCluster()
    {
        if (0 == freeNodeCount)
        {
            return -1;
        }
        final int n = freeNodes[--freeNodeCount];
        parent[n] = n;
        nextMember[n] = -1;
        memberTail[n] = n;
        pointCount[n] = 0;
        firstColumn[n] = column;
        lastColumn[n] = column;
        firstTimeNs[n] = columnTimeNs;
        lastTimeNs[n] = columnTimeNs;
        maxZ[n] = Double.NEGATIVE_INFINITY;
        minRange[n] = Double.POSITIVE_INFINITY;
        pointHead[n] = -1;
        pointTail[n] = -1;
        openIndex[n] = openCount;
        openRoots[openCount++] = n;
        return n;
    }

    /**
     * Merges two roots; the older cluster (earlier first column, then lower node) keeps the root so the
     * result does not depend on which neighbour was visited first.
     */
    private int union(final int a, final int b)
    {
        final boolean aFirst = firstColumn[a] < firstColumn[b] || (firstColumn[a] == firstColumn[b] && a < b);
        final int keep = aFirst ? a : b;
        final int gone = aFirst ? b : a;
        parent[gone] = keep;
        pointCount[keep] += pointCount[gone];
        firstColumn[keep] = Math.min(firstColumn[keep], firstColumn[gone]);
        lastColumn[keep] = Math.max(lastColumn[keep], lastColumn[gone]);
        firstTimeNs[keep] = Math.min(firstTimeNs[keep], firstTimeNs[gone]);
        lastTimeNs[keep] = Math.max(lastTimeNs[keep], lastTimeNs[gone]);
        maxZ[keep] = Math.max(maxZ[keep], maxZ[gone]);
        minRange[keep] = Math.min(minRange[keep], minRange[gone]);
        if (pointHead[gone] >= 0)
        {
            if (pointHead[keep] < 0)
            {
                pointHead[keep] = pointHead[gone];
            }
            else
            {
                nextPoint[pointTail[keep]] = pointHead[gone];
            }
            pointTail[keep] = pointTail[gone];
        }
        nextMember[memberTail[keep]] = gone;
        memberTail[keep] = memberTail[gone];
        removeOpen(gone);
        return keep;
    }

    private void removeOpen(final int root)
    {
        final int index = openIndex[root];
        final int last = openRoots[--openCount];
        openRoots[index] = last;
        openIndex[last] = index;
    }

    private void closeClusters()
    {
        int i = 0;
        while (i < openCount)
        {
            final int root = openRoots[i];
            final boolean passed = lastColumn[root] < scannedColumn - CLOSE_LAG_COLUMNS;
            final boolean tooLong = scannedColumn - firstColumn[root] > maxOpenColumns;
            if (!passed && !tooLong)
            {
                i++;
                continue;
            }
            if (tooLong && !passed)
            {
                forcedCloses++;
                forgetInColumns(root);
            }
            removeOpen(root);
            emit(root);
            release(root);
        }
    }

    /**
     * @return true when, in most of the cluster's columns, something nearer stands in front of it: what
     * the LiDAR saw is the part showing over or beside that (a roof behind a car), so its near face is
     * not where the cluster begins.
     */
    private boolean isBehindSomething(final int root)
    {
        final long first = firstColumn[root];
        final long last = lastColumn[root];
        final long step = Math.max(1, (last - first) / 8);
        final double limit = minRange[root] - OCCLUDER_GAP_M;
        int sampled = 0;
        int blocked = 0;
        for (long c = first; c <= last; c += step)
        {
            sampled++;
            if (nearestRange[(int)(c % stepsPerRevolution)] < limit)
            {
                blocked++;
            }
        }
        return 2 * blocked > sampled;
    }

    private void forgetInColumns(final int root)
    {
        for (int at = 0; at < slotValid.length; at++)
        {
            if (slotValid[at] && find(slotNode[at]) == root)
            {
                slotValid[at] = false;
            }
        }
    }

    private void release(final int root)
    {
        if (pointHead[root] >= 0)
        {
            nextPoint[pointTail[root]] = freePoint;
            freePoint = pointHead[root];
        }
        for (int n = root; n >= 0; n = nextMember[n])
        {
            freeNodes[freeNodeCount++] = n;
        }
    }

    private void emit(final int root)
    {
        int count = pointCount[root];
        double height = maxZ[root];
        if (count < 3 || height < MIN_OBJECT_HEIGHT_M)
        {
            return;
        }
        for (int p = pointHead[root]; p >= 0; p = nextPoint[p])
        {
            pointIsWall[p] = false;
        }
        fitter.fit(fitX, fitY, gather(root, -1, 0, 0, 0, count));
        final boolean isNear = minRange[root] <= SPLIT_MAX_RANGE_M;
        if (isNear && Math.min(fitter.max1 - fitter.min1, fitter.max2 - fitter.min2) > SPLIT_MIN_WIDTH_M &&
            splitOffWall(root, fitter.max1 - fitter.min1 >= fitter.max2 - fitter.min2))
        {
            // The wall is scenery, in the occupancy grid already; tracked, the piece of it in view would change
            // with every sweep and read as motion. What stands before it is the object, or the row of them.
            count = 0;
            height = Double.NEGATIVE_INFINITY;
            for (int p = pointHead[root]; p >= 0; p = nextPoint[p])
            {
                if (!pointIsWall[p])
                {
                    count++;
                    height = Math.max(height, pointZ[p]);
                }
            }
            if (count < 3 || height < MIN_OBJECT_HEIGHT_M)
            {
                return;
            }
            fitter.fit(fitX, fitY, gather(root, -1, 0, 0, 0, count));
        }
        final double extent1 = fitter.max1 - fitter.min1;
        final double extent2 = fitter.max2 - fitter.min2;
        if (Math.max(extent1, extent2) > MAX_CLUSTER_LENGTH_M)
        {
            return;
        }
        if (Math.max(extent1, extent2) < SPLIT_MIN_LENGTH_M || !isNear || !split(root, count, extent1 >= extent2))
        {
            emitFitted(root, count, height);
        }
    }

    /**
     * Splits off the wall behind a cluster wider than any vehicle: the bins across its major axis farthest from the
     * sensor, at most {@link #WALL_MAX_BINS} of them, in each of which tall points ({@link #POST_MIN_HEIGHT_M}) run
     * along at least half the cluster's length. A pillar, a van or a post is tall over a few metres of the row at
     * most; and gaps across cannot tell a wall from the rest, as the rings that step over a car's roof leave gaps too.
     *
     * @return whether a wall was split off: its points are marked in {@link #pointIsWall}.
     */
    private boolean splitOffWall(final int root, final boolean isFirstMajor)
    {
        final double alongCos = isFirstMajor ? fitter.cos : -fitter.sin;
        final double alongSin = isFirstMajor ? fitter.sin : fitter.cos;
        final double length = Math.max(fitter.max1 - fitter.min1, fitter.max2 - fitter.min2);
        final int last = profile(root, -alongSin, alongCos);
        final double low = profileLow;
        for (int b = 0; b <= last; b++)
        {
            binTallLow[b] = Double.POSITIVE_INFINITY;
            binTallHigh[b] = Double.NEGATIVE_INFINITY;
        }
        for (int p = pointHead[root]; p >= 0; p = nextPoint[p])
        {
            if (pointZ[p] >= POST_MIN_HEIGHT_M)
            {
                final int b = bin(p, -alongSin, alongCos, low);
                final double along = pointX[p] * alongCos + pointY[p] * alongSin;
                binTallLow[b] = Math.min(binTallLow[b], along);
                binTallHigh[b] = Math.max(binTallHigh[b], along);
            }
        }

        final boolean isSensorLow = -translationX * alongSin + translationY * alongCos - low < 0.5 * SPLIT_BIN_M * last;
        final int step = isSensorLow ? -1 : 1;
        int b = isSensorLow ? last : 0;
        int wallBins = 0;
        while (wallBins <= WALL_MAX_BINS && b >= 0 && b <= last && binTallHigh[b] - binTallLow[b] >= 0.5 * length)
        {
            wallBins++;
            b += step;
        }
        if (0 == wallBins || wallBins > WALL_MAX_BINS)
        {
            return false;
        }
        final int firstNear = b;
        for (int p = pointHead[root]; p >= 0; p = nextPoint[p])
        {
            final int pb = bin(p, -alongSin, alongCos, low);
            pointIsWall[p] = isSensorLow ? pb > firstNear : pb < firstNear;
        }
        return true;
    }

    /**
     * The profile of the cluster's points (but a wall's) along the axis (cos, sin): points and highest
     * point per bin from the lowest point, into {@link #binCount} and {@link #binTop}, segments cleared, the lowest
     * projection into {@link #profileLow}.
     *
     * @return the last bin holding a point.
     */
    private int profile(final int root, final double cos, final double sin)
    {
        double low = Double.POSITIVE_INFINITY;
        for (int p = pointHead[root]; p >= 0; p = nextPoint[p])
        {
            if (!pointIsWall[p])
            {
                low = Math.min(low, pointX[p] * cos + pointY[p] * sin);
            }
        }
        for (int b = 0; b < SPLIT_BINS; b++)
        {
            binCount[b] = 0;
            binTop[b] = Double.NEGATIVE_INFINITY;
            binSegment[b] = -1;
        }
        int last = 0;
        for (int p = pointHead[root]; p >= 0; p = nextPoint[p])
        {
            if (!pointIsWall[p])
            {
                final int b = bin(p, cos, sin, low);
                binCount[b]++;
                binTop[b] = Math.max(binTop[b], pointZ[p]);
                last = Math.max(last, b);
            }
        }
        profileLow = low;
        return last;
    }

    /**
     * Gathers up to {@link #MAX_FIT_POINTS} of the cluster's points but a wall's, evenly spread, into the fit
     * arrays: from all {@code count} of them (segment -1), or from the {@code count} whose bin along the axis
     * (cos, sin), counted from {@code low}, belongs to {@code segment}.
     *
     * @return how many were gathered.
     */
    private int gather(
        final int root, final int segment, final double cos, final double sin, final double low, final int count)
    {
        final int stride = (count + MAX_FIT_POINTS - 1) / MAX_FIT_POINTS;
        int n = 0;
        int k = 0;
        for (int p = pointHead[root]; p >= 0 && n < MAX_FIT_POINTS; p = nextPoint[p])
        {
            if (pointIsWall[p] || segment >= 0 && binSegment[bin(p, cos, sin, low)] != segment)
            {
                continue;
            }
            if (k++ % stride == 0)
            {
                fitX[n] = pointX[p];
                fitY[n] = pointY[p];
                n++;
            }
        }
        return n;
    }

    private int bin(final int p, final double cos, final double sin, final double low)
    {
        final double u = pointX[p] * cos + pointY[p] * sin - low;
        return Math.max(0, Math.min(SPLIT_BINS - 1, (int)(u / SPLIT_BIN_M)));
    }

    /**
     * Splits a long cluster (what stands before its wall) along its major axis into the objects in a row that the neighbour distance
     * linked: at every gap of {@link #SPLIT_GAP_BINS} empty bins, and around every pillar (a run of bins
     * taller than {@link #POST_MIN_HEIGHT_M}, at most {@link #POST_MAX_BINS} long, beside lower ones).
     * Uses every point of the cluster, not a sample, so a sparse face is not split by chance.
     *
     * @return false when it is one object (nothing emitted).
     */
    private boolean split(final int root, final int count, final boolean isFirstMajor)
    {
        final double cos = isFirstMajor ? fitter.cos : -fitter.sin;
        final double sin = isFirstMajor ? fitter.sin : fitter.cos;
        final int last = profile(root, cos, sin);
        final double low = profileLow;

        int segments = 0;
        int empty = 0;
        boolean wasTall = false;
        for (int b = 0; b <= last; b++)
        {
            if (0 == binCount[b])
            {
                empty++;
                continue;
            }
            final boolean isTall = binTop[b] >= POST_MIN_HEIGHT_M;
            final boolean startsPost = isTall && !wasTall && isPost(b, last);
            final boolean endsPost = !isTall && wasTall && segments > 0 && isPostEnding(b);
            if (0 == segments || empty >= SPLIT_GAP_BINS || startsPost || endsPost)
            {
                segments++;
            }
            binSegment[b] = segments - 1;
            wasTall = isTall;
            empty = 0;
        }
        if (segments < 2)
        {
            return false;
        }
        for (int segment = 0; segment < segments; segment++)
        {
            int segmentCount = 0;
            double top = Double.NEGATIVE_INFINITY;
            for (int b = 0; b <= last; b++)
            {
                if (binSegment[b] == segment)
                {
                    segmentCount += binCount[b];
                    top = Math.max(top, binTop[b]);
                }
            }
            if (segmentCount < 3 || top < MIN_OBJECT_HEIGHT_M)
            {
                continue;
            }
            fitter.fit(fitX, fitY, gather(root, segment, cos, sin, low, segmentCount));
            emitFitted(root, segmentCount, top);
        }
        return true;
    }

    /** Whether the tall run starting at bin {@code from} is short enough to be a pillar, with lower bins beside it. */
    private boolean isPost(final int from, final int last)
    {
        int b = from;
        while (b <= last && binCount[b] > 0 && binTop[b] >= POST_MIN_HEIGHT_M)
        {
            b++;
        }
        final boolean lowerBefore = from > 0 && binCount[from - 1] > 0;
        final boolean lowerAfter = b <= last && binCount[b] > 0;
        return b - from <= POST_MAX_BINS && (lowerBefore || lowerAfter);
    }

    /** Whether the tall run ending just before bin {@code to} was split out as a pillar. */
    private boolean isPostEnding(final int to)
    {
        int b = to - 1;
        while (b >= 0 && binCount[b] > 0 && binTop[b] >= POST_MIN_HEIGHT_M)
        {
            b--;
        }
        return to - 1 - b <= POST_MAX_BINS;
    }

    /** Emits the rectangle just fitted as an object of cluster {@code root}: {@code count} points, {@code height} tall. */
    private void emitFitted(final int root, final int count, final double height)
    {
        final double extent1 = fitter.max1 - fitter.min1;
        final double extent2 = fitter.max2 - fitter.min2;
        final double major = Math.max(extent1, extent2);
        final double minor = Math.min(extent1, extent2);
        if (major > MAX_OBJECT_LENGTH_M)
        {
            return;
        }
        if (objectCount == maxObjects)
        {
            droppedObjects++;
            return;
        }

        final long timeNs = firstTimeNs[root] + (lastTimeNs[root] - firstTimeNs[root]) / 2;
        odometry.poseAt(timeNs, objectPose);
        final int o = objectCount++;
        objectMeanX[o] = fitter.meanX;
        objectMeanY[o] = fitter.meanY;
        objectAngle[o] = fitter.angle;
        objectMin1[o] = fitter.min1;
        objectMax1[o] = fitter.max1;
        objectMin2[o] = fitter.min2;
        objectMax2[o] = fitter.max2;
        objectHeight[o] = height;
        objectSensorX[o] = objectPose.odometryX(mount.originX(), mount.originY());
        objectSensorY[o] = objectPose.odometryY(mount.originX(), mount.originY());
        objectTimeNs[o] = timeNs;
        objectPoints[o] = count;
        objectConfidence[o] = Math.min(0.95, 0.55 + 0.04 * count);
        objectOccluded[o] = isBehindSomething(root);

        // What the shape suggests, and that class's usual size. A car's rear face and a cyclist's side
        // look alike to a LiDAR: the tracker's own size for the object wins where it has one.
        if (major < 1.0 && height >= POST_MIN_HEIGHT_M)
        {
            // Narrow and taller than anyone: a pillar or post, as big as it shows.
            objectClass[o] = ObjectClass.STATIC_OBSTACLE.value();
            objectPriorLength[o] = major;
            objectPriorWidth[o] = major;
        }
        else if (major < 1.0)
        {
            objectClass[o] = height >= 1.0 ? ObjectClass.PEDESTRIAN.value() : ObjectClass.STATIC_OBSTACLE.value();
            objectPriorLength[o] = height >= 1.0 ? 0.5 : minor;
            objectPriorWidth[o] = objectPriorLength[o];
        }
        else if (major < 2.1 && minor < 0.9 && height >= CYCLIST_MIN_HEIGHT_M && height < 2.2)
        {
            objectClass[o] = ObjectClass.CYCLIST.value();
            objectPriorLength[o] = 1.8;
            objectPriorWidth[o] = 0.6;
        }
        else if (height < 1.3 && major < 2.6 && minor < 0.8)
        {
            objectClass[o] = ObjectClass.STATIC_OBSTACLE.value();
            objectPriorLength[o] = major;
            objectPriorWidth[o] = minor;
        }
        else if (height < 2.1)
        {
            objectClass[o] = ObjectClass.CAR.value();
            objectPriorLength[o] = 4.6;
            objectPriorWidth[o] = 1.85;
        }
        else if (height < 3.0)
        {
            objectClass[o] = ObjectClass.CAR.value();
            objectPriorLength[o] = 5.4;
            objectPriorWidth[o] = 2.05;
        }
        else
        {
            objectClass[o] = ObjectClass.TRUCK.value();
            objectPriorLength[o] = 10.0;
            objectPriorWidth[o] = 2.5;
        }
    }

    /**
     * Completes an observed interval [low, high] on one axis to at least the prior extent, growing it
     * away from the sensor's projection on that axis.
     *
     * @return the centre of the completed interval; its extent in {@link #completedExtent}.
     */
    private double complete(final double low, final double high, final double prior, final double sensor)
    {
        final double observed = high - low;
        if (observed >= prior)
        {
            completedExtent = observed;
            extendedBy = 0.0;
            return 0.5 * (low + high);
        }
        completedExtent = prior;
        extendedBy = prior - observed;
        if (sensor <= low)
        {
            return low + 0.5 * prior;
        }
        if (sensor >= high)
        {
            return high - 0.5 * prior;
        }
        return 0.5 * (low + high);
    }
}
