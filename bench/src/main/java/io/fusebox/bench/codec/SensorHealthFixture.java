package io.fusebox.bench.codec;

import io.fusebox.sensors.codec.HealthState;
import io.fusebox.sensors.codec.MessageHeaderDecoder;
import io.fusebox.sensors.codec.MessageHeaderEncoder;
import io.fusebox.sensors.codec.SensorHealthDecoder;
import io.fusebox.sensors.codec.SensorHealthEncoder;
import io.fusebox.sensors.codec.SensorKind;
import io.fusebox.sensors.rig.Rig;
import io.fusebox.sensors.rig.SensorConfig;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

import static io.fusebox.bench.codec.Checksum.of;

/**
 * Health of every sensor of the rig after an hour's drive: counts from each sensor's message rate,
 * a few gaps, one camera degraded and one ultrasonic silent.
 */
final class SensorHealthFixture implements MessageFixture
{
    private static final double UPTIME_S = 3600;

    private final MessageHeaderEncoder headerEncoder = new MessageHeaderEncoder();
    private final SensorHealthEncoder encoder = new SensorHealthEncoder();
    private final MessageHeaderDecoder headerDecoder = new MessageHeaderDecoder();
    private final SensorHealthDecoder decoder = new SensorHealthDecoder();

    private final long timeNs;
    private final int[] sensorId;
    private final SensorKind[] kind;
    private final HealthState[] state;
    private final long[] messages;
    private final long[] gaps;
    private final long[] lastCaptureTimeNs;

    SensorHealthFixture(final Rig rig, final long timeNs)
    {
        this.timeNs = timeNs;
        final int count = rig.sensorCount();
        sensorId = new int[count];
        kind = new SensorKind[count];
        state = new HealthState[count];
        messages = new long[count];
        gaps = new long[count];
        lastCaptureTimeNs = new long[count];

        boolean degradedCamera = false;
        boolean silentUltrasonic = false;
        for (int i = 0; i < count; i++)
        {
            final SensorConfig sensor = rig.sensor(i);
            sensorId[i] = sensor.id();
            kind[i] = sensor.kind();
            messages[i] = Math.round(sensor.messageRateHz() * UPTIME_S);
            gaps[i] = i % 5;
            lastCaptureTimeNs[i] = timeNs - sensor.periodNs() / 2;
            state[i] = HealthState.OK;
            if (!degradedCamera && SensorKind.CAMERA == sensor.kind() && i > 0)
            {
                degradedCamera = true;
                state[i] = HealthState.DEGRADED;
                gaps[i] = 412;
            }
            else if (!silentUltrasonic && SensorKind.ULTRASONIC == sensor.kind())
            {
                silentUltrasonic = true;
                state[i] = HealthState.SILENT;
                lastCaptureTimeNs[i] = timeNs - 2_500_000_000L;
            }
        }
    }

    public int encode(final MutableDirectBuffer buffer, final int offset)
    {
        encoder.wrapAndApplyHeader(buffer, offset, headerEncoder).timeNs(timeNs);

        final int count = sensorId.length;
        final SensorHealthEncoder.SensorsEncoder sensors = encoder.sensorsCount(count);
        for (int i = 0; i < count; i++)
        {
            sensors.next()
                .sensorId(sensorId[i])
                .kind(kind[i])
                .state(state[i])
                .messages(messages[i])
                .gaps(gaps[i])
                .lastCaptureTimeNs(lastCaptureTimeNs[i]);
        }

        return MessageHeaderEncoder.ENCODED_LENGTH + encoder.encodedLength();
    }

    public long decode(final DirectBuffer buffer, final int offset, final int length)
    {
        headerDecoder.wrap(buffer, offset);
        FragmentCheck.verifyHeader(headerDecoder, SensorHealthDecoder.TEMPLATE_ID, length);
        decoder.wrap(
            buffer, offset + MessageHeaderDecoder.ENCODED_LENGTH, headerDecoder.blockLength(), headerDecoder.version());

        long checksum = decoder.timeNs();
        final SensorHealthDecoder.SensorsDecoder sensors = decoder.sensors();
        FragmentCheck.verifyGroup(decoder.limit(), sensors.count(), sensors.actingBlockLength(), offset + length);
        for (final SensorHealthDecoder.SensorsDecoder sensor : sensors)
        {
            checksum += of(sensor.sensorId(), 0) ^ of(sensor.kind().value(), 16) ^ of(sensor.state().value(), 24) ^
                of(sensor.messages(), 7) ^ of(sensor.gaps(), 29) ^ of(sensor.lastCaptureTimeNs(), 43);
        }

        return checksum;
    }
}
