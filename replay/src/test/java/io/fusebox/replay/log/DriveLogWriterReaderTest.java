package io.fusebox.replay.log;

import io.fusebox.replay.testing.TestMessages;
import io.fusebox.sensors.codec.MessageHeaderDecoder;
import io.fusebox.sensors.message.FusionInputReader;
import io.fusebox.sensors.message.MalformedReason;
import io.fusebox.sensors.rig.RigLoader;
import net.openhft.chronicle.core.time.SetTimeProvider;
import net.openhft.chronicle.queue.rollcycles.TestRollCycles;
import org.agrona.ExpandableArrayBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DriveLogWriterReaderTest
{
    private static final long START_NS = 1_800_000_000_000_000_000L;
    private static final long MS = TimeUnit.MILLISECONDS.toNanos(1);

    private final TestMessages messages = new TestMessages();
    private final ExpandableArrayBuffer buffer = new ExpandableArrayBuffer(128 * 1024);
    private final UnsafeBuffer directBuffer = new UnsafeBuffer(ByteBuffer.allocateDirect(128 * 1024));

    @Test
    void readsBackTheHeaderAndEveryEntryInOrderByteForByte(@TempDir final Path root)
    {
        final List<byte[]> written = new ArrayList<>();
        final List<RecordedStream> streams = new ArrayList<>();
        final Path directory;
        try (DriveLogWriter writer = DriveLogWriter.open(context(root).scenario("urban intersection").seed(7)))
        {
            directory = writer.directory();
            for (int i = 0; i < 300; i++)
            {
                final long receiveNs = START_NS + 10 * MS + i * MS;
                // Alternate a heap and a direct source buffer: the writer copies from both without allocating.
                final boolean direct = 0 == (i & 1);
                final int length = i % 10 == 0 ?
                    messages.lidarInput(direct ? directBuffer : buffer, 0, i, receiveNs, 31, i, 3000) :
                    messages.cameraInput(direct ? directBuffer : buffer, 0, i, receiveNs, 1 + i % 12, i, i % 7);
                assertTrue(writer.append(RecordedStream.FUSION_INPUT, direct ? directBuffer : buffer, 0, length));
                written.add(copy(direct ? directBuffer : buffer, length));
                streams.add(RecordedStream.FUSION_INPUT);
                if (i % 25 == 24)
                {
                    append(writer, RecordedStream.WORLD_MODEL, messages.worldModel(buffer, 0, receiveNs, i / 25, 5),
                        written, streams);
                    append(writer, RecordedStream.TRAJECTORY, messages.trajectory(buffer, 0, receiveNs, i / 25, 20),
                        written, streams);
                    append(writer, RecordedStream.HEALTH, messages.health(buffer, 0, receiveNs, 34), written, streams);
                }
            }
            assertEquals(300, writer.entries(RecordedStream.FUSION_INPUT));
            assertEquals(12, writer.entries(RecordedStream.WORLD_MODEL));
        }
        assertTrue(directory.getFileName().toString().endsWith("-urban_intersection"), directory.toString());

        try (DriveLogReader reader = DriveLogReader.open(directory))
        {
            final DriveLogHeader header = reader.header();
            assertEquals("urban intersection", header.scenario());
            assertEquals(7, header.seed());
            assertEquals(START_NS, header.startTimeNs());
            assertEquals(MessageHeaderDecoder.SCHEMA_ID, header.schemaId());
            assertEquals(MessageHeaderDecoder.SCHEMA_VERSION, header.schemaVersion());
            assertEquals(RigLoader.loadDefault().name(), header.rig().name());

            final FusionInputReader fusionInput = new FusionInputReader();
            long lastTime = Long.MIN_VALUE;
            int count = 0;
            while (reader.next())
            {
                assertEquals(EntryKind.MESSAGE, reader.kind());
                assertEquals(streams.get(count), reader.stream(), "entry " + count);
                assertArrayEquals(written.get(count), copy(reader.buffer(), reader.offset(), reader.length()),
                    "entry " + count);
                assertTrue(reader.timeNs() >= lastTime, "log time never decreases");
                lastTime = reader.timeNs();
                if (RecordedStream.FUSION_INPUT == reader.stream())
                {
                    assertTrue(fusionInput.wrap(reader.buffer(), reader.offset(), reader.length()));
                    assertEquals(fusionInput.receiveTimeNs(), reader.timeNs(), "a fusion input's log time is its receive time");
                }
                count++;
            }
            assertEquals(written.size(), count);
            assertEquals(DriveLogTail.COMPLETE, reader.tail());
            assertFalse(reader.tail().isTorn());
            assertEquals(DriveLogEnd.Reason.CLOSED, reader.end().reason());
            assertEquals(300, reader.end().entries(RecordedStream.FUSION_INPUT));
            assertEquals(12, reader.end().entries(RecordedStream.HEALTH));
            assertEquals(0, reader.malformedEntries());
            assertFalse(reader.next(), "stays at the end");
        }
    }

    @Test
    void rollsCyclesAndReadsAcrossThem(@TempDir final Path root) throws IOException
    {
        final SetTimeProvider time = new SetTimeProvider(TimeUnit.SECONDS.toNanos(1_800_000_000L));
        final Path directory;
        try (DriveLogWriter writer = DriveLogWriter.open(context(root).rollCycle(TestRollCycles.TEST_SECONDLY)
            .timeProvider(time)))
        {
            directory = writer.directory();
            for (int i = 0; i < 90; i++)
            {
                if (i % 30 == 0)
                {
                    time.advanceMillis(1000);
                }
                final int length = messages.cameraInput(buffer, 0, i, START_NS + i * MS, 1, i, 2);
                assertTrue(writer.append(RecordedStream.FUSION_INPUT, buffer, 0, length));
            }
        }
        try (Stream<Path> files = Files.list(directory))
        {
            assertTrue(files.filter((path) -> path.toString().endsWith(".cq4")).count() >= 3, "three cycles, three files");
        }

        try (DriveLogReader reader = DriveLogReader.open(directory))
        {
            final FusionInputReader fusionInput = new FusionInputReader();
            for (int i = 0; i < 90; i++)
            {
                assertTrue(reader.next(), "entry " + i);
                fusionInput.wrap(reader.buffer(), reader.offset(), reader.length());
                assertEquals(i, fusionInput.globalSequence());
            }
            assertFalse(reader.next());
            assertEquals(DriveLogTail.COMPLETE, reader.tail());

            // A seek into the third cycle, and one before everything, land on the right entries.
            reader.seek(START_NS + 75 * MS);
            assertTrue(reader.next());
            fusionInput.wrap(reader.buffer(), reader.offset(), reader.length());
            assertEquals(75, fusionInput.globalSequence());
            reader.seek(START_NS + 45 * MS + 1);
            assertTrue(reader.next());
            fusionInput.wrap(reader.buffer(), reader.offset(), reader.length());
            assertEquals(46, fusionInput.globalSequence());
            reader.seek(Long.MIN_VALUE);
            assertTrue(reader.next());
            fusionInput.wrap(reader.buffer(), reader.offset(), reader.length());
            assertEquals(0, fusionInput.globalSequence());
        }
    }

    @Test
    void seekLandsOnTheFirstEntryAtOrAfterTheTime(@TempDir final Path root)
    {
        final Path directory = writeCameraInputs(root, 1000, 3 * MS);
        try (DriveLogReader reader = DriveLogReader.open(directory))
        {
            final FusionInputReader fusionInput = new FusionInputReader();
            for (final long at : new long[]{ 0, 1, 3 * MS, 3 * MS + 1, 1500 * MS, 2997 * MS })
            {
                reader.seek(START_NS + at);
                assertTrue(reader.next(), "seek to " + at);
                fusionInput.wrap(reader.buffer(), reader.offset(), reader.length());
                assertEquals((at + 3 * MS - 1) / (3 * MS), fusionInput.globalSequence(), "seek to " + at);
                assertTrue(reader.timeNs() >= START_NS + at);
            }
            reader.seek(START_NS + 2997 * MS + 1);
            assertFalse(reader.next(), "nothing at or after a time past the last entry");
            assertEquals(DriveLogTail.COMPLETE, reader.tail());
        }
    }

    @Test
    void sizeCapStopsTheRecordingWholeWithAnEndMarker(@TempDir final Path root)
    {
        final long cap = DriveLogContext.MIN_MAX_BYTES;
        final Path directory;
        final long accepted;
        try (DriveLogWriter writer = DriveLogWriter.open(context(root).maxBytes(cap)))
        {
            directory = writer.directory();
            int i = 0;
            while (writer.append(RecordedStream.FUSION_INPUT, buffer, 0,
                messages.lidarInput(buffer, 0, i, START_NS + i * MS, 31, i, 2000)))
            {
                i++;
            }
            accepted = i;
            assertTrue(writer.isCapReached());
            assertFalse(writer.append(RecordedStream.WORLD_MODEL, buffer, 0, messages.worldModel(buffer, 0, 0, 0, 1)));
            assertEquals(2, writer.refusedMessages());
            assertTrue(writer.totalBytes() <= cap, writer.totalBytes() + " <= " + cap);
            assertTrue(accepted > 20, "a 1 MiB log holds some 32 KiB sectors: " + accepted);
        }
        try (DriveLogReader reader = DriveLogReader.open(directory))
        {
            long count = 0;
            while (reader.next())
            {
                count++;
            }
            assertEquals(accepted, count);
            assertEquals(DriveLogTail.COMPLETE, reader.tail());
            assertEquals(DriveLogEnd.Reason.SIZE_CAP, reader.end().reason());
            assertEquals(accepted, reader.end().entries(RecordedStream.FUSION_INPUT));
        }
    }

    @Test
    void gapsAreReadAsGapEntriesAndTallied(@TempDir final Path root)
    {
        final Path directory;
        try (DriveLogWriter writer = DriveLogWriter.open(context(root)))
        {
            directory = writer.directory();
            writer.append(RecordedStream.FUSION_INPUT, buffer, 0, messages.cameraInput(buffer, 0, 0, START_NS, 1, 0, 1));
            writer.appendGap(RecordedStream.FUSION_INPUT, 17);
            writer.append(RecordedStream.FUSION_INPUT, buffer, 0, messages.cameraInput(buffer, 0, 18, START_NS + MS, 1, 18, 1));
        }
        try (DriveLogReader reader = DriveLogReader.open(directory))
        {
            assertTrue(reader.next());
            assertEquals(EntryKind.MESSAGE, reader.kind());
            assertTrue(reader.next());
            assertEquals(EntryKind.GAP, reader.kind());
            assertEquals(RecordedStream.FUSION_INPUT, reader.stream());
            assertEquals(17, reader.droppedMessages());
            assertTrue(reader.next());
            assertEquals(EntryKind.MESSAGE, reader.kind());
            assertFalse(reader.next());
            assertEquals(17, reader.end().droppedMessages(RecordedStream.FUSION_INPUT));
        }
    }

    @Test
    void malformedEntriesAreSkippedAndCountedByReason(@TempDir final Path root)
    {
        final Path directory;
        try (DriveLogWriter writer = DriveLogWriter.open(context(root)))
        {
            directory = writer.directory();
            final int length = messages.cameraInput(buffer, 0, 0, START_NS, 1, 0, 3);
            writer.append(RecordedStream.FUSION_INPUT, buffer, 0, length);
            // Cut short: the embedded camera frame's group runs past the end.
            writer.append(RecordedStream.FUSION_INPUT, buffer, 0, length - 10);
            // A well-formed world model tagged as a trajectory.
            writer.append(RecordedStream.TRAJECTORY, buffer, 0, messages.worldModel(buffer, 0, START_NS, 1, 1));
            writer.append(RecordedStream.FUSION_INPUT, buffer, 0, messages.cameraInput(buffer, 0, 1, START_NS + MS, 1, 1, 3));
        }
        try (DriveLogReader reader = DriveLogReader.open(directory))
        {
            int count = 0;
            while (reader.next())
            {
                count++;
            }
            assertEquals(2, count);
            assertEquals(2, reader.malformedEntries());
            assertEquals(1, reader.malformedEntries(MalformedReason.UNKNOWN_TEMPLATE));
            assertEquals(1, reader.malformedEntries(MalformedReason.VAR_DATA_PAST_BUFFER) +
                reader.malformedEntries(MalformedReason.GROUP_PAST_BUFFER) +
                reader.malformedEntries(MalformedReason.TRUNCATED_VAR_DATA_HEADER));
            assertTrue(reader.firstMalformedIndex() >= 0);
            assertEquals(DriveLogTail.COMPLETE, reader.tail());
        }
    }

    @Test
    void aLogStillBeingWrittenReadsAsTornAtAnEntryBoundary(@TempDir final Path root)
    {
        try (DriveLogWriter writer = DriveLogWriter.open(context(root)))
        {
            for (int i = 0; i < 10; i++)
            {
                writer.append(RecordedStream.FUSION_INPUT, buffer, 0, messages.cameraInput(buffer, 0, i, START_NS + i, 1, i, 1));
            }
            try (DriveLogReader reader = DriveLogReader.open(writer.directory()))
            {
                int count = 0;
                while (reader.next())
                {
                    count++;
                }
                assertEquals(10, count);
                assertEquals(DriveLogTail.TORN_AT_ENTRY_BOUNDARY, reader.tail());
                assertTrue(reader.tail().isTorn());
                assertNull(reader.end());
            }
        }
    }

    @Test
    void refusesWhatIsNotADriveLog(@TempDir final Path root) throws IOException
    {
        assertThrows(DriveLogException.class, () -> DriveLogReader.open(root.resolve("missing")));
        Files.createDirectories(root.resolve("empty"));
        final DriveLogException ex = assertThrows(DriveLogException.class, () -> DriveLogReader.open(root.resolve("empty")));
        assertTrue(ex.getMessage().contains("not a drive log"), ex.getMessage());
    }

    @Test
    void refusesToAppendToAnExistingLog(@TempDir final Path root)
    {
        final Path directory;
        try (DriveLogWriter writer = DriveLogWriter.open(context(root)))
        {
            directory = writer.directory();
        }
        final IllegalArgumentException ex = assertThrows(IllegalArgumentException.class,
            () -> DriveLogWriter.open(new DriveLogContext().directory(directory)));
        assertTrue(ex.getMessage().contains("directory"), ex.getMessage());
    }

    private Path writeCameraInputs(final Path root, final int count, final long periodNs)
    {
        try (DriveLogWriter writer = DriveLogWriter.open(context(root)))
        {
            for (int i = 0; i < count; i++)
            {
                writer.append(RecordedStream.FUSION_INPUT, buffer, 0,
                    messages.cameraInput(buffer, 0, i, START_NS + i * periodNs, 1, i, 1));
                if (i % 10 == 0)
                {
                    writer.append(RecordedStream.WORLD_MODEL, buffer, 0, messages.worldModel(buffer, 0, START_NS, i, 1));
                }
            }
            return writer.directory();
        }
    }

    private static DriveLogContext context(final Path root)
    {
        return new DriveLogContext().rootDirectory(root).startTimeNs(START_NS).blockSize(DriveLogContext.MIN_BLOCK_SIZE);
    }

    private void append(
        final DriveLogWriter writer,
        final RecordedStream stream,
        final int length,
        final List<byte[]> written,
        final List<RecordedStream> streams)
    {
        assertTrue(writer.append(stream, buffer, 0, length));
        written.add(copy(buffer, length));
        streams.add(stream);
    }

    private static byte[] copy(final org.agrona.DirectBuffer source, final int length)
    {
        return copy(source, 0, length);
    }

    private static byte[] copy(final org.agrona.DirectBuffer source, final int offset, final int length)
    {
        final byte[] bytes = new byte[length];
        source.getBytes(offset, bytes);
        return bytes;
    }
}
