package io.fusebox.sensors.sim;

import io.fusebox.sensors.codec.MessageHeaderEncoder;
import io.fusebox.sensors.codec.RadarScanEncoder;
import io.fusebox.sensors.rig.RadarSpec;
import io.fusebox.sensors.rig.SensorConfig;
import org.agrona.MutableDirectBuffer;

/**
 * A radar: a few reflections per object, placed on the object's side facing the radar (where a
 * horizontal ray at a random azimuth within the object's angular extent first meets its footprint,
 * unless a nearer object's footprint is met first), at a random height within the beam. Radial
 * velocity is the point's velocity relative to the radar on the line of sight, ego motion and
 * lever arm included, so static objects show the ego's motion. SNR follows the radar equation
 * (RCS minus 40 log range), scaled so that a car at the radar's maximum range is marginal.
 * Plus Poisson clutter at ground-like radial velocities, capped at the scan's capacity.
 */
final class RadarModel implements SensorModel
{
    private static final int MAX_CANDIDATES = 512;
    private static final double DETECTION_SNR_DB = 10.0;
    private static final double CAR_SNR_AT_MAX_RANGE_DB = 12.0;

    private final SensorConfig config;
    private final RadarSpec spec;
    private final World world;
    private final long clockBaseNs;
    private final NoiseStream noise;
    private final SensorMount mount;
    private final double snrConstantDb;
    private final double halfHfov;
    private final double tanHalfVfov;
    private final MessageHeaderEncoder header = new MessageHeaderEncoder();
    private final RadarScanEncoder encoder = new RadarScanEncoder();

    private int candidateCount;
    private final Actor[] candidateActor = new Actor[MAX_CANDIDATES];
    private final double[] azimuthLow = new double[MAX_CANDIDATES];
    private final double[] azimuthHigh = new double[MAX_CANDIDATES];
    private final double[] nearRange = new double[MAX_CANDIDATES];

    private int detectionCount;
    private final float[] detections;

    private double sensorVx;
    private double sensorVy;

    RadarModel(final SensorConfig config, final World world, final long seed, final long clockBaseNs)
    {
        this.config = config;
        this.spec = config.radar();
        this.world = world;
        this.clockBaseNs = clockBaseNs;
        this.noise = new NoiseStream(seed, config.id());
        this.mount = new SensorMount(config.mount());
        this.snrConstantDb = CAR_SNR_AT_MAX_RANGE_DB - ActorType.CAR.rcsDbsm + 40 * StrictMath.log10(spec.maxRangeM());
        this.halfHfov = spec.hfovRad() / 2;
        this.tanHalfVfov = StrictMath.tan(spec.vfovRad() / 2);
        this.detections = new float[spec.maxDetections() * 6];
    }

    public int encode(final MutableDirectBuffer buffer, final int offset, final long simTimeNs, final long sequence)
    {
        final EgoVehicle ego = world.ego;
        mount.place(ego.sampleX, ego.sampleY, ego.sampleCos, ego.sampleSin);
        final double leverX = mount.originX - ego.sampleX;
        final double leverY = mount.originY - ego.sampleY;
        sensorVx = ego.sampleSpeed * ego.sampleCos - ego.yawRate * leverY;
        sensorVy = ego.sampleSpeed * ego.sampleSin + ego.yawRate * leverX;

        collectCandidates();
        detectionCount = 0;
        for (int i = 0; i < candidateCount; i++)
        {
            reflect(i);
        }
        final int clutter = noise.poisson(spec.clutterPerScan());
        for (int i = 0; i < clutter; i++)
        {
            clutter();
        }

        encoder.wrapAndApplyHeader(buffer, offset, header);
        encoder.stamp().captureTimeNs(clockBaseNs + simTimeNs).sequence(sequence).sensorId(config.id());
        encoder.scanDurationNs((int)Math.min(config.periodNs() / 2, 25_000_000L));
        final RadarScanEncoder.DetectionsEncoder group = encoder.detectionsCount(detectionCount);
        for (int i = 0; i < detectionCount; i++)
        {
            final int d = i * 6;
            group.next()
                .rangeM(detections[d])
                .azimuthRad(detections[d + 1])
                .elevationRad(detections[d + 2])
                .radialVelocityMps(detections[d + 3])
                .rcsDbsm(detections[d + 4])
                .snrDb(detections[d + 5]);
        }
        return MessageHeaderEncoder.ENCODED_LENGTH + encoder.encodedLength();
    }

    private void collectCandidates()
    {
        candidateCount = 0;
        final double maxRange = spec.maxRangeM();
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
            double low = Double.POSITIVE_INFINITY;
            double high = Double.NEGATIVE_INFINITY;
            double near = Double.POSITIVE_INFINITY;
            boolean behind = false;
            for (int corner = 0; corner < 4; corner++)
            {
                final double sl = (corner & 1) == 0 ? -actor.halfLength : actor.halfLength;
                final double sw = (corner & 2) == 0 ? -actor.halfWidth : actor.halfWidth;
                mount.pointToSensor(
                    actor.sampleX + sl * actor.sampleCos - sw * actor.sampleSin,
                    actor.sampleY + sl * actor.sampleSin + sw * actor.sampleCos,
                    mount.originZ);
                if (mount.sensorX <= 0)
                {
                    behind = true;
                    break;
                }
                final double azimuth = StrictMath.atan2(mount.sensorY, mount.sensorX);
                low = Math.min(low, azimuth);
                high = Math.max(high, azimuth);
                near = Math.min(near, Math.sqrt(mount.sensorX * mount.sensorX + mount.sensorY * mount.sensorY));
            }
            if (behind || high < -halfHfov || low > halfHfov || near > maxRange)
            {
                continue;
            }
            final int n = candidateCount++;
            candidateActor[n] = actor;
            azimuthLow[n] = Math.max(low, -halfHfov);
            azimuthHigh[n] = Math.min(high, halfHfov);
            nearRange[n] = near;
        }
    }

    private void reflect(final int n)
    {
        final Actor actor = candidateActor[n];
        final double width = (azimuthHigh[n] - azimuthLow[n]) * nearRange[n];
        final int maxReflections = actor.type.structure ? 12 : actor.length > 6 ? 8 : actor.length > 2.5 ? 5 : 2;
        final int reflections = (int)Math.max(1, Math.min(maxReflections, 1 + width * 1.5 / (1 + nearRange[n] / 20)));
        final double rcs = actor.type.rcsDbsm - 10 * StrictMath.log10(reflections);
        for (int k = 0; k < reflections && detectionCount < spec.maxDetections(); k++)
        {
            final double azimuth = noise.uniform(azimuthLow[n], azimuthHigh[n]);
            final double c = StrictMath.cos(azimuth);
            final double s = StrictMath.sin(azimuth);
            final double dirX = mount.worldDirectionX(c, s, 0);
            final double dirY = mount.worldDirectionY(c, s, 0);
            final double norm = Math.sqrt(dirX * dirX + dirY * dirY);
            final double rho = RayBox.entryFootprint(actor, mount.originX, mount.originY, dirX / norm, dirY / norm);
            if (rho == RayBox.MISS || occluded(n, azimuth, rho, dirX / norm, dirY / norm))
            {
                continue;
            }
            final double low = Math.max(0.1, mount.originZ - rho * tanHalfVfov);
            final double high = Math.min(actor.height, mount.originZ + rho * tanHalfVfov);
            if (low > high)
            {
                continue;
            }
            final double px = mount.originX + rho * dirX / norm;
            final double py = mount.originY + rho * dirY / norm;
            final double pz = noise.uniform(low, high);
            mount.pointToSensor(px, py, pz);
            final double x = mount.sensorX;
            final double y = mount.sensorY;
            final double z = mount.sensorZ;
            final double range = Math.sqrt(x * x + y * y + z * z);
            if (range > spec.maxRangeM())
            {
                continue;
            }
            final double pointVx = actor.vx - actor.yawRate * (py - actor.sampleY);
            final double pointVy = actor.vy + actor.yawRate * (px - actor.sampleX);
            final double radial = ((pointVx - sensorVx) * (px - mount.originX) + (pointVy - sensorVy) * (py - mount.originY)) / range;
            final double snr = snrConstantDb + rcs - 40 * StrictMath.log10(range) + 1.5 * noise.gaussian();
            if (snr < DETECTION_SNR_DB)
            {
                continue;
            }
            add(range + spec.rangeStdM() * noise.gaussian(),
                StrictMath.atan2(y, x) + spec.azimuthStdRad() * noise.gaussian(),
                StrictMath.atan2(z, Math.sqrt(x * x + y * y)) + 2 * spec.azimuthStdRad() * noise.gaussian(),
                radial + spec.velocityStdMps() * noise.gaussian(),
                rcs + 2.0 * noise.gaussian(),
                snr);
        }
    }

    private boolean occluded(final int n, final double azimuth, final double rho, final double dirX, final double dirY)
    {
        for (int j = 0; j < candidateCount; j++)
        {
            if (j != n && azimuth >= azimuthLow[j] && azimuth <= azimuthHigh[j] &&
                RayBox.entryFootprint(candidateActor[j], mount.originX, mount.originY, dirX, dirY) < rho)
            {
                return true;
            }
        }
        return false;
    }

    private void clutter()
    {
        if (detectionCount == spec.maxDetections())
        {
            return;
        }
        // Ground and roadside returns: mostly near, weak, and static in the world.
        final double range = 1 + (spec.maxRangeM() - 1) * noise.uniform() * noise.uniform();
        final double azimuth = noise.uniform(-halfHfov, halfHfov);
        final double elevation = noise.uniform(-0.5, 0.5) * spec.vfovRad() / 2;
        final double ce = StrictMath.cos(elevation);
        final double lx = ce * StrictMath.cos(azimuth);
        final double ly = ce * StrictMath.sin(azimuth);
        final double lz = StrictMath.sin(elevation);
        final double radial = -(sensorVx * mount.worldDirectionX(lx, ly, lz) + sensorVy * mount.worldDirectionY(lx, ly, lz)) +
            0.3 * noise.gaussian();
        final double rcs = noise.uniform(-20, -5);
        final double snr = Math.max(DETECTION_SNR_DB + Math.abs(noise.gaussian()),
            snrConstantDb + rcs - 40 * StrictMath.log10(range));
        add(range, azimuth, elevation, radial, rcs, snr);
    }

    private void add(
        final double range,
        final double azimuth,
        final double elevation,
        final double radialVelocity,
        final double rcs,
        final double snr)
    {
        final int d = detectionCount++ * 6;
        detections[d] = (float)range;
        detections[d + 1] = (float)azimuth;
        detections[d + 2] = (float)elevation;
        detections[d + 3] = (float)radialVelocity;
        detections[d + 4] = (float)rcs;
        detections[d + 5] = (float)snr;
    }
}
