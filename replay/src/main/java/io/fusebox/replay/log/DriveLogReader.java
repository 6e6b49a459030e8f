package io.fusebox.replay.log;

import io.fusebox.sensors.codec.MessageHeaderDecoder;
import io.fusebox.sensors.message.MalformedReason;
import io.fusebox.sensors.message.MessageGuard;
import net.openhft.chronicle.bytes.Bytes;
import net.openhft.chronicle.bytes.BytesStore;
import net.openhft.chronicle.queue.ExcerptTailer;
import net.openhft.chronicle.queue.RollCycle;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueueBuilder;
import net.openhft.chronicle.wire.DocumentContext;
import net.openhft.chronicle.wire.Wires;
import org.agrona.CloseHelper;
import org.agrona.DirectBuffer;
import org.agrona.ExpandableArrayBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import java.io.File;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Reads a drive log in order, one entry at a time, without copying: after {@link #next()} the entry's
 * message is a view into the mapped queue file, valid until the next call. Every message is checked
 * with {@link MessageGuard} and against its stream's template before it is handed out; one that fails
 * is skipped and counted ({@link #malformedEntries()}), since a log on disk is untrusted input.
 *
 * <p>The reader stops at the end marker, or at the last whole entry of a torn log (the recording
 * process died). {@link #tail()} then says which: a torn log has no end marker, and may have a partly
 * written entry after its last whole one (its Chronicle header marked not-complete, or not yet written
 * while bytes of the entry follow it), which is left unread.
 *
 * <p>{@link #seek(long)} positions on the first entry at or after a log time: a binary search over
 * Chronicle's own index, since log time never decreases along the log. Not thread-safe.
 */
public final class DriveLogReader implements AutoCloseable
{
    private static final String QUEUE_METADATA_FILE = "metadata.cq4t";
    private static final int TEMPLATE_ID_OFFSET = MessageHeaderDecoder.templateIdEncodingOffset();
    private static final int MAX_TAIL_PROBE_DOCUMENTS = 64;
    /** Larger than any entry: a partly written one shows within it. */
    private static final int TAIL_PROBE_WINDOW = 128 * 1024;

    private final Path directory;
    private final SingleChronicleQueue queue;
    private final ExcerptTailer tailer;
    private final DriveLogHeader header;
    private final long firstEntryIndex;
    private final UnsafeBuffer entry = new UnsafeBuffer(0, 0);
    private final ExpandableArrayBuffer copy = new ExpandableArrayBuffer(64 * 1024);
    private final long[] malformedByReason = new long[MalformedReason.count()];

    private DocumentContext document;
    private EntryKind kind;
    private RecordedStream stream;
    private long timeNs;
    private long index = -1;
    private int payloadLength;
    private long droppedMessages;
    private long malformedEntries;
    private long firstMalformedIndex = -1;
    private long lastDocumentEnd = -1;
    private long skipBeforeNs = Long.MIN_VALUE;
    private DriveLogEnd end;
    private DriveLogTail tail = DriveLogTail.NOT_REACHED;
    private boolean isClosed;

    private DriveLogReader(final Path directory)
    {
        this.directory = directory;
        if (!Files.isDirectory(directory))
        {
            throw new DriveLogException(directory + ": no such drive log folder");
        }
        if (!Files.exists(directory.resolve(QUEUE_METADATA_FILE)))
        {
            throw new DriveLogException(directory + ": not a drive log (no Chronicle Queue " + QUEUE_METADATA_FILE + ")");
        }
        // The writer's default cycle, so opening a default log does not warn; the log's own metadata decides.
        queue = SingleChronicleQueueBuilder.binary(directory).readOnly(true)
            .rollCycle(DriveLogContext.ROLL_CYCLE_DEFAULT).build();
        try
        {
            tailer = queue.createTailer();
            // Opened on one thread and often read on another (replay's publisher); never by two at once.
            tailer.singleThreadedCheckDisabled(true);
            header = readHeader(directory);
            firstEntryIndex = tailer.index();
        }
        catch (final RuntimeException ex)
        {
            CloseHelper.quietClose(queue);
            throw ex;
        }
    }

    /**
     * Opens a drive log for reading and reads its header.
     *
     * @throws DriveLogException when the folder is not a drive log, or one recorded with a newer format or
     *                           schema than this build can replay exactly.
     */
    public static DriveLogReader open(final Path directory)
    {
        return new DriveLogReader(directory);
    }

    public Path directory()
    {
        return directory;
    }

    public DriveLogHeader header()
    {
        return header;
    }

    /**
     * Moves to the next message or gap entry, skipping (and counting) malformed ones.
     *
     * @return false at the end of the log: its end marker, or the last whole entry of a torn log.
     */
    public boolean next()
    {
        closeDocument();
        if (DriveLogTail.NOT_REACHED != tail)
        {
            return false;
        }
        while (true)
        {
            final DocumentContext context = tailer.readingDocument();
            if (!context.isPresent())
            {
                context.close();
                tail = probeTail();
                return false;
            }
            if (!context.isData())
            {
                context.close();
                continue;
            }
            document = context;
            index = context.index();
            final Bytes<?> bytes = context.wire().bytes();
            lastDocumentEnd = bytes.readLimit();
            final MalformedReason reason = wrapEntry(bytes);
            if (MalformedReason.OK != reason)
            {
                countMalformed(reason);
                closeDocument();
                continue;
            }

            final int kindCode = entry.getByte(DriveLogFormat.KIND_OFFSET) & 0xFF;
            if (DriveLogFormat.KIND_HEADER == kindCode ||
                (DriveLogFormat.KIND_END != kindCode && timeNs < skipBeforeNs))
            {
                // The header, reached by a seek; or an entry before the time sought.
                closeDocument();
                continue;
            }
            if (DriveLogFormat.KIND_END == kindCode)
            {
                try
                {
                    end = DriveLogEnd.decode(entry, DriveLogFormat.ENTRY_HEADER_LENGTH, payloadLength, timeNs);
                    tail = DriveLogTail.COMPLETE;
                }
                catch (final DriveLogException ex)
                {
                    countMalformed(MalformedReason.TRUNCATED_BODY);
                    closeDocument();
                    continue;
                }
                closeDocument();
                return false;
            }
            if (DriveLogFormat.KIND_GAP == kindCode)
            {
                final RecordedStream gapStream = payloadLength >= DriveLogFormat.GAP_PAYLOAD_LENGTH ?
                    RecordedStream.forCode(entry.getInt(DriveLogFormat.ENTRY_HEADER_LENGTH, DriveLogFormat.ORDER)) : null;
                if (null == gapStream)
                {
                    countMalformed(MalformedReason.TRUNCATED_BODY);
                    closeDocument();
                    continue;
                }
                kind = EntryKind.GAP;
                stream = gapStream;
                droppedMessages = entry.getLong(DriveLogFormat.ENTRY_HEADER_LENGTH + 8, DriveLogFormat.ORDER);
                return true;
            }

            final RecordedStream messageStream = RecordedStream.forCode(kindCode);
            if (null == messageStream)
            {
                countMalformed(MalformedReason.UNKNOWN_TEMPLATE);
                closeDocument();
                continue;
            }
            final MalformedReason messageReason = validate(messageStream);
            if (MalformedReason.OK != messageReason)
            {
                countMalformed(messageReason);
                closeDocument();
                continue;
            }
            kind = EntryKind.MESSAGE;
            stream = messageStream;
            droppedMessages = 0;
            return true;
        }
    }

    /**
     * @return what the reader is on: a message or a gap.
     */
    public EntryKind kind()
    {
        return kind;
    }

    /**
     * @return the stream of the current message or gap.
     */
    public RecordedStream stream()
    {
        return stream;
    }

    /**
     * @return log time of the current entry (drive clock, ns): for a fusion input its receive time.
     */
    public long timeNs()
    {
        return timeNs;
    }

    /**
     * @return Chronicle index of the current entry.
     */
    public long index()
    {
        return index;
    }

    /**
     * @return the buffer holding the current message; valid until the next call to {@link #next()}.
     */
    public DirectBuffer buffer()
    {
        return entry;
    }

    /**
     * @return offset of the current message's SBE header in {@link #buffer()}.
     */
    public int offset()
    {
        return DriveLogFormat.ENTRY_HEADER_LENGTH;
    }

    /**
     * @return length of the current message, SBE header included.
     */
    public int length()
    {
        return payloadLength;
    }

    /**
     * @return for a gap entry, how many messages the recorder dropped there; 0 for a message.
     */
    public long droppedMessages()
    {
        return droppedMessages;
    }

    /**
     * Positions the reader so that {@link #next()} returns the first entry whose log time is at or after
     * {@code logTimeNs} (or reaches the end when there is none). Clears a reached end, so a reader can go
     * round again ({@code seek(Long.MIN_VALUE)} goes back to the first entry).
     */
    public void seek(final long logTimeNs)
    {
        closeDocument();
        tail = DriveLogTail.NOT_REACHED;
        end = null;
        lastDocumentEnd = -1;
        skipBeforeNs = logTimeNs;
        final RollCycle rollCycle = queue.rollCycle();
        final int firstCycle = rollCycle.toCycle(firstEntryIndex);
        final int lastCycle = queue.lastCycle();

        // Cycles are few (one per hour by default): take the last whose first entry is before the time.
        int cycle = firstCycle;
        for (int candidate = nextCycle(firstCycle); candidate >= 0 && candidate <= lastCycle;
            candidate = nextCycle(candidate))
        {
            final long firstTime = timeAt(rollCycle.toIndex(candidate, 0));
            if (Long.MIN_VALUE == firstTime || firstTime >= logTimeNs)
            {
                break;
            }
            cycle = candidate;
        }

        final long first = cycle == firstCycle ? rollCycle.toSequenceNumber(firstEntryIndex) : 0;
        final long count = tailer.excerptsInCycle(cycle);
        long low = first;
        long high = count;
        while (low < high)
        {
            final long middle = (low + high) >>> 1;
            final long time = timeAt(rollCycle.toIndex(cycle, middle));
            if (Long.MIN_VALUE != time && time < logTimeNs)
            {
                low = middle + 1;
            }
            else
            {
                high = middle;
            }
        }

        // Land on an entry that exists: the next cycle's first when this one has nothing at or after the time,
        // at worst the last entry; next() skips what is before the time and still reads the end marker behind it.
        int targetCycle = cycle;
        long sequence = low;
        if (sequence >= count)
        {
            final int next = nextCycle(cycle);
            if (next >= 0 && next <= lastCycle)
            {
                targetCycle = next;
                sequence = 0;
            }
            else
            {
                sequence = count - 1;
            }
        }
        if (sequence < 0 || !tailer.moveToIndex(rollCycle.toIndex(targetCycle, sequence)))
        {
            tailer.toEnd();
        }
    }

    /**
     * Finds the first message of a stream: for the fusion input, time 0 of the drive, what {@code --from}
     * and {@code --to} count from. Leaves the reader rewound.
     *
     * @return its log time, or Long.MIN_VALUE when the log has none.
     */
    public long firstMessageTimeNs(final RecordedStream stream)
    {
        rewind();
        long first = Long.MIN_VALUE;
        while (next())
        {
            if (EntryKind.MESSAGE == kind && stream == this.stream)
            {
                first = timeNs;
                break;
            }
        }
        rewind();
        return first;
    }

    /**
     * Goes back to the first entry after the header.
     */
    public void rewind()
    {
        closeDocument();
        tail = DriveLogTail.NOT_REACHED;
        end = null;
        lastDocumentEnd = -1;
        skipBeforeNs = Long.MIN_VALUE;
        if (!tailer.moveToIndex(firstEntryIndex))
        {
            tailer.toEnd();
        }
    }

    /**
     * @return how the log ends; {@link DriveLogTail#NOT_REACHED} until {@link #next()} has returned false.
     */
    public DriveLogTail tail()
    {
        return tail;
    }

    /**
     * @return the end marker, or null when not reached or the log is torn.
     */
    public DriveLogEnd end()
    {
        return end;
    }

    /**
     * @return entries skipped as malformed so far.
     */
    public long malformedEntries()
    {
        return malformedEntries;
    }

    /**
     * @return entries skipped as malformed for this reason.
     */
    public long malformedEntries(final MalformedReason reason)
    {
        return malformedByReason[reason.ordinal()];
    }

    /**
     * @return Chronicle index of the first malformed entry, or -1 when there was none.
     */
    public long firstMalformedIndex()
    {
        return firstMalformedIndex;
    }

    /**
     * @return bytes of the queue's cycle files on disk (allocated, so a torn log's preallocated tail counts).
     */
    public long sizeOnDisk()
    {
        long size = 0;
        final File[] files = directory.toFile().listFiles();
        if (null != files)
        {
            for (final File file : files)
            {
                size += file.length();
            }
        }
        return size;
    }

    public void close()
    {
        if (!isClosed)
        {
            isClosed = true;
            closeDocument();
            CloseHelper.closeAll(tailer, queue);
        }
    }

    private DriveLogHeader readHeader(final Path directory)
    {
        while (true)
        {
            try (DocumentContext context = tailer.readingDocument())
            {
                if (!context.isPresent())
                {
                    throw new DriveLogException(directory + ": not a drive log (no header entry)");
                }
                if (!context.isData())
                {
                    continue;
                }
                final MalformedReason reason = wrapEntry(context.wire().bytes());
                if (MalformedReason.OK != reason ||
                    DriveLogFormat.KIND_HEADER != (entry.getByte(DriveLogFormat.KIND_OFFSET) & 0xFF))
                {
                    throw new DriveLogException(directory + ": not a drive log (first entry is not a drive log header)");
                }
                final DriveLogHeader decoded = DriveLogHeader.decode(entry, DriveLogFormat.ENTRY_HEADER_LENGTH, payloadLength);
                if (decoded.schemaId() != MessageHeaderDecoder.SCHEMA_ID)
                {
                    throw new DriveLogException(directory + ": recorded with schema id " + decoded.schemaId() +
                        ", this build reads " + MessageHeaderDecoder.SCHEMA_ID);
                }
                if (decoded.schemaVersion() > MessageHeaderDecoder.SCHEMA_VERSION)
                {
                    throw new DriveLogException(directory + ": recorded with schema version " + decoded.schemaVersion() +
                        ", newer than this build's " + MessageHeaderDecoder.SCHEMA_VERSION + "; it could not replay exactly");
                }
                return decoded;
            }
        }
    }

    /**
     * Points {@link #entry} at the document's bytes: in place when the mapping holds them contiguously
     * (Chronicle maps each block with an overlap larger than any entry), else copied.
     */
    private MalformedReason wrapEntry(final Bytes<?> bytes)
    {
        final long start = bytes.readPosition();
        final long remaining = bytes.readRemaining();
        if (remaining < DriveLogFormat.ENTRY_HEADER_LENGTH || remaining > Integer.MAX_VALUE)
        {
            return MalformedReason.TRUNCATED_HEADER;
        }
        final int length = (int)remaining;
        final long address = bytes.addressForRead(start);
        final BytesStore<?, ?> store = bytes.bytesStore();
        if (null != store && store.isDirectMemory() && start >= store.start() && start + length <= store.capacity())
        {
            entry.wrap(address, length);
        }
        else
        {
            copy.checkLimit(length);
            bytes.read(copy.byteArray(), 0, length);
            entry.wrap(copy.byteArray(), 0, length);
        }

        if ((entry.getByte(DriveLogFormat.VERSION_OFFSET) & 0xFF) != DriveLogFormat.FORMAT_VERSION)
        {
            return MalformedReason.NEWER_VERSION;
        }
        payloadLength = entry.getInt(DriveLogFormat.LENGTH_OFFSET, DriveLogFormat.ORDER);
        if (payloadLength != length - DriveLogFormat.ENTRY_HEADER_LENGTH)
        {
            return MalformedReason.TRUNCATED_BODY;
        }
        timeNs = entry.getLong(DriveLogFormat.TIME_OFFSET, DriveLogFormat.ORDER);
        return MalformedReason.OK;
    }

    private MalformedReason validate(final RecordedStream messageStream)
    {
        final int offset = DriveLogFormat.ENTRY_HEADER_LENGTH;
        final MalformedReason reason = MessageGuard.validate(entry, offset, payloadLength);
        if (MalformedReason.OK != reason)
        {
            return reason;
        }
        final int templateId = entry.getShort(offset + TEMPLATE_ID_OFFSET, DriveLogFormat.ORDER) & 0xFFFF;
        return templateId == messageStream.templateId() ? MalformedReason.OK : MalformedReason.UNKNOWN_TEMPLATE;
    }

    private void countMalformed(final MalformedReason reason)
    {
        malformedEntries++;
        malformedByReason[reason.ordinal()]++;
        if (firstMalformedIndex < 0)
        {
            firstMalformedIndex = index;
        }
    }

    private void closeDocument()
    {
        if (null != document)
        {
            final DocumentContext context = document;
            document = null;
            context.close();
        }
    }

    /**
     * @return log time of the entry at this index, or Long.MIN_VALUE when there is none.
     */
    private long timeAt(final long queueIndex)
    {
        if (!tailer.moveToIndex(queueIndex))
        {
            return Long.MIN_VALUE;
        }
        try (DocumentContext context = tailer.readingDocument())
        {
            if (!context.isPresent())
            {
                return Long.MIN_VALUE;
            }
            final Bytes<?> bytes = context.wire().bytes();
            return bytes.readRemaining() >= DriveLogFormat.ENTRY_HEADER_LENGTH ?
                bytes.readLong(bytes.readPosition() + DriveLogFormat.TIME_OFFSET) : Long.MIN_VALUE;
        }
    }

    private int nextCycle(final int cycle)
    {
        try
        {
            return queue.nextCycle(cycle, net.openhft.chronicle.queue.TailerDirection.FORWARD);
        }
        catch (final java.text.ParseException ex)
        {
            return -1;
        }
    }

    /**
     * Called when no whole entry follows: no end marker, so the log is torn. Looks at the cycle file after
     * the last whole document for a header Chronicle left marked not-complete (the writer died inside an
     * entry), stepping over whole metadata documents (index pages, a roll's end-of-file marker).
     */
    private DriveLogTail probeTail()
    {
        if (queue.lastCycle() > tailer.cycle())
        {
            // A later cycle file exists but holds no whole entry: the writer died inside its first.
            return DriveLogTail.TORN_MID_ENTRY;
        }
        final File file = tailer.currentFile();
        if (null == file || lastDocumentEnd < 0)
        {
            return DriveLogTail.TORN_AT_ENTRY_BOUNDARY;
        }
        try (FileChannel channel = FileChannel.open(file.toPath(), StandardOpenOption.READ))
        {
            final ByteBuffer word = ByteBuffer.allocate(Integer.BYTES).order(ByteOrder.LITTLE_ENDIAN);
            long position = align4(lastDocumentEnd);
            for (int i = 0; i < MAX_TAIL_PROBE_DOCUMENTS; i++)
            {
                word.clear();
                if (channel.read(word, position) < Integer.BYTES)
                {
                    return DriveLogTail.TORN_AT_ENTRY_BOUNDARY;
                }
                final int documentHeader = word.getInt(0);
                if (0 == documentHeader)
                {
                    // Chronicle may not have stamped the header of a document still being written: bytes after an
                    // empty header are the start of an entry that was never finished.
                    return hasBytesAfter(channel, position + DriveLogFormat.DOCUMENT_HEADER_LENGTH) ?
                        DriveLogTail.TORN_MID_ENTRY : DriveLogTail.TORN_AT_ENTRY_BOUNDARY;
                }
                if (Wires.isNotComplete(documentHeader) || !Wires.isReadyMetaData(documentHeader))
                {
                    // Not complete, or whole data the tailer would have returned: either way not an entry we have.
                    return DriveLogTail.TORN_MID_ENTRY;
                }
                position = align4(position + DriveLogFormat.DOCUMENT_HEADER_LENGTH + Wires.lengthOf(documentHeader));
            }
            return DriveLogTail.TORN_AT_ENTRY_BOUNDARY;
        }
        catch (final IOException ex)
        {
            throw new DriveLogException(file + ": cannot read the log's tail: " + ex.getMessage(), ex);
        }
    }

    private static boolean hasBytesAfter(final FileChannel channel, final long position) throws IOException
    {
        final ByteBuffer window = ByteBuffer.allocate(TAIL_PROBE_WINDOW);
        channel.read(window, position);
        window.flip();
        while (window.hasRemaining())
        {
            if (0 != window.get())
            {
                return true;
            }
        }
        return false;
    }

    private static long align4(final long position)
    {
        return (position + 3) & ~3L;
    }
}
