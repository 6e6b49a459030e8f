package io.fusebox.bench.codec;

import io.fusebox.sensors.codec.BooleanType;
import io.fusebox.sensors.codec.MessageHeaderDecoder;
import io.fusebox.sensors.codec.MessageHeaderEncoder;
import io.fusebox.sensors.codec.UltrasonicEchoDecoder;
import io.fusebox.sensors.codec.UltrasonicEchoEncoder;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

import static io.fusebox.bench.codec.Checksum.of;

/**
 * One echo cycle: a kerb 1.2 m away, a clean return.
 */
final class UltrasonicEchoFixture implements MessageFixture
{
    private final MessageHeaderEncoder headerEncoder = new MessageHeaderEncoder();
    private final UltrasonicEchoEncoder encoder = new UltrasonicEchoEncoder();
    private final MessageHeaderDecoder headerDecoder = new MessageHeaderDecoder();
    private final UltrasonicEchoDecoder decoder = new UltrasonicEchoDecoder();

    private final int sensorId;
    private final long captureTimeNs;
    private final float distanceM;
    private final short quality;
    private long sequence;

    UltrasonicEchoFixture(final int sensorId, final long captureTimeNs)
    {
        this.sensorId = sensorId;
        this.captureTimeNs = captureTimeNs;
        this.distanceM = 1.23f;
        this.quality = 212;
    }

    public int encode(final MutableDirectBuffer buffer, final int offset)
    {
        encoder.wrapAndApplyHeader(buffer, offset, headerEncoder);
        encoder.stamp().captureTimeNs(captureTimeNs).sequence(sequence++).sensorId(sensorId);
        encoder.hasEcho(BooleanType.TRUE).distanceM(distanceM).quality(quality);

        return MessageHeaderEncoder.ENCODED_LENGTH + encoder.encodedLength();
    }

    public long decode(final DirectBuffer buffer, final int offset, final int length)
    {
        headerDecoder.wrap(buffer, offset);
        FragmentCheck.verifyHeader(headerDecoder, UltrasonicEchoDecoder.TEMPLATE_ID, length);
        decoder.wrap(
            buffer, offset + MessageHeaderDecoder.ENCODED_LENGTH, headerDecoder.blockLength(), headerDecoder.version());

        final BooleanType hasEcho = decoder.hasEcho();
        long checksum = decoder.stamp().captureTimeNs() + decoder.stamp().sequence() + decoder.stamp().sensorId();
        checksum += of(hasEcho.value(), 48);
        // Distance and quality mean nothing without an echo, so a consumer does not read them.
        if (BooleanType.TRUE == hasEcho)
        {
            checksum += of(decoder.distanceM(), 0) ^ of(decoder.quality(), 32);
        }

        return checksum;
    }
}
