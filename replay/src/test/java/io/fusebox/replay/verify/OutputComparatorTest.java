package io.fusebox.replay.verify;

import io.fusebox.replay.log.DriveLogContext;
import io.fusebox.replay.log.DriveLogWriter;
import io.fusebox.replay.log.RecordedStream;
import io.fusebox.replay.testing.TestMessages;
import io.fusebox.sensors.codec.MessageHeaderDecoder;
import io.fusebox.sensors.codec.TrajectoryDecoder;
import io.fusebox.sensors.codec.WorldModelDecoder;
import org.agrona.ExpandableArrayBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.ByteOrder;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class OutputComparatorTest
{
    private static final long START_NS = 1_800_000_000_000_000_000L;
    private static final long MS = 1_000_000L;
    private static final int OUTPUTS = 10;

    private final TestMessages messages = new TestMessages();
    private final ExpandableArrayBuffer buffer = new ExpandableArrayBuffer();

    @Test
    void identicalOutputsVerify(@TempDir final Path root)
    {
        final Path drive = record(root);
        try (OutputComparator comparator = new OutputComparator(drive, START_NS))
        {
            for (int i = 0; i < OUTPUTS; i++)
            {
                assertTrue(comparator.onProduced(RecordedStream.WORLD_MODEL, buffer, 0, worldModel(i)));
                assertTrue(comparator.onProduced(RecordedStream.TRAJECTORY, buffer, 0, trajectory(i)));
            }
            comparator.finish();
            assertTrue(comparator.isVerified());
            assertEquals(OUTPUTS, comparator.compared(RecordedStream.WORLD_MODEL));
            assertEquals(OUTPUTS, comparator.compared(RecordedStream.TRAJECTORY));
            assertEquals(OUTPUTS, comparator.recorded(RecordedStream.WORLD_MODEL));
            assertEquals(0, comparator.divergences());
            assertNull(comparator.firstDivergence());
        }
    }

    @Test
    void recordedWatchdogStopsAreLeftOutNotCountedAsMissing(@TempDir final Path root)
    {
        final Path drive;
        try (DriveLogWriter writer = DriveLogWriter.open(new DriveLogContext().rootDirectory(root).startTimeNs(START_NS)))
        {
            for (int i = 0; i < OUTPUTS; i++)
            {
                writer.append(RecordedStream.WORLD_MODEL, buffer, 0, worldModel(i));
                writer.append(RecordedStream.TRAJECTORY, buffer, 0, trajectory(i));
                if (3 == i)
                {
                    // World models came late on the wall clock: the planner's watchdog stopped the ego twice.
                    for (int k = 1; k <= 2; k++)
                    {
                        final int length = trajectory(i);
                        buffer.putLong(MessageHeaderDecoder.ENCODED_LENGTH +
                            TrajectoryDecoder.worldModelSequenceEncodingOffset(),
                            TrajectoryDecoder.worldModelSequenceNullValue(), MessageHeaderDecoder.BYTE_ORDER);
                        writer.append(RecordedStream.TRAJECTORY, buffer, 0, length);
                    }
                }
            }
            drive = writer.directory();
        }
        try (OutputComparator comparator = new OutputComparator(drive, START_NS))
        {
            for (int i = 0; i < OUTPUTS; i++)
            {
                assertTrue(comparator.onProduced(RecordedStream.WORLD_MODEL, buffer, 0, worldModel(i)));
                assertTrue(comparator.onProduced(RecordedStream.TRAJECTORY, buffer, 0, trajectory(i)), "trajectory " + i);
            }
            comparator.finish();
            assertTrue(comparator.isVerified());
            assertEquals(2, comparator.watchdogStops());
            assertEquals(OUTPUTS, comparator.compared(RecordedStream.TRAJECTORY));
            assertEquals(0, comparator.divergences());
        }
    }

    @Test
    void namesTheFirstDivergentFieldWithSequenceTimeAndBothValues(@TempDir final Path root)
    {
        final Path drive = record(root);
        try (OutputComparator comparator = new OutputComparator(drive, START_NS))
        {
            for (int i = 0; i < OUTPUTS; i++)
            {
                final int length = worldModel(i);
                if (i == 4)
                {
                    // Track 1's x, one float ulp off: the kind of drift a non-deterministic fusion would show.
                    final int x = objectOffset(1) + WorldModelDecoder.ObjectsDecoder.xEncodingOffset();
                    buffer.putFloat(x, Math.nextUp(buffer.getFloat(x, ByteOrder.LITTLE_ENDIAN)), ByteOrder.LITTLE_ENDIAN);
                }
                if (i == 6)
                {
                    buffer.putDouble(MessageHeaderDecoder.ENCODED_LENGTH + WorldModelDecoder.egoXEncodingOffset(), 99.5,
                        ByteOrder.LITTLE_ENDIAN);
                }
                comparator.onProduced(RecordedStream.WORLD_MODEL, buffer, 0, length);
            }
            comparator.finish();
            assertFalse(comparator.isVerified());
            assertEquals(2 + OUTPUTS, comparator.divergences(), "two differing world models, and every trajectory missing");
            final Divergence first = comparator.firstDivergence();
            assertEquals(RecordedStream.WORLD_MODEL, first.stream());
            assertEquals(4, first.ordinal());
            assertEquals(4, first.sequence());
            assertEquals(START_NS + 4 * 100 * MS, first.timeNs());
            assertEquals(0.4, first.driveTimeS(), 1e-9);
            assertEquals("objects[1].x", first.field());
            assertEquals("11.0", first.recordedValue());
            assertEquals(Float.toString(Math.nextUp(11.0f)), first.producedValue());
            assertTrue(first.toString().contains("world-model #4 (sequence 4"), first.toString());
        }
    }

    @Test
    void namesRootFieldsArrayElementsAndVarData(@TempDir final Path root)
    {
        final Path drive = record(root);
        assertEquals("egoX", divergentField(drive, MessageHeaderDecoder.ENCODED_LENGTH + WorldModelDecoder.egoXEncodingOffset() + 7));
        assertEquals("objects[2].covariance[3]", divergentField(drive,
            objectOffset(2) + WorldModelDecoder.ObjectsDecoder.covarianceEncodingOffset() + 3 * 4 + 1));
        assertEquals("objects.count", divergentField(drive, objectOffset(0) - 2));
        final int occupancy = objectOffset(5) + 4;
        assertEquals("occupancy[7]", divergentField(drive, occupancy + 7));
        assertEquals("header.templateId", divergentField(drive, 2));
    }

    @Test
    void aReplayThatProducesNothingIsNotVerified(@TempDir final Path root)
    {
        final Path drive = record(root);
        try (OutputComparator comparator = new OutputComparator(drive, START_NS))
        {
            comparator.finish();
            assertFalse(comparator.isVerified());
            assertEquals(0, comparator.compared(RecordedStream.WORLD_MODEL));
            assertEquals(OUTPUTS, comparator.recorded(RecordedStream.WORLD_MODEL));
            assertEquals(2 * OUTPUTS, comparator.divergences());
            assertEquals("(missing)", comparator.firstDivergence().field());
        }
    }

    @Test
    void aLogWithoutOutputsVerifiesNothing(@TempDir final Path root)
    {
        final Path drive;
        try (DriveLogWriter writer = DriveLogWriter.open(new DriveLogContext().rootDirectory(root).startTimeNs(START_NS)))
        {
            drive = writer.directory();
            writer.append(RecordedStream.FUSION_INPUT, buffer, 0, messages.cameraInput(buffer, 0, 0, START_NS, 1, 0, 1));
        }
        try (OutputComparator comparator = new OutputComparator(drive, START_NS))
        {
            comparator.finish();
            assertEquals(0, comparator.divergences());
            assertFalse(comparator.isVerified(), "0 compared is not a pass");
        }
    }

    private String divergentField(final Path drive, final int byteIndex)
    {
        try (OutputComparator comparator = new OutputComparator(drive, START_NS))
        {
            final int length = worldModel(0);
            buffer.putByte(byteIndex, (byte)(buffer.getByte(byteIndex) ^ 0x5A));
            assertFalse(comparator.onProduced(RecordedStream.WORLD_MODEL, buffer, 0, length));
            return comparator.firstDivergence().field();
        }
    }

    private Path record(final Path root)
    {
        try (DriveLogWriter writer = DriveLogWriter.open(new DriveLogContext().rootDirectory(root).startTimeNs(START_NS)))
        {
            for (int i = 0; i < OUTPUTS; i++)
            {
                writer.append(RecordedStream.FUSION_INPUT, buffer, 0,
                    messages.cameraInput(buffer, 0, i, START_NS + i * 100 * MS, 1, i, 2));
                writer.append(RecordedStream.WORLD_MODEL, buffer, 0, worldModel(i));
                writer.append(RecordedStream.TRAJECTORY, buffer, 0, trajectory(i));
            }
            return writer.directory();
        }
    }

    private int worldModel(final int i)
    {
        return messages.worldModel(buffer, 0, START_NS + i * 100 * MS, i, 5);
    }

    private int trajectory(final int i)
    {
        return messages.trajectory(buffer, 0, START_NS + i * 100 * MS, i, 8);
    }

    private static int objectOffset(final int index)
    {
        return MessageHeaderDecoder.ENCODED_LENGTH + WorldModelDecoder.BLOCK_LENGTH + 4 +
            index * WorldModelDecoder.ObjectsDecoder.sbeBlockLength();
    }
}
