package io.fusebox.sensors.message;

import io.fusebox.sensors.codec.FusionInputDecoder;
import io.fusebox.sensors.codec.MessageHeaderDecoder;
import io.fusebox.sensors.codec.SensorStampDecoder;
import org.agrona.DirectBuffer;
import org.agrona.sbe.MessageDecoderFlyweight;

/**
 * Flyweight over one fusion-input message: the sequencer's envelope (global sequence, receive time,
 * source stream) and the sensor message inside it, header included. Wrap a fragment, read, move on;
 * nothing is copied. For consumers of the fusion-input stream: fusion, the recorder, replay, tests.
 *
 * <p>It trusts what it wraps beyond the header check in {@link #wrap}; input from outside the
 * running system (a drive log on disk) goes through {@link MessageGuard#validate} first.
 */
public final class FusionInputReader
{
    private static final int STAMP_OFFSET = MessageHeaderDecoder.ENCODED_LENGTH;

    private final MessageHeaderDecoder headerDecoder = new MessageHeaderDecoder();
    private final MessageHeaderDecoder sensorHeaderDecoder = new MessageHeaderDecoder();
    private final FusionInputDecoder envelopeDecoder = new FusionInputDecoder();
    private final SensorStampDecoder stampDecoder = new SensorStampDecoder();
    private DirectBuffer buffer;
    private int sensorMessageOffset;
    private int sensorMessageLength;

    /**
     * Wraps a fusion-input message.
     *
     * @return false, leaving the reader unusable, when the header is not a fusion input of this schema.
     */
    public boolean wrap(final DirectBuffer buffer, final int offset, final int length)
    {
        this.buffer = null;
        if (length < MessageHeaderDecoder.ENCODED_LENGTH)
        {
            return false;
        }
        headerDecoder.wrap(buffer, offset);
        if (headerDecoder.schemaId() != FusionInputDecoder.SCHEMA_ID ||
            headerDecoder.templateId() != FusionInputDecoder.TEMPLATE_ID)
        {
            return false;
        }
        envelopeDecoder.wrap(
            buffer, offset + MessageHeaderDecoder.ENCODED_LENGTH, headerDecoder.blockLength(), headerDecoder.version());
        sensorMessageLength = envelopeDecoder.sensorMessageLength();
        sensorMessageOffset = envelopeDecoder.limit() + FusionInputDecoder.sensorMessageHeaderLength();
        sensorHeaderDecoder.wrap(buffer, sensorMessageOffset);
        stampDecoder.wrap(buffer, sensorMessageOffset + STAMP_OFFSET);
        this.buffer = buffer;
        return true;
    }

    public long globalSequence()
    {
        return envelopeDecoder.globalSequence();
    }

    public long receiveTimeNs()
    {
        return envelopeDecoder.receiveTimeNs();
    }

    public int sourceStreamId()
    {
        return envelopeDecoder.sourceStreamId();
    }

    /**
     * @return the buffer holding the sensor message, as wrapped.
     */
    public DirectBuffer buffer()
    {
        return buffer;
    }

    /**
     * @return offset of the sensor message's SBE header in {@link #buffer()}.
     */
    public int sensorMessageOffset()
    {
        return sensorMessageOffset;
    }

    /**
     * @return length of the sensor message, header included.
     */
    public int sensorMessageLength()
    {
        return sensorMessageLength;
    }

    public int sensorTemplateId()
    {
        return sensorHeaderDecoder.templateId();
    }

    public int sensorId()
    {
        return stampDecoder.sensorId();
    }

    public long captureTimeNs()
    {
        return stampDecoder.captureTimeNs();
    }

    /**
     * @return the sensor's own sequence number.
     */
    public long sensorSequence()
    {
        return stampDecoder.sequence();
    }

    /**
     * Wraps a decoder over the sensor message with the acting block length and version from its header,
     * as the evolution rules require. The caller picks the decoder by {@link #sensorTemplateId()}.
     *
     * @return the decoder, wrapped.
     */
    public <T extends MessageDecoderFlyweight> T wrapSensorMessage(final T decoder)
    {
        decoder.wrap(
            buffer,
            sensorMessageOffset + MessageHeaderDecoder.ENCODED_LENGTH,
            sensorHeaderDecoder.blockLength(),
            sensorHeaderDecoder.version());
        return decoder;
    }
}
