package io.fusebox.sensors.sim;

import io.fusebox.sensors.codec.LidarSectorEncoder;
import io.fusebox.sensors.codec.MessageHeaderEncoder;
import io.fusebox.sensors.rig.LidarSpec;
import io.fusebox.sensors.rig.SensorConfig;
import org.agrona.MutableDirectBuffer;

/**
 * A spinning LiDAR, one message per azimuth sector. Every firing (one azimuth step, all beams) is
 * cast from where the sensor is at that firing's time, the ego having moved since the sector began,
 * so fusion's motion compensation has real work to do; points are reported in the sensor frame at
 * their own firing, with the firing's offset from the sector's capture time.
 *
 * <p>Rays meet the flat ground and the actors' upright boxes; the nearest hit wins. To afford about
 * 2.6 M rays a second: actors are culled once per sector (bounding circle against the sector's
 * azimuth wedge and the range), and for each firing and remaining box a 2D slab test on the box's
 * footprint gives the horizontal distances where the vertical fan of beams enters and leaves it;
 * the beams whose elevation can meet the box then follow from a binary search of the beam
 * elevation table, and only those are intersected, with no allocation and no trigonometry per ray.
 * That fan view needs a level sensor (no roll or pitch), which is checked at construction. The
 * ego's own body is transparent, as after a self-return filter.
 */
final class LidarModel implements SensorModel
{
    private static final int MAX_CANDIDATES = 512;
    private static final double GROUND_REFLECTIVITY = 28;

    private final SensorConfig config;
    private final LidarSpec spec;
    private final World world;
    private final long clockBaseNs;
    private final NoiseStream noise;
    private final SensorMount mount;
    private final MessageHeaderEncoder header = new MessageHeaderEncoder();
    private final LidarSectorEncoder encoder = new LidarSectorEncoder();
    private final Pose pose = new Pose();

    private final int beams;
    private final int sectors;
    private final int stepsPerSector;
    private final double stepAngle;
    private final double firingIntervalNs;
    private final double sensorHeight;
    private final double mountCos;
    private final double mountSin;
    private final double[] tanElevation;
    private final double[] inverseCosElevation;
    private final double[] cosElevation;
    private final double[] sinElevation;
    private final double[] cosAzimuth;
    private final double[] sinAzimuth;
    private final double[] groundRange;

    private final double[] range;
    private final int[] hit;
    private final double[] incidence;

    private int candidateCount;
    private final double[] boxX = new double[MAX_CANDIDATES];
    private final double[] boxY = new double[MAX_CANDIDATES];
    private final double[] boxCos = new double[MAX_CANDIDATES];
    private final double[] boxSin = new double[MAX_CANDIDATES];
    private final double[] boxHalfLength = new double[MAX_CANDIDATES];
    private final double[] boxHalfWidth = new double[MAX_CANDIDATES];
    private final double[] boxTop = new double[MAX_CANDIDATES];
    private final double[] boxReflectivity = new double[MAX_CANDIDATES];

    private long emitted;

    LidarModel(final SensorConfig config, final World world, final long seed, final long clockBaseNs)
    {
        this.config = config;
        this.spec = config.lidar();
        this.world = world;
        this.clockBaseNs = clockBaseNs;
        this.noise = new NoiseStream(seed, config.id());
        this.mount = new SensorMount(config.mount());
        if (!mount.level)
        {
            throw new IllegalArgumentException("sensor " + config.name() +
                ": the simulated LiDAR must be mounted level (roll and pitch 0), was roll " +
                config.mount().roll() + " rad, pitch " + config.mount().pitch() + " rad");
        }
        beams = spec.beams();
        sectors = spec.sectors();
        stepsPerSector = spec.stepsPerSector();
        final int steps = spec.azimuthStepsPerRevolution();
        stepAngle = Angles.TWO_PI / steps;
        firingIntervalNs = (double)config.periodNs() / steps;
        sensorHeight = config.mount().z();
        mountCos = StrictMath.cos(config.mount().yaw());
        mountSin = StrictMath.sin(config.mount().yaw());
        tanElevation = new double[beams];
        inverseCosElevation = new double[beams];
        cosElevation = new double[beams];
        sinElevation = new double[beams];
        groundRange = new double[beams];
        for (int b = 0; b < beams; b++)
        {
            final double elevation = spec.beamElevationRad(b);
            cosElevation[b] = StrictMath.cos(elevation);
            sinElevation[b] = StrictMath.sin(elevation);
            tanElevation[b] = sinElevation[b] / cosElevation[b];
            inverseCosElevation[b] = 1 / cosElevation[b];
            final double ground = sinElevation[b] < 0 ? -sensorHeight / sinElevation[b] : Double.POSITIVE_INFINITY;
            groundRange[b] = ground <= spec.maxRangeM() ? ground : Double.POSITIVE_INFINITY;
        }
        cosAzimuth = new double[steps];
        sinAzimuth = new double[steps];
        for (int k = 0; k < steps; k++)
        {
            cosAzimuth[k] = StrictMath.cos(k * stepAngle);
            sinAzimuth[k] = StrictMath.sin(k * stepAngle);
        }
        range = new double[beams];
        hit = new int[beams];
        incidence = new double[beams];
    }

    /**
     * @return points emitted since construction: for throughput figures.
     */
    long pointsEmitted()
    {
        return emitted;
    }

    public int encode(final MutableDirectBuffer buffer, final int offset, final long simTimeNs, final long sequence)
    {
        final int sectorIndex = (int)(sequence % sectors);
        final int firstStep = sectorIndex * stepsPerSector;
        final EgoVehicle ego = world.ego;
        mount.place(ego.sampleX, ego.sampleY, ego.sampleCos, ego.sampleSin);
        final double originX = mount.originX;
        final double originY = mount.originY;
        final double cos0 = ego.sampleCos * mountCos - ego.sampleSin * mountSin;
        final double sin0 = ego.sampleSin * mountCos + ego.sampleCos * mountSin;
        collectCandidates(firstStep, originX, originY, cos0, sin0, ego);

        encoder.wrapAndApplyHeader(buffer, offset, header);
        encoder.stamp().captureTimeNs(clockBaseNs + simTimeNs).sequence(sequence).sensorId(config.id());
        encoder.sweepId(sequence / sectors)
            .sectorIndex(sectorIndex)
            .sectorCount(sectors)
            .azimuthStartRad((float)(firstStep * stepAngle))
            .azimuthEndRad((float)((firstStep + stepsPerSector) * stepAngle));
        final LidarSectorEncoder.PointsEncoder points = encoder.pointsCount(stepsPerSector * beams);

        final double maxRange = spec.maxRangeM();
        final double minRange = spec.minRangeM();
        final double rangeStd = spec.rangeStdM();
        for (int j = 0; j < stepsPerSector; j++)
        {
            final int step = firstStep + j;
            final double offsetNs = j * firingIntervalNs;
            world.egoPoseAt(simTimeNs + (long)offsetNs, pose);
            // Sensor origin and heading at this firing, in the level frame of the sector's start.
            final double px = pose.x + pose.cos * config.mount().x() - pose.sin * config.mount().y() - originX;
            final double py = pose.y + pose.sin * config.mount().x() + pose.cos * config.mount().y() - originY;
            final double ox = px * cos0 + py * sin0;
            final double oy = -px * sin0 + py * cos0;
            final double cosJ = pose.cos * mountCos - pose.sin * mountSin;
            final double sinJ = pose.sin * mountCos + pose.cos * mountSin;
            final double cosDelta = cosJ * cos0 + sinJ * sin0;
            final double sinDelta = sinJ * cos0 - cosJ * sin0;
            final double hx = cosAzimuth[step] * cosDelta - sinAzimuth[step] * sinDelta;
            final double hy = sinAzimuth[step] * cosDelta + cosAzimuth[step] * sinDelta;

            System.arraycopy(groundRange, 0, range, 0, beams);
            for (int c = 0; c < candidateCount; c++)
            {
                castFan(c, ox, oy, hx, hy);
            }

            final int timeOffsetUs = (int)Math.round(offsetNs / 1000);
            final double cosAz = cosAzimuth[step];
            final double sinAz = sinAzimuth[step];
            for (int b = 0; b < beams; b++)
            {
                final double r = range[b];
                if (r > maxRange)
                {
                    continue;
                }
                final double measured = r + rangeStd * noise.gaussian();
                if (measured < minRange)
                {
                    continue;
                }
                final boolean ground = r == groundRange[b];
                final double reflectivity = ground ? GROUND_REFLECTIVITY : boxReflectivity[hit[b]];
                final double cosIncidence = ground ? -sinElevation[b] : incidence[b];
                final double horizontal = measured * cosElevation[b];
                points.next()
                    .x((float)(horizontal * cosAz))
                    .y((float)(horizontal * sinAz))
                    .z((float)(measured * sinElevation[b]))
                    .intensity((short)Math.max(1, Math.min(255, (int)(reflectivity * (0.2 + 0.8 * cosIncidence)))))
                    .ring((short)b)
                    .timeOffsetUs(timeOffsetUs);
            }
        }
        emitted += points.resetCountToIndex();
        return MessageHeaderEncoder.ENCODED_LENGTH + encoder.encodedLength();
    }

    private void collectCandidates(
        final int firstStep,
        final double originX,
        final double originY,
        final double cos0,
        final double sin0,
        final EgoVehicle ego)
    {
        candidateCount = 0;
        final double sectorNs = stepsPerSector * firingIntervalNs;
        // The sensor moves and turns a little during the sector: widen the wedge and the boxes to match.
        final double drift = (ego.sampleSpeed + 1) * sectorNs * 1e-9 + 0.05;
        final double halfWedge = (stepsPerSector / 2.0 + 1) * stepAngle + Math.abs(ego.yawRate) * sectorNs * 1e-9;
        final double cosWedge = StrictMath.cos(halfWedge);
        final double sinWedge = StrictMath.sin(halfWedge);
        final int middle = firstStep + stepsPerSector / 2;
        final double ux = cosAzimuth[middle];
        final double uy = sinAzimuth[middle];
        final double maxRange = spec.maxRangeM();
        for (final Actor actor : world.actors)
        {
            if (candidateCount == MAX_CANDIDATES)
            {
                break;
            }
            final double dx = actor.sampleX - originX;
            final double dy = actor.sampleY - originY;
            final double x = dx * cos0 + dy * sin0;
            final double y = -dx * sin0 + dy * cos0;
            final double radius = actor.radius + drift;
            final double distance = Math.sqrt(x * x + y * y);
            if (distance - radius > maxRange)
            {
                continue;
            }
            if (distance > radius)
            {
                final double sinSpread = radius / distance;
                final double cosSpread = Math.sqrt(1 - sinSpread * sinSpread);
                final double cosLimit = cosWedge * cosSpread - sinWedge * sinSpread;
                final double sumAngle = halfWedge + StrictMath.asin(sinSpread);
                if (sumAngle < Math.PI && (x * ux + y * uy) < cosLimit * distance)
                {
                    continue;
                }
            }
            final int n = candidateCount++;
            boxX[n] = x;
            boxY[n] = y;
            boxCos[n] = actor.sampleCos * cos0 + actor.sampleSin * sin0;
            boxSin[n] = actor.sampleSin * cos0 - actor.sampleCos * sin0;
            boxHalfLength[n] = actor.halfLength;
            boxHalfWidth[n] = actor.halfWidth;
            boxTop[n] = actor.height - sensorHeight;
            boxReflectivity[n] = actor.type.reflectivity;
        }
    }

    /**
     * Intersects one firing's vertical fan of beams, from (ox, oy) along horizontal direction
     * (hx, hy) in the sector's level frame, with candidate box c.
     */
    private void castFan(final int c, final double ox, final double oy, final double hx, final double hy)
    {
        final double cos = boxCos[c];
        final double sin = boxSin[c];
        final double rx = ox - boxX[c];
        final double ry = oy - boxY[c];
        final double bx = rx * cos + ry * sin;
        final double by = -rx * sin + ry * cos;
        final double dx = hx * cos + hy * sin;
        final double dy = -hx * sin + hy * cos;
        final double halfLength = boxHalfLength[c];
        final double halfWidth = boxHalfWidth[c];

        double near = 0;
        double far = Double.POSITIVE_INFINITY;
        double faceCos = 0;
        if (dx == 0)
        {
            if (bx < -halfLength || bx > halfLength)
            {
                return;
            }
        }
        else
        {
            final double inv = 1 / dx;
            final double a = (-halfLength - bx) * inv;
            final double b = (halfLength - bx) * inv;
            final double enter = Math.min(a, b);
            if (enter > near)
            {
                near = enter;
                faceCos = Math.abs(dx);
            }
            far = Math.max(a, b);
        }
        if (dy == 0)
        {
            if (by < -halfWidth || by > halfWidth)
            {
                return;
            }
        }
        else
        {
            final double inv = 1 / dy;
            final double a = (-halfWidth - by) * inv;
            final double b = (halfWidth - by) * inv;
            final double enter = Math.min(a, b);
            if (enter > near)
            {
                near = enter;
                faceCos = Math.abs(dy);
            }
            far = Math.min(far, Math.max(a, b));
        }
        if (near > far || near > spec.maxRangeM())
        {
            return;
        }
        final double bottom = -sensorHeight;
        final double top = boxTop[c];
        final double tanLow = bottom / (bottom < 0 ? near : far);
        final double tanHigh = top / (top > 0 ? near : far);
        final int first = lowerBound(tanLow);
        for (int b = first; b < beams; b++)
        {
            final double t = tanElevation[b];
            if (t > tanHigh)
            {
                break;
            }
            final double zNear = near * t;
            final double entry;
            final double cosIncidence;
            if (zNear >= bottom && zNear <= top)
            {
                entry = near;
                cosIncidence = faceCos * cosElevation[b];
            }
            else if (zNear > top && t < 0)
            {
                entry = top / t;
                cosIncidence = -sinElevation[b];
            }
            else
            {
                continue;
            }
            if (entry > far)
            {
                continue;
            }
            final double r = entry * inverseCosElevation[b];
            if (r < range[b])
            {
                range[b] = r;
                hit[b] = c;
                incidence[b] = cosIncidence;
            }
        }
    }

    /**
     * @return the first beam whose elevation tangent is at least {@code tan}.
     */
    private int lowerBound(final double tan)
    {
        int low = 0;
        int high = beams;
        while (low < high)
        {
            final int mid = (low + high) >>> 1;
            if (tanElevation[mid] < tan)
            {
                low = mid + 1;
            }
            else
            {
                high = mid;
            }
        }
        return low;
    }
}
