package io.fusebox.bench.codec;

import io.fusebox.sensors.codec.LidarSectorDecoder;
import io.fusebox.sensors.codec.LidarSectorEncoder;
import io.fusebox.sensors.codec.MessageHeaderDecoder;
import io.fusebox.sensors.codec.MessageHeaderEncoder;
import io.fusebox.sensors.rig.LidarSpec;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

import java.util.SplittableRandom;

import static io.fusebox.bench.codec.Checksum.of;

/**
 * One azimuth sector of a sweep, shaped by the rig LiDAR: every beam fires at every azimuth step of
 * the sector; downward beams hit the ground, the rest hit something between 3 m and the maximum range.
 */
final class LidarSectorFixture implements MessageFixture
{
    private final MessageHeaderEncoder headerEncoder = new MessageHeaderEncoder();
    private final LidarSectorEncoder encoder = new LidarSectorEncoder();
    private final MessageHeaderDecoder headerDecoder = new MessageHeaderDecoder();
    private final LidarSectorDecoder decoder = new LidarSectorDecoder();

    private final int sensorId;
    private final long captureTimeNs;
    private final int sectorIndex;
    private final int sectorCount;
    private final float azimuthStartRad;
    private final float azimuthEndRad;
    private long sequence;

    private final float[] x;
    private final float[] y;
    private final float[] z;
    private final short[] intensity;
    private final short[] ring;
    private final int[] timeOffsetUs;

    LidarSectorFixture(
        final int sensorId,
        final LidarSpec lidar,
        final double rateHz,
        final double mountHeightM,
        final int sectorIndex,
        final long captureTimeNs,
        final long seed)
    {
        this.sensorId = sensorId;
        this.captureTimeNs = captureTimeNs;
        this.sectorIndex = sectorIndex;
        this.sectorCount = lidar.sectors();
        final double sectorWidthRad = 2 * Math.PI / lidar.sectors();
        this.azimuthStartRad = (float)(sectorIndex * sectorWidthRad);
        this.azimuthEndRad = (float)(azimuthStartRad + sectorWidthRad);

        final int points = lidar.maxPointsPerSector();
        x = new float[points];
        y = new float[points];
        z = new float[points];
        intensity = new short[points];
        ring = new short[points];
        timeOffsetUs = new int[points];

        final SplittableRandom random = new SplittableRandom(seed);
        final double stepRad = sectorWidthRad / lidar.stepsPerSector();
        final double stepUs = 1e6 / (rateHz * lidar.azimuthStepsPerRevolution());
        int i = 0;
        for (int step = 0; step < lidar.stepsPerSector(); step++)
        {
            final double azimuth = azimuthStartRad + (step + 0.5) * stepRad;
            for (int beam = 0; beam < lidar.beams(); beam++)
            {
                final double elevation = lidar.beamElevationRad(beam);
                final double groundRange = elevation < -0.01 ? mountHeightM / Math.sin(-elevation) : Double.MAX_VALUE;
                final double objectRange = 3 + random.nextDouble() * (lidar.maxRangeM() - 3);
                final double range = Math.min(groundRange, objectRange) + random.nextGaussian() * lidar.rangeStdM();
                final double horizontal = range * Math.cos(elevation);
                x[i] = (float)(horizontal * Math.cos(azimuth));
                y[i] = (float)(horizontal * Math.sin(azimuth));
                z[i] = (float)(range * Math.sin(elevation));
                intensity[i] = (short)random.nextInt(256);
                ring[i] = (short)beam;
                timeOffsetUs[i] = (int)Math.round(step * stepUs);
                i++;
            }
        }
    }

    int pointCount()
    {
        return x.length;
    }

    public int encode(final MutableDirectBuffer buffer, final int offset)
    {
        encoder.wrapAndApplyHeader(buffer, offset, headerEncoder);
        encoder.stamp().captureTimeNs(captureTimeNs).sequence(sequence++).sensorId(sensorId);
        encoder
            .sweepId(sequence / sectorCount)
            .sectorIndex(sectorIndex)
            .sectorCount(sectorCount)
            .azimuthStartRad(azimuthStartRad)
            .azimuthEndRad(azimuthEndRad);

        final int count = x.length;
        final LidarSectorEncoder.PointsEncoder points = encoder.pointsCount(count);
        for (int i = 0; i < count; i++)
        {
            points.next()
                .x(x[i])
                .y(y[i])
                .z(z[i])
                .intensity(intensity[i])
                .ring(ring[i])
                .timeOffsetUs(timeOffsetUs[i]);
        }

        return MessageHeaderEncoder.ENCODED_LENGTH + encoder.encodedLength();
    }

    public long decode(final DirectBuffer buffer, final int offset, final int length)
    {
        headerDecoder.wrap(buffer, offset);
        FragmentCheck.verifyHeader(headerDecoder, LidarSectorDecoder.TEMPLATE_ID, length);
        decoder.wrap(
            buffer, offset + MessageHeaderDecoder.ENCODED_LENGTH, headerDecoder.blockLength(), headerDecoder.version());

        long checksum = decoder.stamp().captureTimeNs() + decoder.stamp().sequence() + decoder.stamp().sensorId();
        checksum += of(decoder.sweepId(), 3) ^ of(decoder.sectorIndex(), 40) ^ of(decoder.sectorCount(), 20) ^
            of(decoder.azimuthStartRad(), 7) ^ of(decoder.azimuthEndRad(), 30);
        final LidarSectorDecoder.PointsDecoder points = decoder.points();
        FragmentCheck.verifyGroup(decoder.limit(), points.count(), points.actingBlockLength(), offset + length);
        for (final LidarSectorDecoder.PointsDecoder point : points)
        {
            checksum += of(point.x(), 0) ^ of(point.y(), 11) ^ of(point.z(), 22) ^ of(point.intensity(), 40) ^
                of(point.ring(), 48) ^ of(point.timeOffsetUs(), 33);
        }

        return checksum;
    }
}
