package io.fusebox.bench.codec;

import io.fusebox.sensors.codec.MessageHeaderDecoder;
import io.fusebox.sensors.codec.MessageHeaderEncoder;
import io.fusebox.sensors.codec.RadarScanDecoder;
import io.fusebox.sensors.codec.RadarScanEncoder;
import io.fusebox.sensors.rig.RadarSpec;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

import java.util.SplittableRandom;

import static io.fusebox.bench.codec.Checksum.of;

/**
 * One radar scan: detections spread over the rig radar's field of view and range, with the radial
 * velocities, RCS and SNR of a mix of vehicles and clutter.
 */
final class RadarScanFixture implements MessageFixture
{
    private final MessageHeaderEncoder headerEncoder = new MessageHeaderEncoder();
    private final RadarScanEncoder encoder = new RadarScanEncoder();
    private final MessageHeaderDecoder headerDecoder = new MessageHeaderDecoder();
    private final RadarScanDecoder decoder = new RadarScanDecoder();

    private final int sensorId;
    private final long captureTimeNs;
    private final int scanDurationNs;
    private long sequence;

    private final float[] rangeM;
    private final float[] azimuthRad;
    private final float[] elevationRad;
    private final float[] radialVelocityMps;
    private final float[] rcsDbsm;
    private final float[] snrDb;

    RadarScanFixture(
        final int sensorId, final RadarSpec radar, final int detectionCount, final long captureTimeNs, final long seed)
    {
        this.sensorId = sensorId;
        this.captureTimeNs = captureTimeNs;
        this.scanDurationNs = 40_000_000;
        rangeM = new float[detectionCount];
        azimuthRad = new float[detectionCount];
        elevationRad = new float[detectionCount];
        radialVelocityMps = new float[detectionCount];
        rcsDbsm = new float[detectionCount];
        snrDb = new float[detectionCount];

        final SplittableRandom random = new SplittableRandom(seed);
        for (int i = 0; i < detectionCount; i++)
        {
            rangeM[i] = (float)(1 + random.nextDouble() * (radar.maxRangeM() - 1));
            azimuthRad[i] = (float)((random.nextDouble() - 0.5) * radar.hfovRad());
            elevationRad[i] = (float)((random.nextDouble() - 0.5) * radar.vfovRad());
            radialVelocityMps[i] = (float)(random.nextDouble() * 50 - 35);
            rcsDbsm[i] = (float)(random.nextDouble() * 40 - 10);
            snrDb[i] = (float)(8 + random.nextDouble() * 32);
        }
    }

    public int encode(final MutableDirectBuffer buffer, final int offset)
    {
        encoder.wrapAndApplyHeader(buffer, offset, headerEncoder);
        encoder.stamp().captureTimeNs(captureTimeNs).sequence(sequence++).sensorId(sensorId);
        encoder.scanDurationNs(scanDurationNs);

        final int count = rangeM.length;
        final RadarScanEncoder.DetectionsEncoder detections = encoder.detectionsCount(count);
        for (int i = 0; i < count; i++)
        {
            detections.next()
                .rangeM(rangeM[i])
                .azimuthRad(azimuthRad[i])
                .elevationRad(elevationRad[i])
                .radialVelocityMps(radialVelocityMps[i])
                .rcsDbsm(rcsDbsm[i])
                .snrDb(snrDb[i]);
        }

        return MessageHeaderEncoder.ENCODED_LENGTH + encoder.encodedLength();
    }

    public long decode(final DirectBuffer buffer, final int offset, final int length)
    {
        headerDecoder.wrap(buffer, offset);
        FragmentCheck.verifyHeader(headerDecoder, RadarScanDecoder.TEMPLATE_ID, length);
        decoder.wrap(
            buffer, offset + MessageHeaderDecoder.ENCODED_LENGTH, headerDecoder.blockLength(), headerDecoder.version());

        long checksum = decoder.stamp().captureTimeNs() + decoder.stamp().sequence() + decoder.stamp().sensorId();
        checksum += of(decoder.scanDurationNs(), 17);
        final RadarScanDecoder.DetectionsDecoder detections = decoder.detections();
        FragmentCheck.verifyGroup(decoder.limit(), detections.count(), detections.actingBlockLength(), offset + length);
        for (final RadarScanDecoder.DetectionsDecoder detection : detections)
        {
            checksum += of(detection.rangeM(), 0) ^ of(detection.azimuthRad(), 11) ^ of(detection.elevationRad(), 22) ^
                of(detection.radialVelocityMps(), 33) ^ of(detection.rcsDbsm(), 44) ^ of(detection.snrDb(), 55);
        }

        return checksum;
    }
}
