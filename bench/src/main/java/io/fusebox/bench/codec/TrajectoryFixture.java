package io.fusebox.bench.codec;

import io.fusebox.sensors.codec.Maneuver;
import io.fusebox.sensors.codec.MessageHeaderDecoder;
import io.fusebox.sensors.codec.MessageHeaderEncoder;
import io.fusebox.sensors.codec.TrajectoryDecoder;
import io.fusebox.sensors.codec.TrajectoryEncoder;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

import static io.fusebox.bench.codec.Checksum.of;

/**
 * A planned trajectory: following a lead vehicle through a constant-curvature left bend, easing off,
 * one point every 0.1 s.
 */
final class TrajectoryFixture implements MessageFixture
{
    private static final double CURVATURE = 0.01;
    private static final double STEP_S = 0.1;

    private final MessageHeaderEncoder headerEncoder = new MessageHeaderEncoder();
    private final TrajectoryEncoder encoder = new TrajectoryEncoder();
    private final MessageHeaderDecoder headerDecoder = new MessageHeaderDecoder();
    private final TrajectoryDecoder decoder = new TrajectoryDecoder();

    private final long timeNs;
    private long sequence;

    private final float[] tOffsetS;
    private final float[] x;
    private final float[] y;
    private final float[] yaw;
    private final float[] speedMps;
    private final float[] accelerationMps2;
    private final float[] curvature;

    TrajectoryFixture(final int pointCount, final long timeNs)
    {
        this.timeNs = timeNs;
        tOffsetS = new float[pointCount];
        x = new float[pointCount];
        y = new float[pointCount];
        yaw = new float[pointCount];
        speedMps = new float[pointCount];
        accelerationMps2 = new float[pointCount];
        curvature = new float[pointCount];

        final double initialSpeed = 13.89;
        final double acceleration = -0.5;
        for (int i = 0; i < pointCount; i++)
        {
            final double t = i * STEP_S;
            final double speed = Math.max(0, initialSpeed + acceleration * t);
            final double distance = initialSpeed * t + 0.5 * acceleration * t * t;
            final double heading = CURVATURE * distance;
            tOffsetS[i] = (float)t;
            x[i] = (float)(Math.sin(heading) / CURVATURE);
            y[i] = (float)((1 - Math.cos(heading)) / CURVATURE);
            yaw[i] = (float)heading;
            speedMps[i] = (float)speed;
            accelerationMps2[i] = (float)acceleration;
            curvature[i] = (float)CURVATURE;
        }
    }

    public int encode(final MutableDirectBuffer buffer, final int offset)
    {
        encoder.wrapAndApplyHeader(buffer, offset, headerEncoder)
            .timeNs(timeNs)
            .sequence(sequence)
            .worldModelSequence(sequence)
            .newestCaptureTimeNs(timeNs - 3_100_000)
            .maneuver(Maneuver.FOLLOW)
            .targetSpeedMps(12.5f);
        sequence++;

        final int count = tOffsetS.length;
        final TrajectoryEncoder.PointsEncoder points = encoder.pointsCount(count);
        for (int i = 0; i < count; i++)
        {
            points.next()
                .tOffsetS(tOffsetS[i])
                .x(x[i])
                .y(y[i])
                .yaw(yaw[i])
                .speedMps(speedMps[i])
                .accelerationMps2(accelerationMps2[i])
                .curvature(curvature[i]);
        }

        return MessageHeaderEncoder.ENCODED_LENGTH + encoder.encodedLength();
    }

    public long decode(final DirectBuffer buffer, final int offset, final int length)
    {
        headerDecoder.wrap(buffer, offset);
        FragmentCheck.verifyHeader(headerDecoder, TrajectoryDecoder.TEMPLATE_ID, length);
        decoder.wrap(
            buffer, offset + MessageHeaderDecoder.ENCODED_LENGTH, headerDecoder.blockLength(), headerDecoder.version());

        long checksum = decoder.timeNs() + decoder.sequence() + decoder.worldModelSequence() +
            decoder.newestCaptureTimeNs() + (of(decoder.maneuver().value(), 40) ^ of(decoder.targetSpeedMps(), 0));
        final TrajectoryDecoder.PointsDecoder points = decoder.points();
        FragmentCheck.verifyGroup(decoder.limit(), points.count(), points.actingBlockLength(), offset + length);
        for (final TrajectoryDecoder.PointsDecoder point : points)
        {
            checksum += of(point.tOffsetS(), 0) ^ of(point.x(), 9) ^ of(point.y(), 18) ^ of(point.yaw(), 27) ^
                of(point.speedMps(), 36) ^ of(point.accelerationMps2(), 45) ^ of(point.curvature(), 54);
        }

        return checksum;
    }
}
