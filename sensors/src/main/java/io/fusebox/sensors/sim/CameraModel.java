package io.fusebox.sensors.sim;

import io.fusebox.sensors.codec.BooleanType;
import io.fusebox.sensors.codec.CameraFrameEncoder;
import io.fusebox.sensors.codec.MessageHeaderEncoder;
import io.fusebox.sensors.codec.ObjectClass;
import io.fusebox.sensors.rig.CameraSpec;
import io.fusebox.sensors.rig.SensorConfig;
import org.agrona.MutableDirectBuffer;

/**
 * A camera and its detector network. Each actor in range is projected through the pinhole
 * intrinsics (its 3D box corners, clipped at a near plane and to the image); its visible share is
 * measured by casting a grid of pixel rays against it and every box in front of it (exact
 * silhouettes, not box overlaps). The network then reports it with a probability falling with
 * range and occlusion, sometimes with the wrong class, with pixel noise on the 2D box and, when
 * close enough, a 3D box in the camera frame with range-proportional error. Plus false positives.
 */
final class CameraModel implements SensorModel
{
    static final int MAX_OBJECTS = 255;
    private static final int MAX_CANDIDATES = 512;
    private static final int GRID = 5;
    private static final double NEAR_PLANE_M = 0.1;
    private static final double MIN_VISIBLE_FRACTION = 0.2;
    private static final double BOX3D_RANGE_FRACTION = 0.6;
    private static final ObjectClass[] FALSE_POSITIVE_CLASSES =
        { ObjectClass.CAR, ObjectClass.PEDESTRIAN, ObjectClass.CYCLIST, ObjectClass.STATIC_OBSTACLE, ObjectClass.UNKNOWN };

    private final SensorConfig config;
    private final CameraSpec spec;
    private final World world;
    private final long clockBaseNs;
    private final NoiseStream noise;
    private final SensorMount mount;
    private final MessageHeaderEncoder header = new MessageHeaderEncoder();
    private final CameraFrameEncoder encoder = new CameraFrameEncoder();

    // Candidates: boxes in the camera frame (centre, unit axes, half extents) and their image boxes.
    private int candidateCount;
    private final Actor[] candidateActor = new Actor[MAX_CANDIDATES];
    private final double[] centre = new double[MAX_CANDIDATES * 3];
    private final double[] axes = new double[MAX_CANDIDATES * 9];
    private final double[] halves = new double[MAX_CANDIDATES * 3];
    private final double[] image = new double[MAX_CANDIDATES * 4];
    private final double[] range = new double[MAX_CANDIDATES];
    private final double[] boxRadius = new double[MAX_CANDIDATES];

    private final double[] cornerX = new double[8];
    private final double[] cornerY = new double[8];
    private final double[] cornerZ = new double[8];
    private double u1;
    private double v1;
    private double u2;
    private double v2;

    // Detections of the current frame.
    private int objectCount;
    private final ObjectClass[] objectClass = new ObjectClass[MAX_OBJECTS];
    private final float[] confidence = new float[MAX_OBJECTS];
    private final float[] box2d = new float[MAX_OBJECTS * 4];
    private final boolean[] hasBox3d = new boolean[MAX_OBJECTS];
    private final float[] box3d = new float[MAX_OBJECTS * 7];

    CameraModel(final SensorConfig config, final World world, final long seed, final long clockBaseNs)
    {
        this.config = config;
        this.spec = config.camera();
        this.world = world;
        this.clockBaseNs = clockBaseNs;
        this.noise = new NoiseStream(seed, config.id());
        this.mount = new SensorMount(config.mount());
    }

    public int encode(final MutableDirectBuffer buffer, final int offset, final long simTimeNs, final long sequence)
    {
        final EgoVehicle ego = world.ego;
        mount.place(ego.sampleX, ego.sampleY, ego.sampleCos, ego.sampleSin);
        collectCandidates();
        objectCount = 0;
        for (int i = 0; i < candidateCount && objectCount < MAX_OBJECTS; i++)
        {
            if (!candidateActor[i].type.structure)
            {
                detect(i);
            }
        }
        final int falsePositives = noise.poisson(spec.falsePositivesPerFrame());
        for (int i = 0; i < falsePositives && objectCount < MAX_OBJECTS; i++)
        {
            falsePositive();
        }

        encoder.wrapAndApplyHeader(buffer, offset, header);
        encoder.stamp().captureTimeNs(clockBaseNs + simTimeNs).sequence(sequence).sensorId(config.id());
        encoder.frameHandle(((long)config.id() << 40) | sequence);
        encoder.exposureNs(1_500_000 + noise.nextInt(1_000_000));
        final CameraFrameEncoder.ObjectsEncoder objects = encoder.objectsCount(objectCount);
        for (int i = 0; i < objectCount; i++)
        {
            objects.next().objectClass(objectClass[i]).confidence(confidence[i]);
            objects.box2d().x1(box2d[i * 4]).y1(box2d[i * 4 + 1]).x2(box2d[i * 4 + 2]).y2(box2d[i * 4 + 3]);
            objects.hasBox3d(hasBox3d[i] ? BooleanType.TRUE : BooleanType.FALSE);
            final int b = i * 7;
            objects.box3d().x(box3d[b]).y(box3d[b + 1]).z(box3d[b + 2])
                .length(box3d[b + 3]).width(box3d[b + 4]).height(box3d[b + 5]).yaw(box3d[b + 6]);
        }
        encoder.putCompressedImage(buffer, 0, 0);
        return MessageHeaderEncoder.ENCODED_LENGTH + encoder.encodedLength();
    }

    private void collectCandidates()
    {
        candidateCount = 0;
        final double maxRange = spec.maxRangeM();
        final double[] w = mount.toSensor;
        for (final Actor actor : world.actors)
        {
            if (candidateCount == MAX_CANDIDATES)
            {
                break;
            }
            final double dx = actor.sampleX - mount.originX;
            final double dy = actor.sampleY - mount.originY;
            final double reach = maxRange + actor.radius;
            if (dx * dx + dy * dy > reach * reach)
            {
                continue;
            }
            final double halfHeight = actor.height / 2;
            mount.pointToSensor(actor.sampleX, actor.sampleY, halfHeight);
            final double cx = mount.sensorX;
            final double cy = mount.sensorY;
            final double cz = mount.sensorZ;
            if (cx < -(actor.radius + halfHeight))
            {
                continue;
            }
            final int n = candidateCount;
            final int a = n * 9;
            // Box axes in the camera frame: rows of the world-to-sensor rotation applied to the actor's.
            final double c = actor.sampleCos;
            final double s = actor.sampleSin;
            axes[a] = w[0] * c + w[1] * s;
            axes[a + 1] = w[3] * c + w[4] * s;
            axes[a + 2] = w[6] * c + w[7] * s;
            axes[a + 3] = -w[0] * s + w[1] * c;
            axes[a + 4] = -w[3] * s + w[4] * c;
            axes[a + 5] = -w[6] * s + w[7] * c;
            axes[a + 6] = w[2];
            axes[a + 7] = w[5];
            axes[a + 8] = w[8];
            centre[n * 3] = cx;
            centre[n * 3 + 1] = cy;
            centre[n * 3 + 2] = cz;
            halves[n * 3] = actor.halfLength;
            halves[n * 3 + 1] = actor.halfWidth;
            halves[n * 3 + 2] = halfHeight;
            if (!project(n))
            {
                continue;
            }
            image[n * 4] = u1;
            image[n * 4 + 1] = v1;
            image[n * 4 + 2] = u2;
            image[n * 4 + 3] = v2;
            range[n] = Math.sqrt(cx * cx + cy * cy + cz * cz);
            boxRadius[n] = Math.sqrt(actor.radius * actor.radius + halfHeight * halfHeight);
            candidateActor[n] = actor;
            candidateCount++;
        }
    }

    /**
     * Projects candidate n's box, clipped at the near plane, and clips the result to the image.
     *
     * @return false when nothing of it lands in the image.
     */
    private boolean project(final int n)
    {
        final int a = n * 9;
        final double hl = halves[n * 3];
        final double hw = halves[n * 3 + 1];
        final double hh = halves[n * 3 + 2];
        for (int i = 0; i < 8; i++)
        {
            final double sl = (i & 1) == 0 ? -hl : hl;
            final double sw = (i & 2) == 0 ? -hw : hw;
            final double sh = (i & 4) == 0 ? -hh : hh;
            cornerX[i] = centre[n * 3] + sl * axes[a] + sw * axes[a + 3] + sh * axes[a + 6];
            cornerY[i] = centre[n * 3 + 1] + sl * axes[a + 1] + sw * axes[a + 4] + sh * axes[a + 7];
            cornerZ[i] = centre[n * 3 + 2] + sl * axes[a + 2] + sw * axes[a + 5] + sh * axes[a + 8];
        }
        u1 = Double.POSITIVE_INFINITY;
        v1 = Double.POSITIVE_INFINITY;
        u2 = Double.NEGATIVE_INFINITY;
        v2 = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < 8; i++)
        {
            if (cornerX[i] >= NEAR_PLANE_M)
            {
                extend(cornerX[i], cornerY[i], cornerZ[i]);
            }
            for (int bit = 1; bit < 8; bit <<= 1)
            {
                final int j = i | bit;
                if (j != i && (cornerX[i] >= NEAR_PLANE_M) != (cornerX[j] >= NEAR_PLANE_M))
                {
                    final double t = (NEAR_PLANE_M - cornerX[i]) / (cornerX[j] - cornerX[i]);
                    extend(NEAR_PLANE_M, cornerY[i] + t * (cornerY[j] - cornerY[i]), cornerZ[i] + t * (cornerZ[j] - cornerZ[i]));
                }
            }
        }
        if (u1 > u2)
        {
            return false;
        }
        u1 = Math.max(u1, 0);
        v1 = Math.max(v1, 0);
        u2 = Math.min(u2, spec.widthPx());
        v2 = Math.min(v2, spec.heightPx());
        return u1 < u2 && v1 < v2;
    }

    private void extend(final double x, final double y, final double z)
    {
        final double u = spec.cx() - spec.fx() * y / x;
        final double v = spec.cy() - spec.fy() * z / x;
        u1 = Math.min(u1, u);
        u2 = Math.max(u2, u);
        v1 = Math.min(v1, v);
        v2 = Math.max(v2, v);
    }

    /**
     * @return ray parameter where the camera ray (1, dy, dz) enters candidate n's box, or MISS.
     */
    private double rayEntry(final int n, final double dy, final double dz)
    {
        final int a = n * 9;
        final double cx = centre[n * 3];
        final double cy = centre[n * 3 + 1];
        final double cz = centre[n * 3 + 2];
        return RayBox.entry3d(
            -(cx * axes[a] + cy * axes[a + 1] + cz * axes[a + 2]),
            -(cx * axes[a + 3] + cy * axes[a + 4] + cz * axes[a + 5]),
            -(cx * axes[a + 6] + cy * axes[a + 7] + cz * axes[a + 8]),
            axes[a] + dy * axes[a + 1] + dz * axes[a + 2],
            axes[a + 3] + dy * axes[a + 4] + dz * axes[a + 5],
            axes[a + 6] + dy * axes[a + 7] + dz * axes[a + 8],
            halves[n * 3], halves[n * 3 + 1], halves[n * 3 + 2]);
    }

    /**
     * @return the share of candidate n's silhouette (within the image) that no nearer box hides.
     */
    private double visibleFraction(final int n)
    {
        final double x1 = image[n * 4];
        final double y1 = image[n * 4 + 1];
        final double width = image[n * 4 + 2] - x1;
        final double height = image[n * 4 + 3] - y1;
        int own = 0;
        int visible = 0;
        for (int gy = 0; gy < GRID; gy++)
        {
            final double v = y1 + height * (gy + 0.5) / GRID;
            for (int gx = 0; gx < GRID; gx++)
            {
                final double u = x1 + width * (gx + 0.5) / GRID;
                final double dy = (spec.cx() - u) / spec.fx();
                final double dz = (spec.cy() - v) / spec.fy();
                final double t = rayEntry(n, dy, dz);
                if (t == RayBox.MISS)
                {
                    continue;
                }
                own++;
                boolean hidden = false;
                for (int j = 0; j < candidateCount && !hidden; j++)
                {
                    // Only a box whose nearest point can be nearer than this one's farthest can hide it.
                    if (j != n && range[j] - boxRadius[j] < range[n] + boxRadius[n] &&
                        u >= image[j * 4] && u <= image[j * 4 + 2] && v >= image[j * 4 + 1] && v <= image[j * 4 + 3])
                    {
                        hidden = rayEntry(j, dy, dz) < t;
                    }
                }
                if (!hidden)
                {
                    visible++;
                }
            }
        }
        return own == 0 ? 0 : (double)visible / own;
    }

    private void detect(final int n)
    {
        final double x1 = image[n * 4];
        final double y1 = image[n * 4 + 1];
        final double x2 = image[n * 4 + 2];
        final double y2 = image[n * 4 + 3];
        final double r = range[n];
        if (r > spec.maxRangeM() || x2 - x1 < 4 || y2 - y1 < 8)
        {
            return;
        }
        final double visible = visibleFraction(n);
        if (visible < MIN_VISIBLE_FRACTION)
        {
            return;
        }
        final double rangeShare = r / spec.maxRangeM();
        final double probability = spec.detectionProbability() * (0.3 + 0.7 * visible) * (1 - 0.5 * rangeShare * rangeShare);
        if (!noise.chance(probability))
        {
            return;
        }
        final Actor actor = candidateActor[n];
        final int k = objectCount++;
        objectClass[k] = noise.chance(spec.classConfusion()) ? confused(actor.type.objectClass) : actor.type.objectClass;
        confidence[k] = (float)clamp(0.35 + 0.6 * visible * (1 - 0.5 * rangeShare) + 0.05 * noise.gaussian(), 0.05, 0.99);
        final double sigma = spec.pixelStd();
        final double bx1 = clamp(x1 + sigma * noise.gaussian(), 0, spec.widthPx());
        final double by1 = clamp(y1 + sigma * noise.gaussian(), 0, spec.heightPx());
        final double bx2 = clamp(x2 + sigma * noise.gaussian(), 0, spec.widthPx());
        final double by2 = clamp(y2 + sigma * noise.gaussian(), 0, spec.heightPx());
        box2d[k * 4] = (float)Math.min(bx1, bx2);
        box2d[k * 4 + 1] = (float)Math.min(by1, by2);
        box2d[k * 4 + 2] = (float)Math.max(bx1, bx2);
        box2d[k * 4 + 3] = (float)Math.max(by1, by2);
        final int b = k * 7;
        if (r <= BOX3D_RANGE_FRACTION * spec.maxRangeM())
        {
            hasBox3d[k] = true;
            final double scale = 1 + spec.depthStdFraction() * noise.gaussian();
            box3d[b] = (float)(centre[n * 3] * scale);
            box3d[b + 1] = (float)(centre[n * 3 + 1] * scale);
            box3d[b + 2] = (float)(centre[n * 3 + 2] * scale);
            box3d[b + 3] = (float)(actor.length * (1 + 0.04 * noise.gaussian()));
            box3d[b + 4] = (float)(actor.width * (1 + 0.04 * noise.gaussian()));
            box3d[b + 5] = (float)(actor.height * (1 + 0.04 * noise.gaussian()));
            final int a = n * 9;
            box3d[b + 6] = (float)Angles.wrap(StrictMath.atan2(axes[a + 1], axes[a]) + 0.05 * noise.gaussian());
        }
        else
        {
            hasBox3d[k] = false;
            for (int i = 0; i < 7; i++)
            {
                box3d[b + i] = 0;
            }
        }
    }

    private void falsePositive()
    {
        final int k = objectCount++;
        objectClass[k] = FALSE_POSITIVE_CLASSES[noise.nextInt(FALSE_POSITIVE_CLASSES.length)];
        confidence[k] = (float)noise.uniform(0.1, 0.45);
        final double w = noise.uniform(20, 200);
        final double h = w * noise.uniform(0.5, 2.0);
        final double u = noise.uniform(0, spec.widthPx());
        final double v = noise.uniform(0.3, 0.8) * spec.heightPx();
        box2d[k * 4] = (float)clamp(u - w / 2, 0, spec.widthPx());
        box2d[k * 4 + 1] = (float)clamp(v - h / 2, 0, spec.heightPx());
        box2d[k * 4 + 2] = (float)clamp(u + w / 2, 0, spec.widthPx());
        box2d[k * 4 + 3] = (float)clamp(v + h / 2, 0, spec.heightPx());
        hasBox3d[k] = false;
        for (int i = 0; i < 7; i++)
        {
            box3d[k * 7 + i] = 0;
        }
    }

    private ObjectClass confused(final ObjectClass truth)
    {
        switch (truth)
        {
            case CAR:
                return ObjectClass.TRUCK;
            case TRUCK:
                return ObjectClass.CAR;
            case PEDESTRIAN:
                return ObjectClass.CYCLIST;
            case CYCLIST:
                return ObjectClass.PEDESTRIAN;
            default:
                return ObjectClass.UNKNOWN;
        }
    }

    static double clamp(final double value, final double low, final double high)
    {
        return Math.max(low, Math.min(high, value));
    }
}
