package io.fusebox.runtime.sequencer;

import io.aeron.Aeron;
import io.aeron.ControlledFragmentAssembler;
import io.aeron.Counter;
import io.aeron.ExclusivePublication;
import io.aeron.Publication;
import io.aeron.Subscription;
import io.aeron.logbuffer.BufferClaim;
import io.aeron.logbuffer.ControlledFragmentHandler;
import io.aeron.logbuffer.FrameDescriptor;
import io.aeron.logbuffer.Header;
import io.fusebox.runtime.bus.Bus;
import io.fusebox.runtime.bus.BusContext;
import io.fusebox.runtime.bus.BusCounters;
import io.fusebox.sensors.codec.FusionInputEncoder;
import io.fusebox.sensors.codec.MessageHeaderDecoder;
import io.fusebox.sensors.codec.MessageHeaderEncoder;
import io.fusebox.sensors.codec.SensorKind;
import io.fusebox.sensors.codec.SensorStampDecoder;
import io.fusebox.sensors.message.MalformedReason;
import io.fusebox.sensors.message.MessageGuard;
import io.fusebox.sensors.rig.Rig;
import io.fusebox.sensors.rig.RigLoader;
import io.fusebox.sensors.rig.SensorConfig;
import org.agrona.CloseHelper;
import org.agrona.DirectBuffer;
import org.agrona.ErrorHandler;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.Agent;
import org.agrona.concurrent.EpochNanoClock;
import org.agrona.concurrent.UnsafeBuffer;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;

/**
 * Turns the sensor streams into the one ordered fusion input, the determinism boundary: polls every
 * sensor stream round-robin with a bounded fragment limit, forwarding in a duty cycle only what was captured
 * within {@link #CATCH_UP_WINDOW_NS} of the oldest message waiting on any stream (so a backlog after a stall
 * reaches fusion close to capture order), checks each message with
 * {@link MessageGuard} and that its stamp names the stream's sensor, tracks each sensor's sequence,
 * and wraps each accepted message into a {@code FusionInput} with a contiguous global sequence and the
 * receive time.
 *
 * <p>Per sensor: a forward jump counts the skipped numbers as gaps; a repeat of a number already
 * forwarded is dropped as a duplicate; a number below the highest seen that was never forwarded is
 * late, forwarded and counted out of order (so gaps less out-of-order is what was finally lost). The
 * last {@value #SEQUENCE_WINDOW} numbers are remembered; anything older counts as late. The first
 * message seen from a sensor sets its baseline. Malformed messages (the guard also refuses a negative
 * sequence) are counted by sensor and by reason, and dropped.
 *
 * <p>When the fusion input cannot take a message the fragment is aborted, so the stream redelivers it
 * next cycle: nothing is lost, and the sensor streams back up to their publishers instead. State
 * changes only once a message is published, so a redelivered one is not mistaken for a duplicate.
 */
public final class Sequencer implements Agent
{
    /** Fragments taken from one sensor stream per turn: one busy LiDAR cannot starve the cameras. */
    public static final int FRAGMENT_LIMIT_PER_STREAM = 8;
    /**
     * How far past the oldest message waiting on any stream a duty cycle forwards: a quarter of fusion's default
     * reorder window (20 ms). After a stall the streams hold a backlog each; taken stream by stream, a camera frame
     * captured now could reach fusion before the LiDAR sectors of the last 20 ms, which fusion would then drop as late.
     */
    public static final long CATCH_UP_WINDOW_NS = TimeUnit.MILLISECONDS.toNanos(5);

    /** Sequence numbers remembered per sensor to tell a duplicate from a late message. */
    public static final int SEQUENCE_WINDOW = 1024;

    private static final ByteOrder ORDER = MessageHeaderDecoder.BYTE_ORDER;
    private static final int STAMP_OFFSET = MessageHeaderDecoder.ENCODED_LENGTH;
    private static final int CAPTURE_TIME_OFFSET = STAMP_OFFSET + SensorStampDecoder.captureTimeNsEncodingOffset();
    private static final int SEQUENCE_OFFSET = STAMP_OFFSET + SensorStampDecoder.sequenceEncodingOffset();
    private static final int WINDOW_WORDS = SEQUENCE_WINDOW / Long.SIZE;
    private static final int WINDOW_MASK = SEQUENCE_WINDOW - 1;

    private static final int NEXT = 0;
    private static final int GAP = 1;
    private static final int LATE = 2;
    private static final int DUPLICATE = 3;

    private final Rig rig;
    private final EpochNanoClock clock;
    private final CaptureLatency latency;
    private final ErrorHandler errorHandler;
    private final int sensorCount;
    private final int[] sensorIds;
    private final int[] streamIds;
    private final SensorKind[] kinds;
    private final Subscription[] subscriptions;
    private final ControlledFragmentAssembler[] assemblers;
    private final ExclusivePublication fusionInput;

    private final long[] highestSequence;
    private final long[] seenWindow;
    private long nextGlobalSequence;
    private int startIndex;
    private boolean isStalled;
    private final ControlledFragmentHandler headPeek = this::onHeadPeek;
    private long oldestHeadNs;
    private long captureCeilingNs = Long.MAX_VALUE;
    private int heldSensorIndex = -1;
    private long heldPosition = -1;
    private boolean isClosedReported;

    private final BufferClaim bufferClaim = new BufferClaim();
    private final MessageHeaderEncoder headerEncoder = new MessageHeaderEncoder();
    private final FusionInputEncoder envelopeEncoder = new FusionInputEncoder();
    private final UnsafeBuffer offerBuffer = new UnsafeBuffer(
        ByteBuffer.allocateDirect(RigLoader.MAX_SENSOR_MESSAGE_BYTES + BusContext.FUSION_INPUT_ENVELOPE_LENGTH));

    private final Counter[] messages;
    private final Counter[] bytes;
    private final Counter[] gaps;
    private final Counter[] duplicates;
    private final Counter[] outOfOrder;
    private final Counter[] malformed;
    private final Counter[] malformedByReason;
    private Counter fusionInputMessages;
    private Counter fusionInputBytes;
    private Counter fusionInputBackPressure;
    private Counter fusionInputNotConnected;

    /**
     * Subscribes to every sensor stream of the bus's rig and adds its counters to the bus's driver.
     *
     * @param bus     to read sensors from and publish the fusion input on.
     * @param clock   stamps receive time; the same clock the sensors' capture times are on.
     * @param latency where capture-to-receive latency is recorded.
     */
    public Sequencer(final Bus bus, final EpochNanoClock clock, final CaptureLatency latency)
    {
        this.rig = bus.rig();
        this.clock = clock;
        this.latency = latency;
        this.errorHandler = bus.errorHandler();
        this.fusionInput = bus.fusionInputPublication();
        sensorCount = rig.sensorCount();
        sensorIds = new int[sensorCount];
        streamIds = new int[sensorCount];
        kinds = new SensorKind[sensorCount];
        subscriptions = new Subscription[sensorCount];
        assemblers = new ControlledFragmentAssembler[sensorCount];
        highestSequence = new long[sensorCount];
        seenWindow = new long[sensorCount * WINDOW_WORDS];
        messages = new Counter[sensorCount];
        bytes = new Counter[sensorCount];
        gaps = new Counter[sensorCount];
        duplicates = new Counter[sensorCount];
        outOfOrder = new Counter[sensorCount];
        malformed = new Counter[sensorCount];
        malformedByReason = new Counter[MalformedReason.count()];
        Arrays.fill(highestSequence, -1);

        final Aeron aeron = bus.aeron();
        try
        {
            for (int i = 0; i < sensorCount; i++)
            {
                final SensorConfig sensor = rig.sensor(i);
                sensorIds[i] = sensor.id();
                streamIds[i] = sensor.streamId();
                kinds[i] = sensor.kind();
                subscriptions[i] = bus.addSensorSubscription(i);
                assemblers[i] = new ControlledFragmentAssembler(new SensorStream(i));
                messages[i] = BusCounters.addSensorCounter(aeron, BusCounters.SEQUENCER_MESSAGES_TYPE_ID, sensor, "messages");
                bytes[i] = BusCounters.addSensorCounter(aeron, BusCounters.SEQUENCER_BYTES_TYPE_ID, sensor, "bytes");
                gaps[i] = BusCounters.addSensorCounter(aeron, BusCounters.SEQUENCER_GAPS_TYPE_ID, sensor, "gaps");
                duplicates[i] = BusCounters.addSensorCounter(
                    aeron, BusCounters.SEQUENCER_DUPLICATES_TYPE_ID, sensor, "duplicates");
                outOfOrder[i] = BusCounters.addSensorCounter(
                    aeron, BusCounters.SEQUENCER_OUT_OF_ORDER_TYPE_ID, sensor, "out of order");
                malformed[i] = BusCounters.addSensorCounter(
                    aeron, BusCounters.SEQUENCER_MALFORMED_TYPE_ID, sensor, "malformed");
            }
            for (int r = 1; r < malformedByReason.length; r++)
            {
                malformedByReason[r] = BusCounters.addMalformedReasonCounter(aeron, MalformedReason.get(r));
            }
            final int fusionInputStreamId = rig.bus().fusionInputStreamId();
            fusionInputMessages = BusCounters.addStreamCounter(
                aeron, BusCounters.FUSION_INPUT_MESSAGES_TYPE_ID, "fusion-input", fusionInputStreamId, "messages");
            fusionInputBytes = BusCounters.addStreamCounter(
                aeron, BusCounters.FUSION_INPUT_BYTES_TYPE_ID, "fusion-input", fusionInputStreamId, "bytes");
            fusionInputBackPressure = BusCounters.addStreamCounter(
                aeron, BusCounters.FUSION_INPUT_BACK_PRESSURE_TYPE_ID, "fusion-input", fusionInputStreamId, "back pressure");
            fusionInputNotConnected = BusCounters.addStreamCounter(
                aeron, BusCounters.FUSION_INPUT_NOT_CONNECTED_TYPE_ID, "fusion-input", fusionInputStreamId, "not connected");
        }
        catch (final RuntimeException ex)
        {
            closeResources();
            throw ex;
        }
    }

    public String roleName()
    {
        return "sequencer";
    }

    public int doWork()
    {
        int workCount = 0;
        isStalled = false;
        // The oldest message waiting on any stream sets how far this duty cycle forwards (CATCH_UP_WINDOW_NS): a peek
        // at each stream's first fragment, consuming nothing.
        oldestHeadNs = Long.MAX_VALUE;
        for (int i = 0; i < sensorCount; i++)
        {
            subscriptions[i].controlledPoll(headPeek, 1);
        }
        captureCeilingNs = Long.MAX_VALUE - CATCH_UP_WINDOW_NS < oldestHeadNs ?
            Long.MAX_VALUE : oldestHeadNs + CATCH_UP_WINDOW_NS;
        int index = startIndex;
        for (int n = 0; n < sensorCount && !isStalled; n++)
        {
            workCount += subscriptions[index].controlledPoll(assemblers[index], FRAGMENT_LIMIT_PER_STREAM);
            if (++index == sensorCount)
            {
                index = 0;
            }
        }
        if (++startIndex == sensorCount)
        {
            startIndex = 0;
        }
        return workCount;
    }

    public void onClose()
    {
        closeResources();
    }

    /**
     * @return the global sequence the next accepted message gets, i.e. how many have been published.
     */
    public long nextGlobalSequence()
    {
        return nextGlobalSequence;
    }

    private ControlledFragmentHandler.Action onHeadPeek(
        final DirectBuffer buffer, final int offset, final int length, final Header header)
    {
        // Only a message's first fragment carries its stamp: a stream in the middle of a fragmented message (a
        // LiDAR sector over UDP) says nothing here. A fragment too short to carry a stamp is malformed and may go at
        // once; it is dropped when polled.
        if (0 != (header.flags() & FrameDescriptor.BEGIN_FRAG_FLAG))
        {
            final long captureTimeNs = length >= CAPTURE_TIME_OFFSET + Long.BYTES ?
                buffer.getLong(offset + CAPTURE_TIME_OFFSET, ORDER) : Long.MIN_VALUE;
            oldestHeadNs = Math.min(oldestHeadNs, captureTimeNs);
        }
        return ControlledFragmentHandler.Action.ABORT;
    }

    private ControlledFragmentHandler.Action onSensorMessage(
        final int sensorIndex, final DirectBuffer buffer, final int offset, final int length, final Header header)
    {
        if (FrameDescriptor.UNFRAGMENTED == (header.flags() & FrameDescriptor.UNFRAGMENTED) &&
            length >= CAPTURE_TIME_OFFSET + Long.BYTES &&
            buffer.getLong(offset + CAPTURE_TIME_OFFSET, ORDER) > captureCeilingNs)
        {
            // Older messages wait on other streams: this one goes in a later duty cycle, after them. A reassembled
            // message is never held back, so a stream part-way through one cannot stall the others for good.
            return ControlledFragmentHandler.Action.ABORT;
        }
        final MalformedReason reason = MessageGuard.validateSensorMessage(buffer, offset, length, sensorIds[sensorIndex]);
        if (MalformedReason.OK != reason)
        {
            malformed[sensorIndex].incrementRelease();
            malformedByReason[reason.ordinal()].incrementRelease();
            return ControlledFragmentHandler.Action.CONTINUE;
        }

        final long sequence = buffer.getLong(offset + SEQUENCE_OFFSET, ORDER);
        final int order = classify(sensorIndex, sequence);
        if (DUPLICATE == order)
        {
            duplicates[sensorIndex].incrementRelease();
            return ControlledFragmentHandler.Action.CONTINUE;
        }

        final long receiveTimeNs = clock.nanoTime();
        if (!publish(sensorIndex, buffer, offset, length, receiveTimeNs, header.position()))
        {
            isStalled = true;
            return ControlledFragmentHandler.Action.ABORT;
        }

        if (GAP == order)
        {
            gaps[sensorIndex].getAndAddRelease(sequence - highestSequence[sensorIndex] - 1);
        }
        else if (LATE == order)
        {
            outOfOrder[sensorIndex].incrementRelease();
        }
        remember(sensorIndex, sequence);
        messages[sensorIndex].incrementRelease();
        bytes[sensorIndex].getAndAddRelease(length);
        latency.record(kinds[sensorIndex], receiveTimeNs - buffer.getLong(offset + CAPTURE_TIME_OFFSET, ORDER));
        return ControlledFragmentHandler.Action.CONTINUE;
    }

    private int classify(final int sensorIndex, final long sequence)
    {
        final long highest = highestSequence[sensorIndex];
        if (highest < 0 || sequence == highest + 1)
        {
            return NEXT;
        }
        if (sequence > highest)
        {
            return GAP;
        }
        if (highest - sequence >= SEQUENCE_WINDOW)
        {
            return LATE;
        }
        return isSeen(sensorIndex, sequence) ? DUPLICATE : LATE;
    }

    private boolean isSeen(final int sensorIndex, final long sequence)
    {
        final int bit = (int)(sequence & WINDOW_MASK);
        return 0 != (seenWindow[sensorIndex * WINDOW_WORDS + (bit >>> 6)] & (1L << bit));
    }

    private void remember(final int sensorIndex, final long sequence)
    {
        final long highest = highestSequence[sensorIndex];
        final int base = sensorIndex * WINDOW_WORDS;
        if (sequence > highest)
        {
            // Numbers between the old highest and this one have not been seen: clear their bits as the window slides.
            if (highest < 0 || sequence - highest >= SEQUENCE_WINDOW)
            {
                Arrays.fill(seenWindow, base, base + WINDOW_WORDS, 0L);
            }
            else
            {
                for (long s = highest + 1; s < sequence; s++)
                {
                    final int bit = (int)(s & WINDOW_MASK);
                    seenWindow[base + (bit >>> 6)] &= ~(1L << bit);
                }
            }
            highestSequence[sensorIndex] = sequence;
        }
        if (highestSequence[sensorIndex] - sequence < SEQUENCE_WINDOW)
        {
            final int bit = (int)(sequence & WINDOW_MASK);
            seenWindow[base + (bit >>> 6)] |= 1L << bit;
        }
    }

    private boolean publish(
        final int sensorIndex,
        final DirectBuffer buffer,
        final int offset,
        final int length,
        final long receiveTimeNs,
        final long position)
    {
        final int envelopeLength = BusContext.FUSION_INPUT_ENVELOPE_LENGTH + length;
        final long result;
        if (envelopeLength <= fusionInput.maxPayloadLength())
        {
            result = fusionInput.tryClaim(envelopeLength, bufferClaim);
            if (result > 0)
            {
                encode(bufferClaim.buffer(), bufferClaim.offset(), sensorIndex, buffer, offset, length, receiveTimeNs);
                bufferClaim.commit();
            }
        }
        else
        {
            // Larger than one frame: Aeron fragments it and the consumer's assembler rejoins it.
            encode(offerBuffer, 0, sensorIndex, buffer, offset, length, receiveTimeNs);
            result = fusionInput.offer(offerBuffer, 0, envelopeLength);
        }

        if (result > 0)
        {
            nextGlobalSequence++;
            heldSensorIndex = -1;
            fusionInputMessages.incrementRelease();
            fusionInputBytes.getAndAddRelease(envelopeLength);
            return true;
        }

        final boolean isNewlyHeld = heldSensorIndex != sensorIndex || heldPosition != position;
        heldSensorIndex = sensorIndex;
        heldPosition = position;
        if (Publication.BACK_PRESSURED == result || Publication.ADMIN_ACTION == result)
        {
            if (isNewlyHeld)
            {
                fusionInputBackPressure.incrementRelease();
            }
        }
        else if (Publication.NOT_CONNECTED == result)
        {
            if (isNewlyHeld)
            {
                fusionInputNotConnected.incrementRelease();
            }
        }
        else if (!isClosedReported)
        {
            isClosedReported = true;
            errorHandler.onError(new IllegalStateException("fusion-input publication " +
                (Publication.CLOSED == result ? "closed" : "at its maximum position") + "; holding sensor messages"));
        }
        return false;
    }

    private void encode(
        final MutableDirectBuffer target,
        final int targetOffset,
        final int sensorIndex,
        final DirectBuffer buffer,
        final int offset,
        final int length,
        final long receiveTimeNs)
    {
        envelopeEncoder.wrapAndApplyHeader(target, targetOffset, headerEncoder)
            .globalSequence(nextGlobalSequence)
            .receiveTimeNs(receiveTimeNs)
            .sourceStreamId(streamIds[sensorIndex])
            .putSensorMessage(buffer, offset, length);
    }

    private void closeResources()
    {
        CloseHelper.quietCloseAll(
            fusionInputNotConnected, fusionInputBackPressure, fusionInputBytes, fusionInputMessages);
        CloseHelper.quietCloseAll(malformedByReason);
        CloseHelper.quietCloseAll(malformed);
        CloseHelper.quietCloseAll(outOfOrder);
        CloseHelper.quietCloseAll(duplicates);
        CloseHelper.quietCloseAll(gaps);
        CloseHelper.quietCloseAll(bytes);
        CloseHelper.quietCloseAll(messages);
        CloseHelper.quietCloseAll(subscriptions);
    }

    private final class SensorStream implements ControlledFragmentHandler
    {
        private final int sensorIndex;

        SensorStream(final int sensorIndex)
        {
            this.sensorIndex = sensorIndex;
        }

        public Action onFragment(final DirectBuffer buffer, final int offset, final int length, final Header header)
        {
            return onSensorMessage(sensorIndex, buffer, offset, length, header);
        }
    }
}
