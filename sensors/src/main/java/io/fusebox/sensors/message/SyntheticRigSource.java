package io.fusebox.sensors.message;

import io.fusebox.sensors.codec.BooleanType;
import io.fusebox.sensors.codec.CameraFrameEncoder;
import io.fusebox.sensors.codec.LidarSectorEncoder;
import io.fusebox.sensors.codec.MessageHeaderEncoder;
import io.fusebox.sensors.codec.ObjectClass;
import io.fusebox.sensors.codec.RadarScanEncoder;
import io.fusebox.sensors.codec.SensorKind;
import io.fusebox.sensors.codec.UltrasonicEchoEncoder;
import io.fusebox.sensors.codec.VehicleStateEncoder;
import io.fusebox.sensors.rig.CameraSpec;
import io.fusebox.sensors.rig.LidarSpec;
import io.fusebox.sensors.rig.Rig;
import io.fusebox.sensors.rig.SensorConfig;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * Valid, realistically sized messages for every sensor of a rig at its nominal rate, with no world
 * behind them: a load generator for tests and benchmarks that costs next to nothing to run.
 *
 * <p>Message k of sensor i is captured at {@code start + phase(i) + floor(k / rate(i))}, computed from k
 * alone so that timing never drifts; the phase spreads sensors of equal rate across their period the
 * way free-running hardware does, the same phases every run. Messages come out in capture-time order,
 * ties by rig index. Contents are cheap arithmetic on (sensor, k): a camera frame carries 9 to 11
 * objects, a radar scan 64 detections, a LiDAR sector all of its points. Allocation-free after
 * construction.
 */
public final class SyntheticRigSource implements SensorMessageSource
{
    /** Detections per radar scan, capped by the radar's capacity. */
    public static final int RADAR_DETECTIONS = 64;
    /** Objects per camera frame vary around this. */
    public static final int CAMERA_OBJECTS = 10;

    private static final long MAX_TIME_OFFSET_US = LidarSectorEncoder.PointsEncoder.timeOffsetUsMaxValue();
    private static final long NANOS_PER_SECOND = 1_000_000_000L;
    private static final long MILLI_HZ_NANOS = 1_000L * NANOS_PER_SECOND;

    private final Rig rig;
    private final long startTimeNs;
    private final long endTimeNs;
    private final int sensorCount;
    private final SensorKind[] kinds;
    private final int[] sensorIds;
    private final long[] rateMilliHz;
    private final long[] phaseNs;
    private final long[] nextMessage;
    private final long[] nextCaptureTimeNs;
    private int nextSensorIndex;

    private final MessageHeaderEncoder headerEncoder = new MessageHeaderEncoder();
    private final CameraFrameEncoder cameraEncoder = new CameraFrameEncoder();
    private final RadarScanEncoder radarEncoder = new RadarScanEncoder();
    private final LidarSectorEncoder lidarEncoder = new LidarSectorEncoder();
    private final UltrasonicEchoEncoder ultrasonicEncoder = new UltrasonicEchoEncoder();
    private final VehicleStateEncoder vehicleStateEncoder = new VehicleStateEncoder();
    private final UnsafeBuffer emptyImage = new UnsafeBuffer(new byte[0]);

    // Per LiDAR sensor index: unit-vector tables so that a sector costs multiplications, not trigonometry.
    private final float[][] lidarCosAzimuth;
    private final float[][] lidarSinAzimuth;
    private final float[][] lidarCosElevation;
    private final float[][] lidarSinElevation;

    /**
     * A source that never runs out.
     */
    public SyntheticRigSource(final Rig rig, final long startTimeNs)
    {
        this(rig, startTimeNs, Long.MAX_VALUE);
    }

    /**
     * @param rig         whose sensors to generate for.
     * @param startTimeNs capture time (sensor clock, ns) the drive starts at.
     * @param endTimeNs   capture times at or after this are not generated; the source is then exhausted.
     */
    public SyntheticRigSource(final Rig rig, final long startTimeNs, final long endTimeNs)
    {
        if (endTimeNs < startTimeNs)
        {
            throw new IllegalArgumentException("endTimeNs " + endTimeNs + " is before startTimeNs " + startTimeNs);
        }
        this.rig = rig;
        this.startTimeNs = startTimeNs;
        this.endTimeNs = endTimeNs;
        sensorCount = rig.sensorCount();
        kinds = new SensorKind[sensorCount];
        sensorIds = new int[sensorCount];
        rateMilliHz = new long[sensorCount];
        phaseNs = new long[sensorCount];
        nextMessage = new long[sensorCount];
        nextCaptureTimeNs = new long[sensorCount];
        lidarCosAzimuth = new float[sensorCount][];
        lidarSinAzimuth = new float[sensorCount][];
        lidarCosElevation = new float[sensorCount][];
        lidarSinElevation = new float[sensorCount][];

        for (int i = 0; i < sensorCount; i++)
        {
            final SensorConfig sensor = rig.sensor(i);
            kinds[i] = sensor.kind();
            sensorIds[i] = sensor.id();
            rateMilliHz[i] = Math.round(sensor.messageRateHz() * 1000.0);
            if (rateMilliHz[i] <= 0)
            {
                throw new IllegalArgumentException(sensor.name() + ": message rate below 1 mHz");
            }
            // Golden-ratio spread of the phase over one period: distinct, repeatable, no clumping.
            final long periodNs = MILLI_HZ_NANOS / rateMilliHz[i];
            phaseNs[i] = (periodNs * ((i * 40_503L) & 0xFFFF)) >>> 16;
            final long firstCaptureTimeNs = captureTimeNs(i, 0);
            nextCaptureTimeNs[i] = firstCaptureTimeNs < endTimeNs ? firstCaptureTimeNs : Long.MAX_VALUE;
            if (SensorKind.LIDAR == sensor.kind())
            {
                buildLidarTables(i, sensor.lidar());
            }
        }
        selectNext();
    }

    public Rig rig()
    {
        return rig;
    }

    /**
     * @return capture time of message {@code k} of the sensor at rig index {@code sensorIndex}, whether or not
     * it falls before the end time.
     */
    public long captureTimeNs(final int sensorIndex, final long k)
    {
        // k / rate in ns without overflow for any k: split k into whole multiples of the rate and a remainder.
        final long rate = rateMilliHz[sensorIndex];
        final long whole = k / rate;
        final long remainder = k - whole * rate;
        return startTimeNs + phaseNs[sensorIndex] + whole * MILLI_HZ_NANOS + (remainder * MILLI_HZ_NANOS) / rate;
    }

    /**
     * @return how many messages of this sensor are captured before {@code timeNs} (and before the end time).
     */
    public long messageCountBefore(final int sensorIndex, final long timeNs)
    {
        final long limitNs = Math.min(timeNs, endTimeNs);
        if (Long.MAX_VALUE == limitNs)
        {
            throw new IllegalArgumentException("an endless source has no finite count: give a time");
        }
        long low = 0;
        long high = 1;
        while (captureTimeNs(sensorIndex, high) < limitNs)
        {
            low = high;
            high <<= 1;
        }
        if (captureTimeNs(sensorIndex, 0) >= limitNs)
        {
            return 0;
        }
        while (high - low > 1)
        {
            final long middle = (low + high) >>> 1;
            if (captureTimeNs(sensorIndex, middle) < limitNs)
            {
                low = middle;
            }
            else
            {
                high = middle;
            }
        }
        return high;
    }

    public long nextCaptureTimeNs()
    {
        return nextCaptureTimeNs[nextSensorIndex];
    }

    public int nextSensorIndex()
    {
        return nextSensorIndex;
    }

    public int encodeNext(final MutableDirectBuffer buffer, final int offset)
    {
        final int i = nextSensorIndex;
        final long captureTimeNs = nextCaptureTimeNs[i];
        if (Long.MAX_VALUE == captureTimeNs)
        {
            throw new IllegalStateException("source exhausted");
        }
        final long k = nextMessage[i];

        final int length;
        switch (kinds[i])
        {
            case CAMERA:
                length = encodeCamera(buffer, offset, i, k, captureTimeNs);
                break;
            case RADAR:
                length = encodeRadar(buffer, offset, i, k, captureTimeNs);
                break;
            case LIDAR:
                length = encodeLidar(buffer, offset, i, k, captureTimeNs);
                break;
            case ULTRASONIC:
                length = encodeUltrasonic(buffer, offset, i, k, captureTimeNs);
                break;
            default:
                length = encodeVehicleState(buffer, offset, i, k, captureTimeNs);
                break;
        }

        nextMessage[i] = k + 1;
        final long next = captureTimeNs(i, k + 1);
        nextCaptureTimeNs[i] = next < endTimeNs ? next : Long.MAX_VALUE;
        selectNext();
        return length;
    }

    private void selectNext()
    {
        int best = 0;
        long bestTimeNs = nextCaptureTimeNs[0];
        for (int i = 1; i < sensorCount; i++)
        {
            if (nextCaptureTimeNs[i] < bestTimeNs)
            {
                best = i;
                bestTimeNs = nextCaptureTimeNs[i];
            }
        }
        nextSensorIndex = best;
    }

    private int encodeCamera(
        final MutableDirectBuffer buffer, final int offset, final int i, final long k, final long captureTimeNs)
    {
        final CameraSpec spec = rig.sensor(i).camera();
        final CameraFrameEncoder encoder = cameraEncoder.wrapAndApplyHeader(buffer, offset, headerEncoder);
        encoder.stamp().captureTimeNs(captureTimeNs).sequence(k).sensorId(sensorIds[i]);
        encoder.frameHandle(k).exposureNs(8_000_000);

        final int count = CAMERA_OBJECTS - 1 + (int)((k + i) % 3);
        final CameraFrameEncoder.ObjectsEncoder objects = encoder.objectsCount(count);
        final float width = spec.widthPx();
        final float height = spec.heightPx();
        for (int j = 0; j < count; j++)
        {
            final int hash = (int)((k * 31 + j * 17 + i * 7) & 0x3FF);
            final float x1 = (hash % 100) * width / 120f;
            final float y1 = height * 0.4f + (hash % 23);
            final float boxWidth = 20f + (hash % 200);
            final float boxHeight = 30f + (hash % 150);
            objects.next()
                .objectClass(0 == j % 3 ? ObjectClass.PEDESTRIAN : ObjectClass.CAR)
                .confidence(0.5f + (hash % 50) / 100f);
            objects.box2d().x1(x1).y1(y1).x2(Math.min(width, x1 + boxWidth)).y2(Math.min(height, y1 + boxHeight));
            objects.hasBox3d(BooleanType.TRUE);
            objects.box3d()
                .x(5f + (hash % 60)).y(-10f + (hash % 20)).z(0.8f)
                .length(4.5f).width(1.8f).height(1.5f).yaw((hash % 628) / 100f);
        }
        encoder.putCompressedImage(emptyImage, 0, 0);
        return MessageHeaderEncoder.ENCODED_LENGTH + encoder.encodedLength();
    }

    private int encodeRadar(
        final MutableDirectBuffer buffer, final int offset, final int i, final long k, final long captureTimeNs)
    {
        final RadarScanEncoder encoder = radarEncoder.wrapAndApplyHeader(buffer, offset, headerEncoder);
        encoder.stamp().captureTimeNs(captureTimeNs).sequence(k).sensorId(sensorIds[i]);
        encoder.scanDurationNs(40_000_000);

        final int count = Math.min(RADAR_DETECTIONS, rig.sensor(i).radar().maxDetections());
        final RadarScanEncoder.DetectionsEncoder detections = encoder.detectionsCount(count);
        for (int j = 0; j < count; j++)
        {
            final int hash = (int)((k * 13 + j * 29 + i * 3) & 0x3FF);
            detections.next()
                .rangeM(1f + (hash % 150))
                .azimuthRad((hash % 100 - 50) / 100f)
                .elevationRad((hash % 10 - 5) / 100f)
                .radialVelocityMps((hash % 40 - 20) / 2f)
                .rcsDbsm(-5f + (hash % 30))
                .snrDb(10f + (hash % 25));
        }
        return MessageHeaderEncoder.ENCODED_LENGTH + encoder.encodedLength();
    }

    private int encodeLidar(
        final MutableDirectBuffer buffer, final int offset, final int i, final long k, final long captureTimeNs)
    {
        final LidarSpec spec = rig.sensor(i).lidar();
        final int sectors = spec.sectors();
        final int sector = (int)(k % sectors);
        final int stepsPerSector = spec.stepsPerSector();
        final int beams = spec.beams();
        final int firstStep = sector * stepsPerSector;
        final double stepsPerRevolution = spec.azimuthStepsPerRevolution();
        final long sectorPeriodNs = captureTimeNs(i, k + 1) - captureTimeNs;

        final LidarSectorEncoder encoder = lidarEncoder.wrapAndApplyHeader(buffer, offset, headerEncoder);
        encoder.stamp().captureTimeNs(captureTimeNs).sequence(k).sensorId(sensorIds[i]);
        encoder.sweepId(k / sectors)
            .sectorIndex(sector)
            .sectorCount(sectors)
            .azimuthStartRad((float)(2 * Math.PI * firstStep / stepsPerRevolution))
            .azimuthEndRad((float)(2 * Math.PI * (firstStep + stepsPerSector) / stepsPerRevolution));

        final float[] cosAzimuth = lidarCosAzimuth[i];
        final float[] sinAzimuth = lidarSinAzimuth[i];
        final float[] cosElevation = lidarCosElevation[i];
        final float[] sinElevation = lidarSinElevation[i];
        final int sweep = (int)(k / sectors);
        final LidarSectorEncoder.PointsEncoder points = encoder.pointsCount(stepsPerSector * beams);
        for (int step = 0; step < stepsPerSector; step++)
        {
            final int azimuthStep = firstStep + step;
            final int timeOffsetUs = (int)Math.min(MAX_TIME_OFFSET_US, (step * sectorPeriodNs) / stepsPerSector / 1000);
            for (int ring = 0; ring < beams; ring++)
            {
                final float range = 3f + ((ring * 7 + azimuthStep * 3 + sweep) % 97) * 0.5f;
                final float horizontal = range * cosElevation[ring];
                points.next()
                    .x(horizontal * cosAzimuth[azimuthStep])
                    .y(horizontal * sinAzimuth[azimuthStep])
                    .z(range * sinElevation[ring])
                    .intensity((short)((ring * 13 + azimuthStep) % 255))
                    .ring((short)ring)
                    .timeOffsetUs(timeOffsetUs);
            }
        }
        return MessageHeaderEncoder.ENCODED_LENGTH + encoder.encodedLength();
    }

    private int encodeUltrasonic(
        final MutableDirectBuffer buffer, final int offset, final int i, final long k, final long captureTimeNs)
    {
        final UltrasonicEchoEncoder encoder = ultrasonicEncoder.wrapAndApplyHeader(buffer, offset, headerEncoder);
        encoder.stamp().captureTimeNs(captureTimeNs).sequence(k).sensorId(sensorIds[i]);
        final boolean hasEcho = 0 != (k + i) % 4;
        encoder.hasEcho(hasEcho ? BooleanType.TRUE : BooleanType.FALSE)
            .distanceM(hasEcho ? 0.3f + ((k + i) % 40) / 10f : 0f)
            .quality((short)(hasEcho ? 200 : 0));
        return MessageHeaderEncoder.ENCODED_LENGTH + encoder.encodedLength();
    }

    private int encodeVehicleState(
        final MutableDirectBuffer buffer, final int offset, final int i, final long k, final long captureTimeNs)
    {
        final VehicleStateEncoder encoder = vehicleStateEncoder.wrapAndApplyHeader(buffer, offset, headerEncoder);
        encoder.stamp().captureTimeNs(captureTimeNs).sequence(k).sensorId(sensorIds[i]);
        encoder.speedMps(13.9f + (k % 20) / 100f)
            .yawRateRps(0.01f)
            .accelerationMps2(0.1f)
            .steeringAngleRad(0.005f);
        return MessageHeaderEncoder.ENCODED_LENGTH + encoder.encodedLength();
    }

    private void buildLidarTables(final int i, final LidarSpec spec)
    {
        final int steps = spec.azimuthStepsPerRevolution();
        lidarCosAzimuth[i] = new float[steps];
        lidarSinAzimuth[i] = new float[steps];
        for (int step = 0; step < steps; step++)
        {
            final double azimuth = 2 * Math.PI * step / steps;
            lidarCosAzimuth[i][step] = (float)Math.cos(azimuth);
            lidarSinAzimuth[i][step] = (float)Math.sin(azimuth);
        }
        final int beams = spec.beams();
        lidarCosElevation[i] = new float[beams];
        lidarSinElevation[i] = new float[beams];
        for (int ring = 0; ring < beams; ring++)
        {
            final double elevation = spec.beamElevationRad(ring);
            lidarCosElevation[i][ring] = (float)Math.cos(elevation);
            lidarSinElevation[i][ring] = (float)Math.sin(elevation);
        }
    }
}
