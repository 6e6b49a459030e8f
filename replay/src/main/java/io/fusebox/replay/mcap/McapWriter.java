package io.fusebox.replay.mcap;

import com.github.luben.zstd.Zstd;
import org.agrona.collections.Int2ObjectHashMap;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.CRC32;

/**
 * Writes an MCAP file to the specification (https://mcap.dev/spec): magic, header, schemas and channels,
 * messages in zstd-compressed chunks each followed by its message indexes, data end, and a summary section
 * (schemas, channels, statistics, chunk indexes) with summary offsets and the footer, so a viewer can seek.
 * CRCs are filled in: each chunk's uncompressed records, the data section, and the summary.
 *
 * <p>Schemas and channels are declared before the first message, and written in the data section ahead of
 * the chunks as well as in the summary. Messages must come in non-decreasing log time.
 */
public final class McapWriter implements AutoCloseable
{
    static final byte[] MAGIC = { (byte)0x89, 'M', 'C', 'A', 'P', '0', '\r', '\n' };
    static final int OP_HEADER = 0x01;
    static final int OP_FOOTER = 0x02;
    static final int OP_SCHEMA = 0x03;
    static final int OP_CHANNEL = 0x04;
    static final int OP_MESSAGE = 0x05;
    static final int OP_CHUNK = 0x06;
    static final int OP_MESSAGE_INDEX = 0x07;
    static final int OP_CHUNK_INDEX = 0x08;
    static final int OP_STATISTICS = 0x0B;
    static final int OP_SUMMARY_OFFSET = 0x0E;
    static final int OP_DATA_END = 0x0F;

    /** Uncompressed bytes gathered into one chunk before it is compressed and written. */
    public static final int CHUNK_SIZE_DEFAULT = 4 * 1024 * 1024;
    private static final int ZSTD_LEVEL = 3;

    private final OutputStream out;
    private final int chunkSize;
    private final CRC32 fileCrc = new CRC32();
    private final CRC32 chunkCrc = new CRC32();
    private final RecordBuffer record = new RecordBuffer(64 * 1024);
    private final RecordBuffer chunk = new RecordBuffer(CHUNK_SIZE_DEFAULT + 128 * 1024);
    private final List<byte[]> schemaRecords = new ArrayList<>();
    private final List<byte[]> channelRecords = new ArrayList<>();
    private final List<byte[]> chunkIndexRecords = new ArrayList<>();
    private final Int2ObjectHashMap<ChunkMessages> chunkMessages = new Int2ObjectHashMap<>();
    private final Map<Integer, long[]> messageCounts = new TreeMap<>();
    private long position;
    private long chunkStartTime = Long.MAX_VALUE;
    private long chunkEndTime;
    private long messageCount;
    private long firstTime = Long.MAX_VALUE;
    private long lastTime;
    private long lastLogTime = Long.MIN_VALUE;
    private int nextSchemaId = 1;
    private int nextChannelId = 1;
    private int chunkCount;
    private boolean isDataStarted;
    private boolean isClosed;

    /**
     * @param out     where the file goes; buffered by the caller, closed by {@link #close()}.
     * @param profile MCAP profile, empty for none.
     * @param library the writing library, e.g. {@code fusebox 0.1.0}.
     */
    public McapWriter(final OutputStream out, final String profile, final String library) throws IOException
    {
        this(out, profile, library, CHUNK_SIZE_DEFAULT);
    }

    McapWriter(final OutputStream out, final String profile, final String library, final int chunkSize)
        throws IOException
    {
        this.out = out;
        this.chunkSize = chunkSize;
        write(MAGIC, 0, MAGIC.length);
        record.reset();
        final int lengthAt = record.beginRecord(OP_HEADER);
        record.string(profile).string(library);
        record.endRecord(lengthAt);
        writeRecord();
    }

    /**
     * @param name     e.g. {@code foxglove.PointCloud}.
     * @param encoding e.g. {@code jsonschema}.
     * @param data     the schema itself.
     * @return the schema's id.
     */
    public int addSchema(final String name, final String encoding, final String data) throws IOException
    {
        checkDeclaring();
        final int id = nextSchemaId++;
        final byte[] bytes = data.getBytes(StandardCharsets.UTF_8);
        record.reset();
        final int lengthAt = record.beginRecord(OP_SCHEMA);
        record.u16(id).string(name).string(encoding).u32(bytes.length).bytes(bytes, 0, bytes.length);
        record.endRecord(lengthAt);
        schemaRecords.add(copyRecord());
        writeRecord();
        return id;
    }

    /**
     * @return the channel's id.
     */
    public int addChannel(
        final int schemaId, final String topic, final String messageEncoding, final Map<String, String> metadata)
        throws IOException
    {
        checkDeclaring();
        final int id = nextChannelId++;
        record.reset();
        final int lengthAt = record.beginRecord(OP_CHANNEL);
        record.u16(id).u16(schemaId).string(topic).string(messageEncoding);
        final int mapAt = record.beginLength();
        for (final Map.Entry<String, String> entry : new TreeMap<>(metadata).entrySet())
        {
            record.string(entry.getKey()).string(entry.getValue());
        }
        record.endLength(mapAt);
        record.endRecord(lengthAt);
        channelRecords.add(copyRecord());
        messageCounts.put(id, new long[1]);
        writeRecord();
        return id;
    }

    /**
     * Adds a message to the current chunk, which is written once it holds {@code chunkSize} bytes.
     *
     * @param logTimeNs     when it was recorded, ns since the epoch; never less than the previous message's.
     * @param publishTimeNs when it was sent (for a sensor message, its capture time).
     */
    public void addMessage(
        final int channelId,
        final long sequence,
        final long logTimeNs,
        final long publishTimeNs,
        final byte[] data,
        final int offset,
        final int length) throws IOException
    {
        final long[] count = messageCounts.get(channelId);
        if (null == count)
        {
            throw new IllegalArgumentException("no channel " + channelId);
        }
        if (logTimeNs < lastLogTime)
        {
            throw new IllegalArgumentException("log time went back: " + logTimeNs + " after " + lastLogTime);
        }
        lastLogTime = logTimeNs;
        isDataStarted = true;

        final int recordOffset = chunk.position();
        final int lengthAt = chunk.beginRecord(OP_MESSAGE);
        chunk.u16(channelId).u32(sequence).u64(logTimeNs).u64(publishTimeNs).bytes(data, offset, length);
        chunk.endRecord(lengthAt);
        ChunkMessages messages = chunkMessages.get(channelId);
        if (null == messages)
        {
            messages = new ChunkMessages();
            chunkMessages.put(channelId, messages);
        }
        messages.add(logTimeNs, recordOffset);

        count[0]++;
        messageCount++;
        chunkStartTime = Math.min(chunkStartTime, logTimeNs);
        chunkEndTime = Math.max(chunkEndTime, logTimeNs);
        firstTime = Math.min(firstTime, logTimeNs);
        lastTime = Math.max(lastTime, logTimeNs);
        if (chunk.position() >= chunkSize)
        {
            flushChunk();
        }
    }

    public long messageCount()
    {
        return messageCount;
    }

    /**
     * Writes the last chunk, the data end, the summary, the summary offsets and the footer.
     */
    public void close() throws IOException
    {
        if (isClosed)
        {
            return;
        }
        isClosed = true;
        try
        {
            flushChunk();
            record.reset();
            final int dataEndAt = record.beginRecord(OP_DATA_END);
            record.u32(fileCrc.getValue());
            record.endRecord(dataEndAt);
            writeRecord();

            final long summaryStart = position;
            fileCrc.reset();
            final long schemaStart = position;
            for (final byte[] schema : schemaRecords)
            {
                write(schema, 0, schema.length);
            }
            final long channelStart = position;
            for (final byte[] channel : channelRecords)
            {
                write(channel, 0, channel.length);
            }
            final long statisticsStart = position;
            writeStatistics();
            final long chunkIndexStart = position;
            for (final byte[] chunkIndex : chunkIndexRecords)
            {
                write(chunkIndex, 0, chunkIndex.length);
            }
            final long summaryOffsetStart = position;
            writeSummaryOffset(OP_SCHEMA, schemaStart, channelStart - schemaStart);
            writeSummaryOffset(OP_CHANNEL, channelStart, statisticsStart - channelStart);
            writeSummaryOffset(OP_STATISTICS, statisticsStart, chunkIndexStart - statisticsStart);
            writeSummaryOffset(OP_CHUNK_INDEX, chunkIndexStart, summaryOffsetStart - chunkIndexStart);

            // The footer's CRC covers the summary through the footer's own offsets.
            record.reset();
            record.u8(OP_FOOTER).u64(8 + 8 + 4).u64(summaryStart).u64(summaryOffsetStart);
            fileCrc.update(record.array(), 0, record.position());
            record.u32(fileCrc.getValue());
            write(record.array(), 0, record.position());
            write(MAGIC, 0, MAGIC.length);
        }
        finally
        {
            out.close();
        }
    }

    private void writeStatistics() throws IOException
    {
        record.reset();
        final int lengthAt = record.beginRecord(OP_STATISTICS);
        record.u64(messageCount).u16(schemaRecords.size()).u32(channelRecords.size()).u32(0).u32(0).u32(chunkCount)
            .u64(0 == messageCount ? 0 : firstTime).u64(lastTime);
        final int mapAt = record.beginLength();
        for (final Map.Entry<Integer, long[]> entry : messageCounts.entrySet())
        {
            record.u16(entry.getKey()).u64(entry.getValue()[0]);
        }
        record.endLength(mapAt);
        record.endRecord(lengthAt);
        writeRecord();
    }

    private void writeSummaryOffset(final int opcode, final long start, final long length) throws IOException
    {
        if (0 == length)
        {
            return;
        }
        record.reset();
        final int lengthAt = record.beginRecord(OP_SUMMARY_OFFSET);
        record.u8(opcode).u64(start).u64(length);
        record.endRecord(lengthAt);
        writeRecord();
    }

    private void flushChunk() throws IOException
    {
        if (0 == chunk.position())
        {
            return;
        }
        final int uncompressedSize = chunk.position();
        chunkCrc.reset();
        chunkCrc.update(chunk.array(), 0, uncompressedSize);
        final byte[] compressed = new byte[(int)Zstd.compressBound(uncompressedSize)];
        final long compressedSize = Zstd.compressByteArray(
            compressed, 0, compressed.length, chunk.array(), 0, uncompressedSize, ZSTD_LEVEL);
        if (Zstd.isError(compressedSize))
        {
            throw new IOException("zstd: " + Zstd.getErrorName(compressedSize));
        }

        final long chunkStart = position;
        record.reset();
        final int lengthAt = record.beginRecord(OP_CHUNK);
        record.u64(chunkStartTime).u64(chunkEndTime).u64(uncompressedSize).u32(chunkCrc.getValue()).string("zstd")
            .u64(compressedSize);
        final long headerLength = record.position();
        // The record's length covers the compressed records that follow the fields.
        final long chunkLength = headerLength + compressedSize;
        final long contentLength = chunkLength - 1 - 8;
        record.putU64At(lengthAt, contentLength);
        write(record.array(), 0, record.position());
        write(compressed, 0, (int)compressedSize);

        final long messageIndexStart = position;
        final Map<Integer, Long> indexOffsets = new TreeMap<>();
        final List<Integer> channels = new ArrayList<>(chunkMessages.keySet());
        channels.sort(Integer::compare);
        for (final int channelId : channels)
        {
            final ChunkMessages messages = chunkMessages.get(channelId);
            indexOffsets.put(channelId, position);
            record.reset();
            final int indexAt = record.beginRecord(OP_MESSAGE_INDEX);
            record.u16(channelId);
            final int arrayAt = record.beginLength();
            for (int i = 0; i < messages.count; i++)
            {
                record.u64(messages.logTimes[i]).u64(messages.offsets[i]);
            }
            record.endLength(arrayAt);
            record.endRecord(indexAt);
            writeRecord();
        }
        final long messageIndexLength = position - messageIndexStart;

        record.reset();
        final int indexAt = record.beginRecord(OP_CHUNK_INDEX);
        record.u64(chunkStartTime).u64(chunkEndTime).u64(chunkStart).u64(chunkLength);
        final int mapAt = record.beginLength();
        for (final Map.Entry<Integer, Long> entry : indexOffsets.entrySet())
        {
            record.u16(entry.getKey()).u64(entry.getValue());
        }
        record.endLength(mapAt);
        record.u64(messageIndexLength).string("zstd").u64(compressedSize).u64(uncompressedSize);
        record.endRecord(indexAt);
        chunkIndexRecords.add(copyRecord());

        chunkCount++;
        chunk.reset();
        chunkMessages.clear();
        chunkStartTime = Long.MAX_VALUE;
        chunkEndTime = 0;
    }

    private void checkDeclaring()
    {
        if (isDataStarted)
        {
            throw new IllegalStateException("schemas and channels are declared before the first message");
        }
    }

    private byte[] copyRecord()
    {
        final byte[] copy = new byte[record.position()];
        System.arraycopy(record.array(), 0, copy, 0, copy.length);
        return copy;
    }

    private void writeRecord() throws IOException
    {
        write(record.array(), 0, record.position());
    }

    private void write(final byte[] bytes, final int offset, final int length) throws IOException
    {
        out.write(bytes, offset, length);
        fileCrc.update(bytes, offset, length);
        position += length;
    }

    /**
     * Log time and offset in the chunk of each message of one channel in the current chunk.
     */
    private static final class ChunkMessages
    {
        private long[] logTimes = new long[256];
        private long[] offsets = new long[256];
        private int count;

        void add(final long logTime, final long offset)
        {
            if (count == logTimes.length)
            {
                logTimes = java.util.Arrays.copyOf(logTimes, count * 2);
                offsets = java.util.Arrays.copyOf(offsets, count * 2);
            }
            logTimes[count] = logTime;
            offsets[count] = offset;
            count++;
        }
    }
}
