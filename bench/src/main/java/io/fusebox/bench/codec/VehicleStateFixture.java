package io.fusebox.bench.codec;

import io.fusebox.sensors.codec.MessageHeaderDecoder;
import io.fusebox.sensors.codec.MessageHeaderEncoder;
import io.fusebox.sensors.codec.VehicleStateDecoder;
import io.fusebox.sensors.codec.VehicleStateEncoder;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

import static io.fusebox.bench.codec.Checksum.of;

/**
 * Ego state from CAN: 50 km/h in a gentle left curve, easing off.
 */
final class VehicleStateFixture implements MessageFixture
{
    private final MessageHeaderEncoder headerEncoder = new MessageHeaderEncoder();
    private final VehicleStateEncoder encoder = new VehicleStateEncoder();
    private final MessageHeaderDecoder headerDecoder = new MessageHeaderDecoder();
    private final VehicleStateDecoder decoder = new VehicleStateDecoder();

    private final int sensorId;
    private final long captureTimeNs;
    private long sequence;

    VehicleStateFixture(final int sensorId, final long captureTimeNs)
    {
        this.sensorId = sensorId;
        this.captureTimeNs = captureTimeNs;
    }

    public int encode(final MutableDirectBuffer buffer, final int offset)
    {
        encoder.wrapAndApplyHeader(buffer, offset, headerEncoder);
        encoder.stamp().captureTimeNs(captureTimeNs).sequence(sequence++).sensorId(sensorId);
        encoder.speedMps(13.89f).yawRateRps(0.046f).accelerationMps2(-0.35f).steeringAngleRad(0.0105f);

        return MessageHeaderEncoder.ENCODED_LENGTH + encoder.encodedLength();
    }

    public long decode(final DirectBuffer buffer, final int offset, final int length)
    {
        headerDecoder.wrap(buffer, offset);
        FragmentCheck.verifyHeader(headerDecoder, VehicleStateDecoder.TEMPLATE_ID, length);
        decoder.wrap(
            buffer, offset + MessageHeaderDecoder.ENCODED_LENGTH, headerDecoder.blockLength(), headerDecoder.version());

        final long checksum = decoder.stamp().captureTimeNs() + decoder.stamp().sequence() + decoder.stamp().sensorId();
        return checksum + (of(decoder.speedMps(), 0) ^ of(decoder.yawRateRps(), 16) ^
            of(decoder.accelerationMps2(), 32) ^ of(decoder.steeringAngleRad(), 48));
    }
}
