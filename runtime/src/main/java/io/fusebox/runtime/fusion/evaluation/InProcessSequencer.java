package io.fusebox.runtime.fusion.evaluation;

import io.fusebox.runtime.bus.BusContext;
import io.fusebox.sensors.codec.FusionInputEncoder;
import io.fusebox.sensors.codec.MessageHeaderEncoder;
import io.fusebox.sensors.message.SensorMessageSource;
import io.fusebox.sensors.rig.Rig;
import org.agrona.MutableDirectBuffer;

import java.nio.ByteOrder;

/**
 * Does in process what the Sequencer does on the bus, for tools, tests and benchmarks that drive
 * fusion without Aeron: takes a source's messages in its (capture-time) order and wraps each in a
 * {@code FusionInput} with a contiguous global sequence from 0, receive time equal to capture time,
 * and its sensor's stream id. The sensor message is encoded straight into place; nothing is copied
 * or allocated.
 */
public final class InProcessSequencer
{
    private static final int LENGTH_OFFSET =
        MessageHeaderEncoder.ENCODED_LENGTH + FusionInputEncoder.BLOCK_LENGTH;

    private final Rig rig;
    private final SensorMessageSource source;
    private final MessageHeaderEncoder headerEncoder = new MessageHeaderEncoder();
    private final FusionInputEncoder encoder = new FusionInputEncoder();
    private long nextGlobalSequence;

    public InProcessSequencer(final Rig rig, final SensorMessageSource source)
    {
        this.rig = rig;
        this.source = source;
    }

    /**
     * @return capture time of the next message, or {@link Long#MAX_VALUE} when the source is exhausted.
     */
    public long nextCaptureTimeNs()
    {
        return source.nextCaptureTimeNs();
    }

    /**
     * Encodes the next source message wrapped in a fusion input.
     *
     * @param buffer at least {@code RigLoader.MAX_SENSOR_MESSAGE_BYTES + BusContext.FUSION_INPUT_ENVELOPE_LENGTH}
     *               from offset.
     * @return length of the fusion input.
     */
    public int encodeNext(final MutableDirectBuffer buffer, final int offset)
    {
        final long captureTimeNs = source.nextCaptureTimeNs();
        final int sensorIndex = source.nextSensorIndex();
        final int length = source.encodeNext(buffer, offset + BusContext.FUSION_INPUT_ENVELOPE_LENGTH);
        encoder.wrapAndApplyHeader(buffer, offset, headerEncoder)
            .globalSequence(nextGlobalSequence++)
            .receiveTimeNs(captureTimeNs)
            .sourceStreamId(rig.sensor(sensorIndex).streamId());
        buffer.putInt(offset + LENGTH_OFFSET, length, ByteOrder.LITTLE_ENDIAN);
        return BusContext.FUSION_INPUT_ENVELOPE_LENGTH + length;
    }

    /**
     * @return global sequence the next message gets: how many have been encoded.
     */
    public long nextGlobalSequence()
    {
        return nextGlobalSequence;
    }
}
