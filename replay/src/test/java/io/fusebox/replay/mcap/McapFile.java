package io.fusebox.replay.mcap;

import com.github.luben.zstd.Zstd;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.CRC32;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A strict reader of the MCAP files fusebox writes, for tests: checks magic, footer, CRCs, summary offsets,
 * every chunk (decompressed, CRC'd, its messages counted) and that every message index entry points at a
 * message of its channel with its log time.
 */
final class McapFile
{
    final Map<Integer, String> schemaNames = new TreeMap<>();
    final Map<Integer, String> topics = new TreeMap<>();
    final Map<String, Long> messagesByTopic = new LinkedHashMap<>();
    final Map<String, byte[]> firstMessage = new LinkedHashMap<>();
    long statisticsMessageCount;
    long statisticsStart;
    long statisticsEnd;
    int chunkCount;
    long messagesInChunks;
    long minLogTime = Long.MAX_VALUE;
    long maxLogTime;

    static McapFile read(final Path file) throws IOException
    {
        final McapFile mcap = new McapFile();
        final ByteBuffer bytes = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
        final int length = bytes.capacity();
        assertArrayEquals(McapWriter.MAGIC, Arrays.copyOfRange(bytes.array(), 0, 8), "leading magic");
        assertArrayEquals(McapWriter.MAGIC, Arrays.copyOfRange(bytes.array(), length - 8, length), "trailing magic");

        final int footer = length - 8 - (1 + 8 + 20);
        assertEquals(McapWriter.OP_FOOTER, bytes.get(footer));
        assertEquals(20, bytes.getLong(footer + 1));
        final long summaryStart = bytes.getLong(footer + 9);
        final long summaryOffsetStart = bytes.getLong(footer + 17);
        final long summaryCrc = bytes.getInt(footer + 25) & 0xFFFF_FFFFL;
        final CRC32 crc = new CRC32();
        crc.update(bytes.array(), (int)summaryStart, footer + 25 - (int)summaryStart);
        assertEquals(crc.getValue(), summaryCrc, "summary CRC");

        // Data section: header, schemas, channels, chunks with their message indexes, data end.
        int position = 8;
        assertEquals(McapWriter.OP_HEADER, bytes.get(position));
        final CRC32 dataCrc = new CRC32();
        final List<long[]> chunks = new ArrayList<>();
        while (true)
        {
            final int opcode = bytes.get(position) & 0xFF;
            final int content = position + 9;
            final long recordLength = bytes.getLong(position + 1);
            if (McapWriter.OP_DATA_END == opcode)
            {
                dataCrc.update(bytes.array(), 0, position);
                assertEquals(dataCrc.getValue(), bytes.getInt(content) & 0xFFFF_FFFFL, "data section CRC");
                position = content + (int)recordLength;
                break;
            }
            if (McapWriter.OP_CHUNK == opcode)
            {
                chunks.add(new long[]{ position, 9 + recordLength });
            }
            position = content + (int)recordLength;
        }
        assertEquals(summaryStart, position, "summary follows data end");

        // Summary: schemas, channels, statistics, chunk indexes; then the offsets to each group.
        final List<long[]> chunkIndexes = new ArrayList<>();
        while (position < summaryOffsetStart)
        {
            final int opcode = bytes.get(position) & 0xFF;
            final int content = position + 9;
            final long recordLength = bytes.getLong(position + 1);
            if (McapWriter.OP_SCHEMA == opcode)
            {
                final int id = bytes.getShort(content) & 0xFFFF;
                mcap.schemaNames.put(id, string(bytes, content + 2));
            }
            else if (McapWriter.OP_CHANNEL == opcode)
            {
                final int id = bytes.getShort(content) & 0xFFFF;
                final String topic = string(bytes, content + 4);
                mcap.topics.put(id, topic);
                mcap.messagesByTopic.put(topic, 0L);
            }
            else if (McapWriter.OP_STATISTICS == opcode)
            {
                mcap.statisticsMessageCount = bytes.getLong(content);
                assertEquals(mcap.schemaNames.size(), bytes.getShort(content + 8) & 0xFFFF);
                assertEquals(mcap.topics.size(), bytes.getInt(content + 10));
                mcap.chunkCount = bytes.getInt(content + 22);
                mcap.statisticsStart = bytes.getLong(content + 26);
                mcap.statisticsEnd = bytes.getLong(content + 34);
            }
            else if (McapWriter.OP_CHUNK_INDEX == opcode)
            {
                chunkIndexes.add(new long[]{ bytes.getLong(content + 16), bytes.getLong(content + 24) });
            }
            position = content + (int)recordLength;
        }
        int groups = 0;
        while (position < footer)
        {
            assertEquals(McapWriter.OP_SUMMARY_OFFSET, bytes.get(position));
            final int groupOpcode = bytes.get(position + 9) & 0xFF;
            final long groupStart = bytes.getLong(position + 10);
            assertEquals(groupOpcode, bytes.get((int)groupStart) & 0xFF, "summary offset points at its group");
            groups++;
            position += 9 + 17;
        }
        assertTrue(groups >= 1, "at least the statistics group");
        assertEquals(chunks.size(), chunkIndexes.size(), "a chunk index per chunk");
        assertEquals(mcap.chunkCount, chunks.size());

        for (int c = 0; c < chunks.size(); c++)
        {
            assertEquals(chunks.get(c)[0], chunkIndexes.get(c)[0], "chunk index points at its chunk");
            assertEquals(chunks.get(c)[1], chunkIndexes.get(c)[1], "chunk index has its length");
            mcap.readChunk(bytes, (int)chunks.get(c)[0]);
        }
        return mcap;
    }

    private void readChunk(final ByteBuffer bytes, final int start)
    {
        final int content = start + 9;
        final long uncompressedSize = bytes.getLong(content + 16);
        final long uncompressedCrc = bytes.getInt(content + 24) & 0xFFFF_FFFFL;
        final String compression = string(bytes, content + 28);
        assertEquals("zstd", compression);
        final int recordsAt = content + 28 + 4 + compression.length();
        final long compressedSize = bytes.getLong(recordsAt);
        final byte[] compressed = Arrays.copyOfRange(bytes.array(), recordsAt + 8, recordsAt + 8 + (int)compressedSize);
        final byte[] records = Zstd.decompress(compressed, (int)uncompressedSize);
        final CRC32 crc = new CRC32();
        crc.update(records);
        assertEquals(uncompressedCrc, crc.getValue(), "chunk CRC");

        final ByteBuffer chunk = ByteBuffer.wrap(records).order(ByteOrder.LITTLE_ENDIAN);
        final Map<Integer, List<long[]>> messages = new TreeMap<>();
        int position = 0;
        while (position < records.length)
        {
            assertEquals(McapWriter.OP_MESSAGE, chunk.get(position));
            final long length = chunk.getLong(position + 1);
            final int channel = chunk.getShort(position + 9) & 0xFFFF;
            final long logTime = chunk.getLong(position + 15);
            messages.computeIfAbsent(channel, (id) -> new ArrayList<>()).add(new long[]{ logTime, position });
            final String topic = topics.get(channel);
            messagesByTopic.merge(topic, 1L, Long::sum);
            if (!firstMessage.containsKey(topic))
            {
                firstMessage.put(topic, Arrays.copyOfRange(records, position + 31, position + 9 + (int)length));
            }
            minLogTime = Math.min(minLogTime, logTime);
            maxLogTime = Math.max(maxLogTime, logTime);
            messagesInChunks++;
            position += 9 + (int)length;
        }

        // The message indexes follow the chunk, one per channel with messages in it, pointing at them.
        int index = start + 9 + (int)bytes.getLong(start + 1);
        for (final Map.Entry<Integer, List<long[]>> channel : messages.entrySet())
        {
            assertEquals(McapWriter.OP_MESSAGE_INDEX, bytes.get(index));
            assertEquals(channel.getKey().intValue(), bytes.getShort(index + 9) & 0xFFFF);
            final int entries = bytes.getInt(index + 11) / 16;
            assertEquals(channel.getValue().size(), entries);
            for (int i = 0; i < entries; i++)
            {
                assertEquals(channel.getValue().get(i)[0], bytes.getLong(index + 15 + i * 16));
                assertEquals(channel.getValue().get(i)[1], bytes.getLong(index + 15 + i * 16 + 8));
            }
            index += 9 + (int)bytes.getLong(index + 1);
        }
    }

    private static String string(final ByteBuffer bytes, final int at)
    {
        final int length = bytes.getInt(at);
        return new String(bytes.array(), at + 4, length, StandardCharsets.UTF_8);
    }
}
