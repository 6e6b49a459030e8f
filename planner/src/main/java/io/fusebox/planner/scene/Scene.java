package io.fusebox.planner.scene;

import io.fusebox.planner.map.PathPoint;
import io.fusebox.planner.map.ReferencePath;
import io.fusebox.sensors.codec.MessageHeaderDecoder;
import io.fusebox.sensors.codec.ObjectClass;
import io.fusebox.sensors.codec.TrackStatus;
import io.fusebox.sensors.codec.WorldModelDecoder;
import io.fusebox.sensors.message.MalformedReason;
import io.fusebox.sensors.message.MessageGuard;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * One world model as the planner sees it: the ego's state and the tracked objects it plans around,
 * read with the {@link WorldModelDecoder} flyweight into preallocated arrays, then placed in the
 * Frenet frame of the cycle's reference path. The occupancy grid is wrapped, not copied: valid only
 * while the message buffer is. Not thread-safe; allocation-free once built.
 *
 * <p>Objects keep message order, so every decision over them is deterministic.
 */
public final class Scene
{
    /** Decoded and usable. */
    public static final int OK = 0;
    /** Failed {@link MessageGuard} checks. */
    public static final int MALFORMED = -1;
    /** A valid message of the schema, but not a world model. */
    public static final int NOT_A_WORLD_MODEL = -2;

    private static final double STANDING_SPEED_MPS = 0.2;
    /** A vehicle this many velocity standard deviations or fewer from standing still stands. */
    private static final double STILL_SIGMAS = 2.0;
    /** Half the length of the largest box of no known class that may still be a person, m. */
    private static final double PERSON_HALF_LENGTH_M = 0.75;
    /** No one runs faster, m/s: a young person's track faster than this is the box of no one where it shows. */
    private static final double PERSON_TOP_SPEED_MPS = 10.0;
    /** Within 30 degrees of the path either way, a vehicle is taken to be travelling along the road. */
    private static final double ALONG_ROAD_COS = 0.866;
    private static final double HALF_SQRT_TWO = Math.sqrt(0.5);

    private final MessageHeaderDecoder headerDecoder = new MessageHeaderDecoder();
    private final WorldModelDecoder decoder = new WorldModelDecoder();
    private final UnsafeBuffer occupancy = new UnsafeBuffer(0, 0);
    private final int capacity;
    private final double minExistence;
    private final boolean useTentativeTracks;
    private final double establishedVelocityVariance;

    private long timeNs;
    private long sequence;
    private long newestCaptureTimeNs;
    private double egoX;
    private double egoY;
    private double egoYaw;
    private double egoCos = 1;
    private double egoSin;
    private double egoSpeed;
    private double egoAcceleration;
    private double egoYawRate;

    private int count;
    private int ignoredCount;
    private int overCapacityCount;
    private final int[] trackId;
    private final byte[] objectClass;
    private final double[] x;
    private final double[] y;
    private final double[] vx;
    private final double[] vy;
    private final double[] cosYaw;
    private final double[] sinYaw;
    private final double[] halfLength;
    private final double[] halfWidth;
    private final double[] radius;
    private final double[] positionVariance;
    private final double[] velocityVariance;
    private final double[] velocityTrust;
    private final boolean[] isPersonOutrun;

    // Frenet frame of the reference path.
    private final double[] s;
    private final double[] d;
    private final double[] vs;
    private final double[] vd;
    private final double[] predictedVd;
    private final double[] halfAlong;
    private final double[] halfAcross;

    // Predicted footprint poses, object-major: [object * (steps + 1) + step].
    private final int predictionStride;
    private final double[] predictedX;
    private final double[] predictedY;
    private final double[] predictedCos;
    private final double[] predictedSin;

    private int gridCellsX;
    private int gridCellsY;
    private double gridCellSize;

    /**
     * @param capacity           objects kept per world model, in message order.
     * @param minExistence       objects less likely to exist than this are left out.
     * @param useTentativeTracks whether tentative tracks count.
     * @param steps              steps of the horizon that predictions cover (the start included, steps + 1 poses).
     * @param establishedVelocityStdMps a velocity this certain is predicted on in full; a less certain one is scaled
     *                           down by the ratio of the variances (see {@link #velocityTrust}).
     */
    public Scene(
        final int capacity,
        final double minExistence,
        final boolean useTentativeTracks,
        final int steps,
        final double establishedVelocityStdMps)
    {
        this.establishedVelocityVariance = establishedVelocityStdMps * establishedVelocityStdMps;
        this.capacity = capacity;
        this.minExistence = minExistence;
        this.useTentativeTracks = useTentativeTracks;
        trackId = new int[capacity];
        objectClass = new byte[capacity];
        x = new double[capacity];
        y = new double[capacity];
        vx = new double[capacity];
        vy = new double[capacity];
        cosYaw = new double[capacity];
        sinYaw = new double[capacity];
        halfLength = new double[capacity];
        halfWidth = new double[capacity];
        radius = new double[capacity];
        positionVariance = new double[capacity];
        velocityVariance = new double[capacity];
        velocityTrust = new double[capacity];
        isPersonOutrun = new boolean[capacity];
        s = new double[capacity];
        d = new double[capacity];
        vs = new double[capacity];
        vd = new double[capacity];
        predictedVd = new double[capacity];
        halfAlong = new double[capacity];
        halfAcross = new double[capacity];
        predictionStride = steps + 1;
        predictedX = new double[capacity * predictionStride];
        predictedY = new double[capacity * predictionStride];
        predictedCos = new double[capacity * predictionStride];
        predictedSin = new double[capacity * predictionStride];
    }

    /**
     * Checks and reads a world model.
     *
     * @return {@link #OK}, {@link #MALFORMED} or {@link #NOT_A_WORLD_MODEL}.
     */
    public int decode(final DirectBuffer buffer, final int offset, final int length)
    {
        if (MalformedReason.OK != MessageGuard.validate(buffer, offset, length))
        {
            return MALFORMED;
        }
        headerDecoder.wrap(buffer, offset);
        if (WorldModelDecoder.TEMPLATE_ID != headerDecoder.templateId())
        {
            return NOT_A_WORLD_MODEL;
        }
        decoder.wrap(buffer, offset + MessageHeaderDecoder.ENCODED_LENGTH, headerDecoder.blockLength(),
            headerDecoder.version());

        timeNs = decoder.timeNs();
        sequence = decoder.sequence();
        newestCaptureTimeNs = decoder.newestCaptureTimeNs();
        egoX = finiteOr(decoder.egoX(), 0);
        egoY = finiteOr(decoder.egoY(), 0);
        egoYaw = finiteOr(decoder.egoYaw(), 0);
        egoCos = StrictMath.cos(egoYaw);
        egoSin = StrictMath.sin(egoYaw);
        egoSpeed = Math.max(0, finiteOr(decoder.egoSpeedMps(), 0));
        egoAcceleration = finiteOr(decoder.egoAccelerationMps2(), 0);
        egoYawRate = finiteOr(decoder.egoYawRateRps(), 0);
        gridCellsX = decoder.gridCellsX();
        gridCellsY = decoder.gridCellsY();
        gridCellSize = finiteOr(decoder.gridCellSizeM(), 0);

        count = 0;
        ignoredCount = 0;
        overCapacityCount = 0;
        final WorldModelDecoder.ObjectsDecoder objects = decoder.objects();
        while (objects.hasNext())
        {
            objects.next();
            if (!isUsable(objects))
            {
                ignoredCount++;
                continue;
            }
            if (count == capacity)
            {
                overCapacityCount++;
                continue;
            }
            read(objects, count++);
        }

        decoder.wrapOccupancy(occupancy);
        if (occupancy.capacity() < gridCellsX * gridCellsY || gridCellSize <= 0)
        {
            gridCellsX = 0;
            gridCellsY = 0;
        }
        return OK;
    }

    private boolean isUsable(final WorldModelDecoder.ObjectsDecoder object)
    {
        final short status = object.statusRaw();
        if (status != TrackStatus.CONFIRMED.value() && status != TrackStatus.COASTING.value() &&
            !(useTentativeTracks && status == TrackStatus.TENTATIVE.value()))
        {
            return false;
        }
        final float existence = object.existence();
        return existence >= minExistence && Float.isFinite(object.x()) && Float.isFinite(object.y()) &&
            Float.isFinite(object.vx()) && Float.isFinite(object.vy()) && Float.isFinite(object.yaw()) &&
            object.length() > 0 && object.width() > 0;
    }

    private void read(final WorldModelDecoder.ObjectsDecoder object, final int i)
    {
        trackId[i] = object.trackId();
        objectClass[i] = (byte)object.objectClassRaw();
        x[i] = object.x();
        y[i] = object.y();
        vx[i] = object.vx();
        vy[i] = object.vy();
        final double yaw = object.yaw();
        cosYaw[i] = StrictMath.cos(yaw);
        sinYaw[i] = StrictMath.sin(yaw);
        halfLength[i] = 0.5 * object.length();
        halfWidth[i] = 0.5 * object.width();
        radius[i] = Math.sqrt(halfLength[i] * halfLength[i] + halfWidth[i] * halfWidth[i]);
        // Upper triangle of cov(x, y, vx, vy): xx at 0, yy at 4, vxvx at 7, vyvy at 9. The larger axis stands for
        // both: a disc of uncertainty is conservative and needs no eigen-decomposition.
        positionVariance[i] = Math.max(variance(object.covariance(0)), variance(object.covariance(4)));
        final double measuredVelocityVariance = Math.max(variance(object.covariance(7)), variance(object.covariance(9)));
        velocityTrust[i] = measuredVelocityVariance <= establishedVelocityVariance ? 1.0 :
            establishedVelocityVariance / measuredVelocityVariance;
        // A static obstacle stands, whatever its track says (a pillar's box jumping between the pieces the LiDAR sees
        // of it reads as metres a second), and so does a vehicle whose speed is within STILL_SIGMAS of its velocity's
        // uncertainty (a parked car's young track at 1 m/s, known to 0.8 m/s): it does not drift, its uncertainty is
        // where it is and does not grow with time, and what its track shows is noise that would walk a pillar or a
        // parked car into the aisle over the horizon. People standing may walk off at any moment.
        final boolean isPerson = isPedestrian(i);
        isPersonOutrun[i] = isPerson && velocityTrust[i] < 1.0 &&
            vx[i] * vx[i] + vy[i] * vy[i] > PERSON_TOP_SPEED_MPS * PERSON_TOP_SPEED_MPS;
        final double stillSpeed = Math.max(STANDING_SPEED_MPS, STILL_SIGMAS * Math.sqrt(measuredVelocityVariance));
        final boolean isStill = vx[i] * vx[i] + vy[i] * vy[i] < stillSpeed * stillSpeed;
        final boolean isParked = objectClass[i] == ObjectClass.STATIC_OBSTACLE.value() ||
            isStill && !isPerson && 1.0 == velocityTrust[i];
        velocityVariance[i] = isParked ? 0 : measuredVelocityVariance;
        if (isParked)
        {
            vx[i] = 0;
            vy[i] = 0;
        }
    }

    /**
     * Caps the speed of every object whose velocity is not yet established at {@code maxSpeedMps}: a young track's
     * speed is mostly the noise of its first boxes (a parked car's fragments at 20 m/s in a garage), and nothing
     * young is believed much faster than the road allows. Established velocities are what they are. Call before
     * {@link #toFrenet}.
     */
    public void capUnestablishedSpeeds(final double maxSpeedMps)
    {
        for (int i = 0; i < count; i++)
        {
            if (velocityTrust[i] < 1.0)
            {
                capSpeed(i, maxSpeedMps);
            }
        }
    }

    /**
     * Places every object in the Frenet frame of {@code path}: position, velocity along and across the path, and
     * the half extents of its footprint along and across.
     */
    public void toFrenet(final ReferencePath path, final PathPoint scratch)
    {
        for (int i = 0; i < count; i++)
        {
            path.project(x[i], y[i], scratch);
            final double tc = scratch.tangentCos();
            final double ts = scratch.tangentSin();
            s[i] = scratch.s();
            d[i] = scratch.d();
            vs[i] = vx[i] * tc + vy[i] * ts;
            vd[i] = -vx[i] * ts + vy[i] * tc;
            final double relCos = Math.abs(cosYaw[i] * tc + sinYaw[i] * ts);
            final double relSin = Math.abs(sinYaw[i] * tc - cosYaw[i] * ts);
            halfAlong[i] = relCos * halfLength[i] + relSin * halfWidth[i];
            halfAcross[i] = relSin * halfLength[i] + relCos * halfWidth[i];
        }
    }

    /**
     * Predicts every object's footprint pose at each step of the horizon, at constant velocity: in the Frenet frame of
     * the reference path for vehicles travelling along the road (either way), so they follow its curves as drivers
     * do (a straight line leaves a curving road: 4.5 m off after 150 m on a 2.5 km radius) and a lateral speed, a
     * cut-in, carries on; oncoming vehicles along the path at their offset, aligned with it (they keep to their lane);
     * in the vehicle frame for everything else (pedestrians, obstacles, cross traffic). Velocities not yet
     * established count by their {@link #velocityTrust}: across the road for vehicles along it, in full otherwise.
     * Call after {@link #toFrenet}.
     */
    public void predict(final ReferencePath path, final PathPoint scratch, final double stepS)
    {
        final int steps = predictionStride - 1;
        for (int i = 0; i < count; i++)
        {
            final int base = i * predictionStride;
            final boolean isVehicle = objectClass[i] == ObjectClass.CAR.value() ||
                objectClass[i] == ObjectClass.TRUCK.value() || objectClass[i] == ObjectClass.CYCLIST.value();
            path.pointAt(s[i], d[i], scratch);
            final double tc = scratch.tangentCos();
            final double ts = scratch.tangentSin();
            // Displacements along the path are added to the measured position, so step 0 is exactly where it is.
            final double baseX = x[i] - scratch.x();
            final double baseY = y[i] - scratch.y();
            // Heading relative to the path, kept as the object moves along it.
            final double relCos = cosYaw[i] * tc + sinYaw[i] * ts;
            final double relSin = sinYaw[i] * tc - cosYaw[i] * ts;
            final double speed = Math.sqrt(vx[i] * vx[i] + vy[i] * vy[i]);
            if (isVehicle && vs[i] < -STANDING_SPEED_MPS && -vs[i] > ALONG_ROAD_COS * speed)
            {
                // Oncoming traffic keeps to its own lane: its lateral speed and heading, noisy while its track is
                // young (a box's heading is ambiguous end for end), must not carry it across the centre line. Coming
                // at the ego counts by its trust: a young track's speed against the traffic is most often the noise
                // of a partly hidden car's box (the car beyond the lead in a queue), seldom a wrong-way driver.
                predictedVd[i] = 0;
                final double oncomingSpeed = vs[i] * velocityTrust[i];
                // Nor does it come back through a car between it and the ego whose motion is known (the lead).
                final int shield = velocityTrust[i] < 1.0 ? shieldBefore(i) : -1;
                for (int k = 0; k <= steps; k++)
                {
                    final double t = k * stepS;
                    final double along = shield < 0 ? s[i] + oncomingSpeed * t : Math.max(s[i] + oncomingSpeed * t,
                        s[shield] + vs[shield] * t + halfAlong[shield] + halfAlong[i]);
                    path.pointAt(along, d[i], scratch);
                    predictedX[base + k] = baseX + scratch.x();
                    predictedY[base + k] = baseY + scratch.y();
                    predictedCos[base + k] = scratch.tangentCos();
                    predictedSin[base + k] = scratch.tangentSin();
                }
            }
            else if (isVehicle && Math.abs(relCos) > ALONG_ROAD_COS)
            {
                // Along the road a new track's speed is what matters for following; its drift across the road,
                // unsettled, would be a cut-in that is not happening.
                final double lateralSpeed = vd[i] * velocityTrust[i];
                predictedVd[i] = lateralSpeed;
                for (int k = 0; k <= steps; k++)
                {
                    final double t = k * stepS;
                    path.pointAt(s[i] + vs[i] * t, d[i] + lateralSpeed * t, scratch);
                    final double c = scratch.tangentCos();
                    final double sn = scratch.tangentSin();
                    predictedX[base + k] = baseX + scratch.x();
                    predictedY[base + k] = baseY + scratch.y();
                    predictedCos[base + k] = c * relCos - sn * relSin;
                    predictedSin[base + k] = sn * relCos + c * relSin;
                }
            }
            else
            {
                predictedVd[i] = vd[i] * velocityTrust[i];
                final double trustedVx = vx[i] * velocityTrust[i];
                final double trustedVy = vy[i] * velocityTrust[i];
                for (int k = 0; k <= steps; k++)
                {
                    final double t = k * stepS;
                    predictedX[base + k] = x[i] + trustedVx * t;
                    predictedY[base + k] = y[i] + trustedVy * t;
                    predictedCos[base + k] = cosYaw[i];
                    predictedSin[base + k] = sinYaw[i];
                }
            }
        }
    }

    /**
     * @return the object nearest before object i along the path in its lane, with its velocity established and
     * its footprint between i and the ego's side of it, or -1: what i, coming back, would have to pass through.
     */
    private int shieldBefore(final int i)
    {
        int shield = -1;
        for (int j = 0; j < count; j++)
        {
            if (j == i || 1.0 != velocityTrust[j] || s[j] >= s[i] ||
                Math.abs(d[j] - d[i]) > Math.max(halfAcross[j], halfAcross[i]))
            {
                continue;
            }
            if (shield < 0 || s[j] > s[shield])
            {
                shield = j;
            }
        }
        return shield;
    }

    /**
     * @return whether object i stands still, as far as its track can tell: slower than a walk's start, with its
     * velocity established.
     */
    public boolean isStanding(final int i)
    {
        return 1.0 == velocityTrust[i] && vx[i] * vx[i] + vy[i] * vy[i] < STANDING_SPEED_MPS * STANDING_SPEED_MPS;
    }

    /**
     * @return whether object i is predicted to move: its speed as {@link #predict} counts it (a young track's scaled
     * by its trust) is a walk's start or more.
     */
    public boolean isPredictedToMove(final int i)
    {
        final double speed = Math.sqrt(vx[i] * vx[i] + vy[i] * vy[i]) * velocityTrust[i];
        return speed >= STANDING_SPEED_MPS;
    }

    /**
     * Caps object i's speed at {@code maxSpeedMps}, keeping its direction, in both frames (before {@link #toFrenet}
     * the path frame's values are last cycle's, and it overwrites them). Call before {@link #predict}.
     */
    public void capSpeed(final int i, final double maxSpeedMps)
    {
        final double speed = Math.sqrt(vx[i] * vx[i] + vy[i] * vy[i]);
        if (speed > maxSpeedMps)
        {
            final double scale = maxSpeedMps / speed;
            vx[i] *= scale;
            vy[i] *= scale;
            vs[i] *= scale;
            vd[i] *= scale;
        }
    }

    /**
     * Moves object i's face nearest the path by {@code by} across the path (left positive), away from the path,
     * shrinking the box by as much on that axis: its far face stays. Call after {@link #toFrenet}, before
     * {@link #predict}.
     */
    public void cutAcross(final int i, final double by, final ReferencePath path, final PathPoint scratch)
    {
        path.pointAt(s[i], d[i], scratch);
        final double nx = -scratch.tangentSin();
        final double ny = scratch.tangentCos();
        final double half = 0.5 * Math.abs(by);
        x[i] += 0.5 * by * nx;
        y[i] += 0.5 * by * ny;
        d[i] += 0.5 * by;
        halfAcross[i] -= half;
        // The box axis that lies across the path is the one that shrinks.
        final double relSin = Math.abs(sinYaw[i] * scratch.tangentCos() - cosYaw[i] * scratch.tangentSin());
        if (relSin > HALF_SQRT_TWO)
        {
            halfLength[i] = Math.max(0.5 * half, halfLength[i] - half);
        }
        else
        {
            halfWidth[i] = Math.max(0.5 * half, halfWidth[i] - half);
        }
        radius[i] = Math.sqrt(halfLength[i] * halfLength[i] + halfWidth[i] * halfWidth[i]);
    }

    /** @return predicted centre of object i at step k of the horizon, vehicle frame. */
    public double predictedX(final int i, final int k)
    {
        return predictedX[i * predictionStride + k];
    }

    public double predictedY(final int i, final int k)
    {
        return predictedY[i * predictionStride + k];
    }

    public double predictedCos(final int i, final int k)
    {
        return predictedCos[i * predictionStride + k];
    }

    public double predictedSin(final int i, final int k)
    {
        return predictedSin[i * predictionStride + k];
    }

    /**
     * @return the occupancy of the grid cell holding vehicle-frame point (px, py), 0 (free) .. 255 (occupied); 0
     * outside the grid. The grid is centred on the vehicle frame's origin, x fastest: cell (ix, iy) at index
     * {@code iy * cellsX + ix} covers x from {@code (ix - cellsX / 2) * size}.
     */
    public int occupancyAt(final double px, final double py)
    {
        if (0 == gridCellsX)
        {
            return 0;
        }
        final double ux = px / gridCellSize + 0.5 * gridCellsX;
        final double uy = py / gridCellSize + 0.5 * gridCellsY;
        if (!(ux >= 0 && uy >= 0 && ux < gridCellsX && uy < gridCellsY))
        {
            return 0;
        }
        return occupancy.getByte((int)uy * gridCellsX + (int)ux) & 0xFF;
    }

    public boolean hasGrid()
    {
        return gridCellsX > 0;
    }

    public double gridCellSizeM()
    {
        return gridCellSize;
    }

    public long timeNs()
    {
        return timeNs;
    }

    public long sequence()
    {
        return sequence;
    }

    public long newestCaptureTimeNs()
    {
        return newestCaptureTimeNs;
    }

    /** @return the ego's pose in the odometry frame, x. */
    public double egoX()
    {
        return egoX;
    }

    public double egoY()
    {
        return egoY;
    }

    public double egoYaw()
    {
        return egoYaw;
    }

    public double egoCos()
    {
        return egoCos;
    }

    public double egoSin()
    {
        return egoSin;
    }

    public double egoSpeed()
    {
        return egoSpeed;
    }

    public double egoAcceleration()
    {
        return egoAcceleration;
    }

    public double egoYawRate()
    {
        return egoYawRate;
    }

    /** @return objects kept for planning. */
    public int count()
    {
        return count;
    }

    /** @return objects left out as tentative, unlikely or malformed. */
    public int ignoredCount()
    {
        return ignoredCount;
    }

    /** @return usable objects left out because the scene was full. */
    public int overCapacityCount()
    {
        return overCapacityCount;
    }

    public int trackId(final int i)
    {
        return trackId[i];
    }

    /** @return the raw {@link ObjectClass} value. */
    public int objectClass(final int i)
    {
        return objectClass[i];
    }

    public boolean isPedestrian(final int i)
    {
        return objectClass[i] == ObjectClass.PEDESTRIAN.value() || objectClass[i] == ObjectClass.CYCLIST.value();
    }

    /**
     * @return whether object i may be a person: classed as one, or of no known class and small enough. Not a young
     * person's track faster than anyone runs: its box is where no one is (a piece of a parked car that the cameras'
     * detections of someone metres off dragged along, seed 1 of the garage at 34.9 s: 20-39 m/s), or someone seen
     * where they are not, and like any young box it is the near field's to guard.
     */
    public boolean mayBePerson(final int i)
    {
        return isPedestrian(i) && !isPersonOutrun[i] ||
            objectClass[i] == ObjectClass.UNKNOWN.value() && halfLength[i] <= PERSON_HALF_LENGTH_M;
    }

    /** @return centre of the object's box, vehicle frame. */
    public double x(final int i)
    {
        return x[i];
    }

    public double y(final int i)
    {
        return y[i];
    }

    public double vx(final int i)
    {
        return vx[i];
    }

    public double vy(final int i)
    {
        return vy[i];
    }

    public double cosYaw(final int i)
    {
        return cosYaw[i];
    }

    public double sinYaw(final int i)
    {
        return sinYaw[i];
    }

    public double halfLength(final int i)
    {
        return halfLength[i];
    }

    public double halfWidth(final int i)
    {
        return halfWidth[i];
    }

    /** @return radius of the circle around the footprint. */
    public double radius(final int i)
    {
        return radius[i];
    }

    public double positionVariance(final int i)
    {
        return positionVariance[i];
    }

    public double velocityVariance(final int i)
    {
        return velocityVariance[i];
    }

    /**
     * @return how much of object i's velocity its prediction uses: 1 once its velocity is established, else the
     * established variance over its velocity variance (a young track's velocity is mostly noise).
     */
    public double velocityTrust(final int i)
    {
        return velocityTrust[i];
    }

    /** @return arc length of the object's centre along the reference path. */
    public double s(final int i)
    {
        return s[i];
    }

    public double d(final int i)
    {
        return d[i];
    }

    /** @return speed along the reference path. */
    public double vs(final int i)
    {
        return vs[i];
    }

    /**
     * @return speed across the reference path its prediction moves it at, left positive: none for oncoming
     * vehicles, a young track's scaled by its {@link #velocityTrust}. Valid after {@link #predict}.
     */
    public double predictedVd(final int i)
    {
        return predictedVd[i];
    }

    /** @return speed across the reference path, left positive. */
    public double vd(final int i)
    {
        return vd[i];
    }

    public double halfAlong(final int i)
    {
        return halfAlong[i];
    }

    public double halfAcross(final int i)
    {
        return halfAcross[i];
    }

    private static double variance(final float value)
    {
        return value > 0 && Float.isFinite(value) ? value : 0;
    }

    private static double finiteOr(final double value, final double fallback)
    {
        return Double.isFinite(value) ? value : fallback;
    }
}
