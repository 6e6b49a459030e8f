package io.fusebox.runtime.record;

import io.aeron.Counter;
import io.fusebox.replay.log.DriveLogWriter;
import io.fusebox.replay.log.RecordedStream;
import org.agrona.CloseHelper;
import org.agrona.ErrorHandler;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.MessageHandler;
import org.agrona.concurrent.ringbuffer.OneToOneRingBuffer;

import java.util.Locale;

/**
 * The disk side of the {@link RecorderAgent}: drains its ring into the {@link DriveLogWriter}, a bounded
 * slice per duty cycle, so the time the disk takes lands here and never on a subscriber of the bus.
 * Owns the writer: closing this agent drains what is left and closes the log with its end marker.
 *
 * <p>When the log reaches its size cap the writer stops the recording; from then on this agent keeps
 * draining (so the recorder never holds the pipeline back for a stopped log), counts each message as
 * refused, and reports the stop once through the bus's error handler.
 */
public final class RecorderDiskAgent implements RecorderDrain, MessageHandler
{
    /** Ring records drained per duty cycle at most. */
    public static final int RECORDS_PER_DUTY_CYCLE = 256;

    private final RecorderAgent recorder;
    private final OneToOneRingBuffer ring;
    private final DriveLogWriter writer;
    private final ErrorHandler errorHandler;
    private final Counter[] recorded;
    private final Counter[] recordedBytes;
    private final Counter[] refused;
    private boolean isCapReported;
    private volatile boolean isClosing;

    RecorderDiskAgent(
        final RecorderAgent recorder,
        final OneToOneRingBuffer ring,
        final DriveLogWriter writer,
        final ErrorHandler errorHandler,
        final Counter[] recorded,
        final Counter[] recordedBytes,
        final Counter[] refused)
    {
        this.recorder = recorder;
        this.ring = ring;
        this.writer = writer;
        this.errorHandler = errorHandler;
        this.recorded = recorded;
        this.recordedBytes = recordedBytes;
        this.refused = refused;
    }

    public String roleName()
    {
        return "recorder-disk";
    }

    public int doWork()
    {
        return ring.read(this, RECORDS_PER_DUTY_CYCLE);
    }

    /**
     * Stops the recorder taking messages, writes what the ring holds, and closes the drive log.
     */
    public void onClose()
    {
        isClosing = true;
        try
        {
            recorder.drainRemaining(this);
            recorder.writePendingGaps(writer);
            writer.close();
        }
        finally
        {
            recorder.closeCounters();
        }
    }

    /**
     * @return the drive log this agent writes.
     */
    public DriveLogWriter writer()
    {
        return writer;
    }

    public String describe()
    {
        return "recording to " + writer.directory();
    }

    public boolean isClosing()
    {
        return isClosing;
    }

    public void onMessage(final int msgTypeId, final MutableDirectBuffer buffer, final int index, final int length)
    {
        if (RecorderAgent.GAP_RECORD_TYPE_ID == msgTypeId)
        {
            final RecordedStream stream = RecordedStream.forCode(buffer.getInt(index));
            final long count = buffer.getLong(index + Integer.BYTES);
            // Already counted as dropped; if the cap has stopped the log, the gap is simply not written.
            writer.appendGap(stream, count);
            return;
        }
        final RecordedStream stream = RecordedStream.forCode(msgTypeId);
        final int streamIndex = stream.ordinal();
        if (writer.append(stream, buffer, index, length))
        {
            recorded[streamIndex].incrementRelease();
            recordedBytes[streamIndex].getAndAddRelease(length);
        }
        else
        {
            refused[streamIndex].incrementRelease();
            if (!isCapReported)
            {
                isCapReported = true;
                errorHandler.onError(new IllegalStateException(String.format(Locale.ROOT,
                    "drive log %s reached its size cap of %d bytes: recording stopped; later messages are " +
                    "refused and counted (recorder counter 'refused at size cap')",
                    writer.directory(), writer.maxBytes())));
            }
        }
    }
}
