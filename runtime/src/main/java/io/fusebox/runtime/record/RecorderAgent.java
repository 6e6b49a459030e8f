package io.fusebox.runtime.record;

import io.aeron.Aeron;
import io.aeron.ControlledFragmentAssembler;
import io.aeron.Counter;
import io.aeron.Subscription;
import io.aeron.logbuffer.ControlledFragmentHandler;
import io.aeron.logbuffer.Header;
import io.fusebox.replay.log.DriveLogContext;
import io.fusebox.replay.log.DriveLogWriter;
import io.fusebox.replay.log.RecordedStream;
import io.fusebox.runtime.bus.Bus;
import io.fusebox.runtime.bus.BusCounters;
import io.fusebox.sensors.rig.BusLayout;
import org.agrona.CloseHelper;
import org.agrona.DirectBuffer;
import org.agrona.ErrorHandler;
import org.agrona.concurrent.Agent;
import org.agrona.concurrent.MessageHandler;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.ringbuffer.OneToOneRingBuffer;
import org.agrona.concurrent.ringbuffer.RingBuffer;

import java.nio.ByteBuffer;

/**
 * The recorder: a subscriber to the fusion input, world models, trajectories and health reports like
 * any other, so the disk is never in the latency path. It copies each message into an in-memory ring;
 * its {@link #diskAgent()} drains the ring into the {@link DriveLogWriter} on a thread of its own (or
 * the same one, on a laptop). When the ring is full the {@link RecordingPolicy} applies: hold the
 * streams back ({@code BLOCK}) or drop and count ({@code DROP_AND_COUNT}, with a gap entry in the log
 * where the drops were). Nothing per message is allocated.
 *
 * <p>Counters, per recorded stream (key: the bus stream id), readable from outside like every fusebox
 * counter: messages and bytes written to the log, messages dropped by policy, messages refused because
 * the log reached its size cap, and times the recorder held a stream back.
 *
 * <p>Lifecycle: start both agents; closing the disk agent drains what the ring holds and closes the
 * writer, which writes the end marker. Once the disk agent starts closing, this agent takes no more
 * messages (they stay on the bus, unreceived), so nothing it took is lost at shutdown.
 */
public final class RecorderAgent implements Agent
{
    /** Per recorded stream: messages written to the drive log. */
    public static final int RECORDED_MESSAGES_TYPE_ID = 7741;
    /** Per recorded stream: bytes of messages written to the drive log. */
    public static final int RECORDED_BYTES_TYPE_ID = 7742;
    /** Per recorded stream: messages dropped by {@link RecordingPolicy#DROP_AND_COUNT} (buffer full). */
    public static final int DROPPED_TYPE_ID = 7743;
    /** Per recorded stream: messages refused because the drive log reached its size cap. */
    public static final int REFUSED_TYPE_ID = 7744;
    /** Per recorded stream: times {@link RecordingPolicy#BLOCK} held the stream back (buffer full). */
    public static final int HELD_BACK_TYPE_ID = 7745;

    /** Fragments taken from one stream per duty cycle. */
    public static final int FRAGMENT_LIMIT = 64;

    /** Ring record type of a gap: int stream code, long dropped count. Streams use their codes (1..4). */
    static final int GAP_RECORD_TYPE_ID = 100;
    static final int GAP_RECORD_LENGTH = Integer.BYTES + Long.BYTES;

    private static final int STREAM_COUNT = RecordedStream.count();

    private final RecordingPolicy policy;
    private final ErrorHandler errorHandler;
    private final OneToOneRingBuffer ring;
    private final Subscription[] subscriptions = new Subscription[STREAM_COUNT];
    private final ControlledFragmentAssembler[] assemblers = new ControlledFragmentAssembler[STREAM_COUNT];
    private final int[] streamIds = new int[STREAM_COUNT];
    private final Counter[] recorded = new Counter[STREAM_COUNT];
    private final Counter[] recordedBytes = new Counter[STREAM_COUNT];
    private final Counter[] dropped = new Counter[STREAM_COUNT];
    private final Counter[] refused = new Counter[STREAM_COUNT];
    private final Counter[] heldBack = new Counter[STREAM_COUNT];
    private final boolean[] isHeldCounted = new boolean[STREAM_COUNT];
    private final long[] pendingDropped = new long[STREAM_COUNT];
    private final RecorderDrain diskAgent;
    private long pendingDroppedTotal;
    private boolean isHeld;
    private boolean isOversizeReported;
    private volatile boolean isClaiming;

    /**
     * Subscribes to the bus's fusion-input, world-model, trajectory and health streams and adds the
     * recorder's counters to its driver.
     *
     * @param bus     to record from.
     * @param writer  the drive log; the disk agent appends to it and closes it.
     * @param context policy and buffer size; concluded here if it is not already.
     */
    public RecorderAgent(final Bus bus, final DriveLogWriter writer, final RecorderContext context)
    {
        this(bus, context, (recorder, ring, recorded, recordedBytes, refused) ->
            new RecorderDiskAgent(recorder, ring, writer, bus.errorHandler(), recorded, recordedBytes, refused));
    }

    /**
     * Snapshot mode: the same subscriptions and buffer, drained into a ring that keeps only the last window of
     * the drive in memory; a snapshot (an ordinary drive log) is written when the context's trigger is pulled.
     *
     * @param bus         to record from.
     * @param snapshot    the window, the ring's size, and the trigger; concluded here if it is not already.
     * @param logTemplate header of the snapshots (scenario, seed, rig) and the drives folder; not concluded.
     * @param context     policy and buffer size; concluded here if it is not already.
     */
    public RecorderAgent(
        final Bus bus, final SnapshotContext snapshot, final DriveLogContext logTemplate, final RecorderContext context)
    {
        this(bus, context, (recorder, ring, recorded, recordedBytes, refused) -> new SnapshotDiskAgent(recorder, ring,
            snapshot.isConcluded() ? snapshot : snapshot.conclude(), logTemplate, bus.aeron(),
            bus.rig().bus().fusionInputStreamId(), bus.errorHandler(), recorded, recordedBytes, refused));
    }

    private RecorderAgent(final Bus bus, final RecorderContext context, final DrainFactory drainFactory)
    {
        if (!context.isConcluded())
        {
            context.conclude();
        }
        this.policy = context.policy();
        this.errorHandler = bus.errorHandler();
        ring = new OneToOneRingBuffer(new UnsafeBuffer(ByteBuffer.allocateDirect(context.ringBufferAllocation())));

        final BusLayout layout = bus.rig().bus();
        streamIds[RecordedStream.FUSION_INPUT.ordinal()] = layout.fusionInputStreamId();
        streamIds[RecordedStream.WORLD_MODEL.ordinal()] = layout.worldModelStreamId();
        streamIds[RecordedStream.TRAJECTORY.ordinal()] = layout.trajectoryStreamId();
        streamIds[RecordedStream.HEALTH.ordinal()] = layout.healthStreamId();

        final Aeron aeron = bus.aeron();
        try
        {
            subscriptions[RecordedStream.FUSION_INPUT.ordinal()] = bus.addFusionInputSubscription();
            subscriptions[RecordedStream.WORLD_MODEL.ordinal()] = bus.addWorldModelSubscription();
            subscriptions[RecordedStream.TRAJECTORY.ordinal()] = bus.addTrajectorySubscription();
            subscriptions[RecordedStream.HEALTH.ordinal()] = bus.addHealthSubscription();
            for (int i = 0; i < STREAM_COUNT; i++)
            {
                final String name = "recorder " + RecordedStream.get(i).label();
                assemblers[i] = new ControlledFragmentAssembler(new StreamHandler(i));
                recorded[i] = BusCounters.addStreamCounter(aeron, RECORDED_MESSAGES_TYPE_ID, name, streamIds[i], "messages");
                recordedBytes[i] = BusCounters.addStreamCounter(aeron, RECORDED_BYTES_TYPE_ID, name, streamIds[i], "bytes");
                dropped[i] = BusCounters.addStreamCounter(aeron, DROPPED_TYPE_ID, name, streamIds[i], "dropped");
                refused[i] = BusCounters.addStreamCounter(
                    aeron, REFUSED_TYPE_ID, name, streamIds[i], "refused at size cap");
                heldBack[i] = BusCounters.addStreamCounter(aeron, HELD_BACK_TYPE_ID, name, streamIds[i], "held back");
            }
        }
        catch (final RuntimeException ex)
        {
            closeResources();
            throw ex;
        }
        try
        {
            diskAgent = drainFactory.newDrain(this, ring, recorded, recordedBytes, refused);
        }
        catch (final RuntimeException ex)
        {
            closeCounters();
            closeResources();
            throw ex;
        }
    }

    public String roleName()
    {
        return "recorder";
    }

    /**
     * @return the agent that drains the recorder's buffer into the drive log (a {@link RecorderDiskAgent}) or
     * the snapshot ring (a {@link SnapshotDiskAgent}); start it with this one.
     */
    public RecorderDrain diskAgent()
    {
        return diskAgent;
    }

    /**
     * @return where the recording goes, for a person: a line.
     */
    public String describe()
    {
        return diskAgent.describe();
    }

    public RecordingPolicy policy()
    {
        return policy;
    }

    public int doWork()
    {
        isHeld = false;
        int workCount = 0;
        for (int i = 0; i < STREAM_COUNT && !isHeld; i++)
        {
            workCount += subscriptions[i].controlledPoll(assemblers[i], FRAGMENT_LIMIT);
        }
        return workCount;
    }

    public void onClose()
    {
        closeResources();
    }

    /**
     * @return messages of the stream written to the log so far.
     */
    public long recorded(final RecordedStream stream)
    {
        return recorded[stream.ordinal()].get();
    }

    /**
     * @return messages of the stream dropped by policy so far.
     */
    public long dropped(final RecordedStream stream)
    {
        return dropped[stream.ordinal()].get();
    }

    /**
     * @return messages of the stream refused because the log reached its size cap.
     */
    public long refused(final RecordedStream stream)
    {
        return refused[stream.ordinal()].get();
    }

    /**
     * @return times the stream was held back because the buffer was full.
     */
    public long heldBack(final RecordedStream stream)
    {
        return heldBack[stream.ordinal()].get();
    }

    /**
     * @return messages of the stream accounted for: recorded, dropped or refused. Once the stream is quiet
     * and the disk agent has caught up, this equals what was published on it.
     */
    public long accountedFor(final RecordedStream stream)
    {
        return recorded(stream) + dropped(stream) + refused(stream);
    }

    /**
     * True while a message is being copied into the ring; the disk agent waits on it before its last drain.
     */
    boolean isClaiming()
    {
        return isClaiming;
    }

    /**
     * Called by the disk agent once this agent has stopped taking messages: drops not yet followed by a
     * message still go in the log, last.
     */
    void writePendingGaps(final DriveLogWriter writer)
    {
        for (int i = 0; i < STREAM_COUNT; i++)
        {
            if (pendingDropped[i] > 0)
            {
                writer.appendGap(RecordedStream.get(i), pendingDropped[i]);
                pendingDroppedTotal -= pendingDropped[i];
                pendingDropped[i] = 0;
            }
        }
    }

    private ControlledFragmentHandler.Action onMessage(
        final int streamIndex, final DirectBuffer buffer, final int offset, final int length)
    {
        // Paired with the disk agent's closing flag: either this sees it closing, or it waits for this copy.
        isClaiming = true;
        try
        {
            if (diskAgent.isClosing())
            {
                isHeld = true;
                return ControlledFragmentHandler.Action.ABORT;
            }
            if (length > ring.maxMsgLength())
            {
                return oversize(streamIndex, length);
            }
            if ((pendingDroppedTotal > 0 && !claimGaps()) || !claim(streamIndex, buffer, offset, length))
            {
                return whenFull(streamIndex);
            }
            isHeldCounted[streamIndex] = false;
            return ControlledFragmentHandler.Action.CONTINUE;
        }
        finally
        {
            isClaiming = false;
        }
    }

    private boolean claim(final int streamIndex, final DirectBuffer buffer, final int offset, final int length)
    {
        final int index = ring.tryClaim(RecordedStream.get(streamIndex).code(), length);
        if (index <= 0)
        {
            return false;
        }
        ring.buffer().putBytes(index, buffer, offset, length);
        ring.commit(index);
        return true;
    }

    /**
     * Writes a gap record per stream with drops pending, ahead of the next message, so the log shows them
     * where they happened.
     */
    private boolean claimGaps()
    {
        for (int i = 0; i < STREAM_COUNT; i++)
        {
            if (pendingDropped[i] > 0)
            {
                final int index = ring.tryClaim(GAP_RECORD_TYPE_ID, GAP_RECORD_LENGTH);
                if (index <= 0)
                {
                    return false;
                }
                ring.buffer().putInt(index, RecordedStream.get(i).code());
                ring.buffer().putLong(index + Integer.BYTES, pendingDropped[i]);
                ring.commit(index);
                pendingDroppedTotal -= pendingDropped[i];
                pendingDropped[i] = 0;
            }
        }
        return true;
    }

    private ControlledFragmentHandler.Action whenFull(final int streamIndex)
    {
        if (RecordingPolicy.BLOCK == policy)
        {
            if (!isHeldCounted[streamIndex])
            {
                isHeldCounted[streamIndex] = true;
                heldBack[streamIndex].incrementRelease();
            }
            isHeld = true;
            return ControlledFragmentHandler.Action.ABORT;
        }
        countDropped(streamIndex);
        return ControlledFragmentHandler.Action.CONTINUE;
    }

    private ControlledFragmentHandler.Action oversize(final int streamIndex, final int length)
    {
        // Cannot happen with a buffer the context accepts; if it does, it is counted and said, never silent.
        countDropped(streamIndex);
        if (!isOversizeReported)
        {
            isOversizeReported = true;
            errorHandler.onError(new IllegalStateException("recorder: a " + length + "-byte " +
                RecordedStream.get(streamIndex).label() + " message exceeds the buffer's largest (" +
                ring.maxMsgLength() + "); dropped and counted"));
        }
        return ControlledFragmentHandler.Action.CONTINUE;
    }

    private void countDropped(final int streamIndex)
    {
        dropped[streamIndex].incrementRelease();
        pendingDropped[streamIndex]++;
        pendingDroppedTotal++;
    }

    private void closeResources()
    {
        CloseHelper.quietCloseAll(heldBack);
        CloseHelper.quietCloseAll(dropped);
        CloseHelper.quietCloseAll(subscriptions);
    }

    /**
     * For a drain that has begun closing (so this agent takes no more): waits out a copy in progress, then hands
     * what the buffer still holds to the drain.
     */
    void drainRemaining(final MessageHandler drain)
    {
        while (isClaiming)
        {
            Thread.onSpinWait();
        }
        while (ring.read(drain, RecorderDiskAgent.RECORDS_PER_DUTY_CYCLE) > 0)
        {
            Thread.onSpinWait();
        }
    }

    /**
     * The counters the drain keeps (recorded, bytes, refused): closed by the drain, last.
     */
    void closeCounters()
    {
        CloseHelper.quietCloseAll(refused);
        CloseHelper.quietCloseAll(recordedBytes);
        CloseHelper.quietCloseAll(recorded);
    }

    @FunctionalInterface
    private interface DrainFactory
    {
        RecorderDrain newDrain(
            RecorderAgent recorder, OneToOneRingBuffer ring, Counter[] recorded, Counter[] recordedBytes, Counter[] refused);
    }

    private final class StreamHandler implements ControlledFragmentHandler
    {
        private final int streamIndex;

        StreamHandler(final int streamIndex)
        {
            this.streamIndex = streamIndex;
        }

        public Action onFragment(final DirectBuffer buffer, final int offset, final int length, final Header header)
        {
            return onMessage(streamIndex, buffer, offset, length);
        }
    }

    /**
     * For tests of the ring's bookkeeping.
     */
    RingBuffer ring()
    {
        return ring;
    }
}
