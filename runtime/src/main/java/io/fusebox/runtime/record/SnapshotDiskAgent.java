package io.fusebox.runtime.record;

import io.aeron.Aeron;
import io.aeron.Counter;
import io.fusebox.replay.log.DriveLogContext;
import io.fusebox.replay.log.DriveLogWriter;
import io.fusebox.replay.log.RecordedStream;
import io.fusebox.runtime.bus.BusCounters;
import io.fusebox.sensors.codec.FusionInputDecoder;
import io.fusebox.sensors.codec.MessageHeaderDecoder;
import org.agrona.CloseHelper;
import org.agrona.DirectBuffer;
import org.agrona.ErrorHandler;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.MessageHandler;
import org.agrona.concurrent.ringbuffer.OneToOneRingBuffer;
import sun.misc.SignalHandler;

import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;

/**
 * The disk side of a {@link RecorderAgent} in snapshot mode ({@code drive --snapshot 30s}): drains the
 * recorder's buffer into a {@link SnapshotRing} that keeps the last window of the drive in memory, and
 * when its {@link SnapshotTrigger} is pulled writes what the ring then holds as an ordinary drive log
 * (header, messages in order, end marker) under the drives folder's {@value SnapshotContext#SNAPSHOT_FOLDER}
 * folder. The writing goes a slice per duty cycle while the drive goes on; the ring never evicts a message
 * the snapshot has not written yet (it writes it first). Nothing per message is allocated.
 *
 * <p>A snapshot of a drive younger than the window holds it from its first message, so it replays with
 * {@code --verify}; one cut from the middle starts fusion cold, so its outputs are not the recorded ones
 * (as for {@code trim}). Counters (key: the fusion-input stream id), type ids 7800..7803.
 */
public final class SnapshotDiskAgent implements RecorderDrain, MessageHandler, SnapshotRing.Sink
{
    /** Messages held in the ring, now. */
    public static final int HELD_MESSAGES_TYPE_ID = 7800;
    /** Bytes held in the ring, now. */
    public static final int HELD_BYTES_TYPE_ID = 7801;
    /** Snapshots written. */
    public static final int SNAPSHOTS_TYPE_ID = 7802;
    /** Messages evicted before the window passed them, because the ring was full. */
    public static final int EVICTED_FOR_SPACE_TYPE_ID = 7803;

    /** Ring records drained per duty cycle at most. */
    static final int RECORDS_PER_DUTY_CYCLE = RecorderDiskAgent.RECORDS_PER_DUTY_CYCLE;
    /** Snapshot entries written per duty cycle at most, so the drain keeps up while a snapshot is written. */
    static final int ENTRIES_WRITTEN_PER_DUTY_CYCLE = 256;
    private static final int RECEIVE_TIME_OFFSET =
        MessageHeaderDecoder.ENCODED_LENGTH + FusionInputDecoder.receiveTimeNsEncodingOffset();

    private final RecorderAgent recorder;
    private final OneToOneRingBuffer ring;
    private final SnapshotRing snapshot;
    private final SnapshotRing.Reader reader = new SnapshotRing.Reader(this);
    private final SnapshotContext context;
    private final DriveLogContext logTemplate;
    private final ErrorHandler errorHandler;
    private final Counter[] recorded;
    private final Counter[] recordedBytes;
    private final Counter[] refused;
    private final Counter heldMessages;
    private final Counter heldBytes;
    private final Counter snapshots;
    private final Counter evictedForSpace;
    private final SignalHandler previousSignalHandler;
    private long newestTimeNs = Long.MIN_VALUE;
    private boolean isOversizeReported;
    private DriveLogWriter writer;
    private CompletableFuture<Path> writing;
    private volatile boolean isClosing;

    SnapshotDiskAgent(
        final RecorderAgent recorder,
        final OneToOneRingBuffer ring,
        final SnapshotContext context,
        final DriveLogContext logTemplate,
        final Aeron aeron,
        final int fusionInputStreamId,
        final ErrorHandler errorHandler,
        final Counter[] recorded,
        final Counter[] recordedBytes,
        final Counter[] refused)
    {
        this.recorder = recorder;
        this.ring = ring;
        this.context = context;
        this.logTemplate = logTemplate;
        this.errorHandler = errorHandler;
        this.recorded = recorded;
        this.recordedBytes = recordedBytes;
        this.refused = refused;
        snapshot = new SnapshotRing(context.bufferLength(), context.windowNs());
        final String name = "snapshot " + context.windowText();
        heldMessages = BusCounters.addStreamCounter(aeron, HELD_MESSAGES_TYPE_ID, name, fusionInputStreamId, "messages held");
        heldBytes = BusCounters.addStreamCounter(aeron, HELD_BYTES_TYPE_ID, name, fusionInputStreamId, "bytes held");
        snapshots = BusCounters.addStreamCounter(aeron, SNAPSHOTS_TYPE_ID, name, fusionInputStreamId, "snapshots written");
        evictedForSpace = BusCounters.addStreamCounter(
            aeron, EVICTED_FOR_SPACE_TYPE_ID, name, fusionInputStreamId, "evicted early, ring full");
        previousSignalHandler = context.triggerOnSignal() ? context.trigger().installSignal() : null;
    }

    public String roleName()
    {
        return "recorder-snapshot";
    }

    public int doWork()
    {
        int workCount = ring.read(this, RECORDS_PER_DUTY_CYCLE);
        if (null == writing)
        {
            final CompletableFuture<Path> requested = context.trigger().take();
            if (null != requested)
            {
                start(requested);
                workCount++;
            }
        }
        if (null != writing)
        {
            workCount += writeSlice(ENTRIES_WRITTEN_PER_DUTY_CYCLE);
        }
        heldMessages.setRelease(snapshot.entries());
        heldBytes.setRelease(snapshot.bytes());
        evictedForSpace.setRelease(snapshot.evictedForSpace());
        return workCount;
    }

    /**
     * Stops the recorder taking messages, finishes a snapshot being written (and one requested), then
     * refuses further requests.
     */
    public void onClose()
    {
        isClosing = true;
        try
        {
            recorder.drainRemaining(this);
            final CompletableFuture<Path> requested = null == writing ? context.trigger().take() : null;
            if (null != requested)
            {
                start(requested);
            }
            while (null != writing)
            {
                writeSlice(Integer.MAX_VALUE);
            }
        }
        finally
        {
            context.trigger().close();
            if (context.triggerOnSignal())
            {
                SnapshotTrigger.restoreSignal(previousSignalHandler);
            }
            CloseHelper.quietCloseAll(evictedForSpace, snapshots, heldBytes, heldMessages);
            recorder.closeCounters();
        }
    }

    public String describe()
    {
        return String.format(Locale.ROOT, "snapshot mode: keeping the last %s of the drive in memory (%d MiB); a " +
            "snapshot is written under %s when triggered%s", context.windowText(), context.bufferLength() >> 20,
            drivesFolder().resolve(SnapshotContext.SNAPSHOT_FOLDER), context.triggerOnSignal() ? " (kill -" +
            SnapshotTrigger.SIGNAL_NAME + " " + ProcessHandle.current().pid() + ")" : "");
    }

    public boolean isClosing()
    {
        return isClosing;
    }

    /**
     * @return snapshots written so far.
     */
    public long snapshots()
    {
        return snapshots.get();
    }

    public void onMessage(final int msgTypeId, final MutableDirectBuffer buffer, final int index, final int length)
    {
        if (RecorderAgent.GAP_RECORD_TYPE_ID == msgTypeId)
        {
            snapshot.append(msgTypeId, newestTimeNs, buffer, index, length);
            return;
        }
        final RecordedStream stream = RecordedStream.forCode(msgTypeId);
        if (RecordedStream.FUSION_INPUT == stream && length >= RECEIVE_TIME_OFFSET + Long.BYTES)
        {
            newestTimeNs = Math.max(newestTimeNs, buffer.getLong(index + RECEIVE_TIME_OFFSET, FusionInputDecoder.BYTE_ORDER));
        }
        final int streamIndex = stream.ordinal();
        if (snapshot.append(msgTypeId, newestTimeNs, buffer, index, length))
        {
            recorded[streamIndex].incrementRelease();
            recordedBytes[streamIndex].getAndAddRelease(length);
            return;
        }
        // Only a ring configured below the messages it is given: counted, and said once, never silent.
        refused[streamIndex].incrementRelease();
        if (!isOversizeReported)
        {
            isOversizeReported = true;
            errorHandler.onError(new IllegalStateException(String.format(Locale.ROOT, "snapshot: a %d-byte %s " +
                "message exceeds the ring's largest (%d bytes; raise %s); refused and counted", length, stream.label(),
                snapshot.maxMessageLength(), SnapshotContext.BUFFER_LENGTH_PROP_NAME)));
        }
    }

    public void onEntry(final int type, final DirectBuffer buffer, final int offset, final int length)
    {
        if (RecorderAgent.GAP_RECORD_TYPE_ID == type)
        {
            writer.appendGap(RecordedStream.forCode(buffer.getInt(offset)), buffer.getLong(offset + Integer.BYTES));
        }
        else
        {
            writer.append(RecordedStream.forCode(type), buffer, offset, length);
        }
    }

    private void start(final CompletableFuture<Path> requested)
    {
        if (0 == snapshot.entries())
        {
            requested.completeExceptionally(new IllegalStateException("snapshot: nothing recorded yet"));
            return;
        }
        try
        {
            writer = DriveLogWriter.open(new DriveLogContext()
                .rootDirectory(drivesFolder().resolve(SnapshotContext.SNAPSHOT_FOLDER))
                .scenario(logTemplate.scenario())
                .seed(logTemplate.seed())
                .rig(logTemplate.rigSource(), logTemplate.rigText())
                .startTimeNs(snapshot.oldestTimeNs()));
        }
        catch (final RuntimeException ex)
        {
            requested.completeExceptionally(ex);
            errorHandler.onError(ex);
            return;
        }
        writing = requested;
        snapshot.startReading(reader);
    }

    private Path drivesFolder()
    {
        return null != logTemplate.rootDirectory() ? logTemplate.rootDirectory() :
            Path.of(System.getProperty(DriveLogContext.ROOT_DIRECTORY_PROP_NAME, DriveLogContext.ROOT_DIRECTORY_DEFAULT));
    }

    private int writeSlice(final int limit)
    {
        try
        {
            final int written = snapshot.read(limit);
            if (!snapshot.isReading())
            {
                final Path directory = writer.directory();
                final long messages = writer.entries(RecordedStream.FUSION_INPUT);
                writer.close();
                writer = null;
                snapshots.incrementRelease();
                context.progress().accept(String.format(Locale.ROOT, "snapshot written to %s (%d fusion inputs, " +
                    "the last %s of the drive at most)", directory, messages, context.windowText()));
                final CompletableFuture<Path> done = writing;
                writing = null;
                done.complete(directory);
            }
            return written;
        }
        catch (final RuntimeException ex)
        {
            CloseHelper.quietClose(writer);
            writer = null;
            final CompletableFuture<Path> failed = writing;
            writing = null;
            failed.completeExceptionally(ex);
            errorHandler.onError(ex);
            return 0;
        }
    }
}
