package io.fusebox.replay.log;

import io.fusebox.sensors.codec.FusionInputDecoder;
import io.fusebox.sensors.codec.MessageHeaderDecoder;
import net.openhft.chronicle.bytes.Bytes;
import net.openhft.chronicle.queue.ExcerptAppender;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueueBuilder;
import net.openhft.chronicle.wire.DocumentContext;
import org.agrona.CloseHelper;
import org.agrona.DirectBuffer;
import org.agrona.ExpandableArrayBuffer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes one drive log: a Chronicle Queue in the drive's own folder, opened with a header entry,
 * then one entry per recorded message (raw SBE bytes as they crossed the bus, tagged by stream),
 * closed with an end marker. Layout in {@link DriveLogFormat}; a log without the end marker is torn.
 *
 * <p>Appending copies the message straight into the mapped queue file through Chronicle's
 * {@code writingDocument()}; nothing is allocated per message.
 *
 * <p><b>Size cap.</b> The log holds at most {@link DriveLogContext#maxBytes()} bytes of entries
 * (Chronicle's framing included; its index and the file's preallocated tail are not). Room for the
 * end marker is always kept. The first append that would pass the cap writes the end marker with
 * reason {@link DriveLogEnd.Reason#SIZE_CAP} instead, and from then on every append is refused
 * (returns false) and counted in {@link #refusedMessages()}: the recording stops whole rather than
 * keeping a random subset. The recorder turns the refusals into a counter and a message.
 *
 * <p>Made on one thread, then used by one thread at a time (the recorder's); not thread-safe.
 */
public final class DriveLogWriter implements AutoCloseable
{
    private static final int RECEIVE_TIME_OFFSET =
        MessageHeaderDecoder.ENCODED_LENGTH + FusionInputDecoder.receiveTimeNsEncodingOffset();
    private static final long END_FOOTPRINT = DriveLogFormat.entryFootprint(DriveLogEnd.LENGTH);

    private final Path directory;
    private final DriveLogHeader header;
    private final long maxBytes;
    private final SingleChronicleQueue queue;
    private final ExcerptAppender appender;
    private final ExpandableArrayBuffer scratch = new ExpandableArrayBuffer(DriveLogEnd.LENGTH);
    private final long[] entries = new long[DriveLogFormat.STREAM_COUNT];
    private final long[] bytes = new long[DriveLogFormat.STREAM_COUNT];
    private final long[] droppedMessages = new long[DriveLogFormat.STREAM_COUNT];
    private long totalBytes;
    private long logTimeNs;
    private long refusedMessages;
    private volatile boolean isCapReached;
    private boolean isClosed;

    private DriveLogWriter(final DriveLogContext context)
    {
        directory = context.directory();
        header = context.header();
        maxBytes = context.maxBytes();
        logTimeNs = header.startTimeNs();
        try
        {
            Files.createDirectories(directory);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot create drive log folder " + directory, ex);
        }

        final SingleChronicleQueueBuilder builder = SingleChronicleQueueBuilder.binary(directory)
            .rollCycle(context.rollCycle())
            .blockSize(context.blockSize());
        if (null != context.timeProvider())
        {
            builder.timeProvider(context.timeProvider());
        }
        queue = builder.build();
        try
        {
            appender = queue.createAppender();
            // Opened here, then handed to the recorder's thread; never used by two threads at once.
            appender.singleThreadedCheckDisabled(true);
            final int length = header.encode(scratch, 0);
            writeEntry(DriveLogFormat.KIND_HEADER, scratch, 0, length);
        }
        catch (final RuntimeException ex)
        {
            CloseHelper.quietClose(queue);
            throw ex;
        }
    }

    /**
     * Concludes the context if need be, creates the drive's folder and writes the header.
     */
    public static DriveLogWriter open(final DriveLogContext context)
    {
        return new DriveLogWriter(context.isConcluded() ? context : context.conclude());
    }

    /**
     * @return the drive's folder, what {@link DriveLogReader#open(Path)} takes.
     */
    public Path directory()
    {
        return directory;
    }

    public DriveLogHeader header()
    {
        return header;
    }

    /**
     * Appends one message of a stream, as it crossed the bus (SBE header included). Not validated here:
     * it came off the bus, past the sequencer's guard; the reader validates everything it reads.
     *
     * @return true when appended; false when the size cap has stopped the recording.
     */
    public boolean append(final RecordedStream stream, final DirectBuffer buffer, final int offset, final int length)
    {
        checkOpen();
        if (!hasRoomFor(length))
        {
            return false;
        }
        if (RecordedStream.FUSION_INPUT == stream && length >= RECEIVE_TIME_OFFSET + Long.BYTES)
        {
            final long receiveTimeNs = buffer.getLong(offset + RECEIVE_TIME_OFFSET, DriveLogFormat.ORDER);
            if (receiveTimeNs > logTimeNs)
            {
                logTimeNs = receiveTimeNs;
            }
        }
        writeEntry(stream.code(), buffer, offset, length);
        final int index = stream.ordinal();
        entries[index]++;
        bytes[index] += length;
        return true;
    }

    /**
     * Notes that the recorder dropped messages of a stream here, so readers see where and how many.
     *
     * @return true when appended; false when the size cap has stopped the recording.
     */
    public boolean appendGap(final RecordedStream stream, final long droppedMessageCount)
    {
        checkOpen();
        if (!hasRoomFor(DriveLogFormat.GAP_PAYLOAD_LENGTH))
        {
            return false;
        }
        scratch.putInt(0, stream.code(), DriveLogFormat.ORDER);
        scratch.putInt(4, 0, DriveLogFormat.ORDER);
        scratch.putLong(8, droppedMessageCount, DriveLogFormat.ORDER);
        writeEntry(DriveLogFormat.KIND_GAP, scratch, 0, DriveLogFormat.GAP_PAYLOAD_LENGTH);
        droppedMessages[stream.ordinal()] += droppedMessageCount;
        return true;
    }

    /**
     * @return true once the size cap stopped the recording; readable from any thread.
     */
    public boolean isCapReached()
    {
        return isCapReached;
    }

    /**
     * @return appends refused because the size cap was reached.
     */
    public long refusedMessages()
    {
        return refusedMessages;
    }

    public long maxBytes()
    {
        return maxBytes;
    }

    /**
     * @return bytes of entries written so far, header included, as counted against the cap.
     */
    public long totalBytes()
    {
        return totalBytes;
    }

    /**
     * @return messages of this stream appended so far.
     */
    public long entries(final RecordedStream stream)
    {
        return entries[stream.ordinal()];
    }

    /**
     * @return message bytes of this stream appended so far.
     */
    public long bytes(final RecordedStream stream)
    {
        return bytes[stream.ordinal()];
    }

    /**
     * @return log time of the newest entry: the newest fusion-input receive time seen.
     */
    public long logTimeNs()
    {
        return logTimeNs;
    }

    public boolean isClosed()
    {
        return isClosed;
    }

    /**
     * Writes the end marker (unless the size cap already did) and closes the queue. A log whose writer
     * never gets here (the process was killed) has no end marker: it is torn.
     */
    public void close()
    {
        if (!isClosed)
        {
            isClosed = true;
            try
            {
                if (!isCapReached)
                {
                    writeEnd(DriveLogEnd.Reason.CLOSED);
                }
            }
            finally
            {
                CloseHelper.closeAll(appender, queue);
            }
        }
    }

    private boolean hasRoomFor(final int payloadLength)
    {
        if (isCapReached)
        {
            refusedMessages++;
            return false;
        }
        if (totalBytes + DriveLogFormat.entryFootprint(payloadLength) + END_FOOTPRINT > maxBytes)
        {
            writeEnd(DriveLogEnd.Reason.SIZE_CAP);
            isCapReached = true;
            refusedMessages++;
            return false;
        }
        return true;
    }

    private void writeEnd(final DriveLogEnd.Reason reason)
    {
        final int length = DriveLogEnd.encode(scratch, 0, reason, entries, bytes, droppedMessages);
        writeEntry(DriveLogFormat.KIND_END, scratch, 0, length);
    }

    private void writeEntry(final int kind, final DirectBuffer buffer, final int offset, final int length)
    {
        try (DocumentContext document = appender.writingDocument())
        {
            // Chronicle Bytes are in native order; fusebox's targets (x86-64, aarch64 Linux) are little-endian.
            final Bytes<?> out = document.wire().bytes();
            out.writeByte((byte)kind);
            out.writeByte((byte)DriveLogFormat.FORMAT_VERSION);
            out.writeShort((short)0);
            out.writeInt(length);
            out.writeLong(logTimeNs);
            final byte[] array = buffer.byteArray();
            if (null != array)
            {
                out.write(array, buffer.wrapAdjustment() + offset, length);
            }
            else
            {
                out.unsafeWrite(buffer.addressOffset() + offset, length);
            }
        }
        totalBytes += DriveLogFormat.entryFootprint(length);
    }

    private void checkOpen()
    {
        if (isClosed)
        {
            throw new IllegalStateException("drive log writer for " + directory + " is closed");
        }
    }
}
