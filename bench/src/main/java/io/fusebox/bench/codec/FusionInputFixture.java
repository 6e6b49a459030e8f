package io.fusebox.bench.codec;

import io.fusebox.sensors.codec.FusionInputDecoder;
import io.fusebox.sensors.codec.FusionInputEncoder;
import io.fusebox.sensors.codec.MessageHeaderDecoder;
import io.fusebox.sensors.codec.MessageHeaderEncoder;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * A sensor message as the Sequencer forwards it: encoding copies the received message, header
 * included, into the fusion input; decoding is what fusion does in its fragment handler, the
 * sensor message decoded in place through a view, never copied out.
 */
final class FusionInputFixture implements MessageFixture
{
    private final MessageHeaderEncoder headerEncoder = new MessageHeaderEncoder();
    private final FusionInputEncoder encoder = new FusionInputEncoder();
    private final MessageHeaderDecoder headerDecoder = new MessageHeaderDecoder();
    private final FusionInputDecoder decoder = new FusionInputDecoder();
    private final UnsafeBuffer sensorMessageView = new UnsafeBuffer(0, 0);

    private final MessageFixture sensorFixture;
    private final DirectBuffer receivedBuffer;
    private final int receivedLength;
    private final int sourceStreamId;
    private final long receiveTimeNs;
    private long globalSequence;

    /**
     * @param sensorFixture  decodes the wrapped sensor message.
     * @param receivedBuffer holds the sensor message as received from its stream, at offset 0.
     */
    FusionInputFixture(
        final MessageFixture sensorFixture,
        final DirectBuffer receivedBuffer,
        final int receivedLength,
        final int sourceStreamId,
        final long receiveTimeNs)
    {
        this.sensorFixture = sensorFixture;
        this.receivedBuffer = receivedBuffer;
        this.receivedLength = receivedLength;
        this.sourceStreamId = sourceStreamId;
        this.receiveTimeNs = receiveTimeNs;
    }

    public int encode(final MutableDirectBuffer buffer, final int offset)
    {
        encoder.wrapAndApplyHeader(buffer, offset, headerEncoder)
            .globalSequence(globalSequence++)
            .receiveTimeNs(receiveTimeNs)
            .sourceStreamId(sourceStreamId)
            .putSensorMessage(receivedBuffer, 0, receivedLength);

        return MessageHeaderEncoder.ENCODED_LENGTH + encoder.encodedLength();
    }

    public long decode(final DirectBuffer buffer, final int offset, final int length)
    {
        headerDecoder.wrap(buffer, offset);
        FragmentCheck.verifyHeader(headerDecoder, FusionInputDecoder.TEMPLATE_ID, length);
        decoder.wrap(
            buffer, offset + MessageHeaderDecoder.ENCODED_LENGTH, headerDecoder.blockLength(), headerDecoder.version());

        final long checksum = decoder.globalSequence() + decoder.receiveTimeNs() + decoder.sourceStreamId();
        decoder.wrapSensorMessage(sensorMessageView);
        FragmentCheck.verifyEnd(decoder.limit(), offset + length);
        final int sensorMessageLength = sensorMessageView.capacity();

        return checksum + Checksum.of(sensorMessageLength, 48) +
            sensorFixture.decode(sensorMessageView, 0, sensorMessageLength);
    }
}
