package io.fusebox.replay.verify;

import io.fusebox.replay.log.DriveLogReader;
import io.fusebox.replay.log.EntryKind;
import io.fusebox.replay.log.RecordedStream;
import io.fusebox.sensors.codec.MessageHeaderDecoder;
import io.fusebox.sensors.codec.TrajectoryDecoder;
import io.fusebox.sensors.codec.WorldModelDecoder;
import org.agrona.CloseHelper;
import org.agrona.DirectBuffer;

import java.nio.ByteOrder;
import java.nio.file.Path;

/**
 * {@code replay --verify}: compares each world model and trajectory a replay produces with the one
 * recorded at the same position of its stream, byte for byte, in order. Each compared stream has its own
 * reader over the drive log, so recorded outputs are read as produced ones arrive, never held in memory.
 *
 * <p>Every mismatch counts as a divergence; the first is kept whole ({@link #firstDivergence()}): stream,
 * position, the recorded sequence and time, and the first field that differs with both values. A produced
 * message beyond the recorded ones, and (at {@link #finish()}) a recorded one never produced, count too.
 * Verification means something only when messages were compared: {@link #isVerified()} is false when
 * nothing was, so a replay with no fusion attached, or of a log with no outputs, never passes by default.
 */
public final class OutputComparator implements AutoCloseable
{
    private static final RecordedStream[] COMPARED = { RecordedStream.WORLD_MODEL, RecordedStream.TRAJECTORY };
    private static final ByteOrder ORDER = MessageHeaderDecoder.BYTE_ORDER;
    private static final int TIME_OFFSET = MessageHeaderDecoder.ENCODED_LENGTH + WorldModelDecoder.timeNsEncodingOffset();
    private static final int SEQUENCE_OFFSET =
        MessageHeaderDecoder.ENCODED_LENGTH + WorldModelDecoder.sequenceEncodingOffset();

    static
    {
        // Both outputs open their block with timeNs then sequence; the offsets above serve both.
        if (TrajectoryDecoder.timeNsEncodingOffset() != WorldModelDecoder.timeNsEncodingOffset() ||
            TrajectoryDecoder.sequenceEncodingOffset() != WorldModelDecoder.sequenceEncodingOffset())
        {
            throw new IllegalStateException("world model and trajectory no longer share the timeNs/sequence layout");
        }
    }

    private final long driveStartNs;
    private final DriveLogReader[] readers = new DriveLogReader[RecordedStream.count()];
    private final long[] compared = new long[RecordedStream.count()];
    private final long[] recordedCount = new long[RecordedStream.count()];
    private final long[] producedCount = new long[RecordedStream.count()];
    private final boolean[] isExhausted = new boolean[RecordedStream.count()];
    private long divergences;
    private long watchdogStops;
    private Divergence firstDivergence;
    private boolean isFinished;

    /**
     * @param drive        the drive log whose recorded outputs are the reference.
     * @param driveStartNs time 0 of the drive (its first fusion input's receive time), for reporting.
     */
    public OutputComparator(final Path drive, final long driveStartNs)
    {
        this.driveStartNs = driveStartNs;
        try
        {
            for (final RecordedStream stream : COMPARED)
            {
                readers[stream.ordinal()] = DriveLogReader.open(drive);
            }
        }
        catch (final RuntimeException ex)
        {
            CloseHelper.quietCloseAll(readers);
            throw ex;
        }
    }

    /**
     * @return true for the streams this comparator verifies: world models and trajectories.
     */
    public static boolean isCompared(final RecordedStream stream)
    {
        return RecordedStream.WORLD_MODEL == stream || RecordedStream.TRAJECTORY == stream;
    }

    /**
     * Compares one produced message with the next recorded message of its stream.
     *
     * @return true when they are identical.
     */
    public boolean onProduced(final RecordedStream stream, final DirectBuffer buffer, final int offset, final int length)
    {
        final int s = stream.ordinal();
        final DriveLogReader reader = readers[s];
        if (null == reader)
        {
            throw new IllegalArgumentException(stream.label() + " is not compared");
        }
        final long ordinal = producedCount[s]++;
        if (!nextRecorded(stream))
        {
            divergence(new Divergence(stream, ordinal, -1, timeOf(buffer, offset, length),
                driveTimeS(timeOf(buffer, offset, length)), "(extra)", "nothing", length + " bytes"));
            return false;
        }
        compared[s]++;
        final DirectBuffer recorded = reader.buffer();
        final int recordedOffset = reader.offset();
        final int recordedLength = reader.length();
        final int index = firstDifference(recorded, recordedOffset, recordedLength, buffer, offset, length);
        if (index < 0)
        {
            return true;
        }
        final String[] field = MessageFields.forTemplate(stream.templateId())
            .describe(recorded, recordedOffset, recordedLength, buffer, offset, length, index);
        final long timeNs = timeOf(recorded, recordedOffset, recordedLength);
        divergence(new Divergence(stream, ordinal, sequenceOf(recorded, recordedOffset, recordedLength), timeNs,
            driveTimeS(timeNs), field[0], field[1], field[2]));
        return false;
    }

    /**
     * Counts the recorded outputs nothing produced, as divergences. Call once, when the replay is over.
     */
    public void finish()
    {
        if (isFinished)
        {
            return;
        }
        isFinished = true;
        for (final RecordedStream stream : COMPARED)
        {
            final int s = stream.ordinal();
            final DriveLogReader reader = readers[s];
            boolean isFirst = true;
            while (nextRecorded(stream))
            {
                if (isFirst)
                {
                    isFirst = false;
                    final long timeNs = timeOf(reader.buffer(), reader.offset(), reader.length());
                    divergence(new Divergence(stream, producedCount[s], sequenceOf(reader.buffer(), reader.offset(),
                        reader.length()), timeNs, driveTimeS(timeNs), "(missing)", "a message", "nothing"));
                }
                else
                {
                    divergences++;
                }
            }
        }
    }

    /**
     * @return messages of the stream compared byte for byte.
     */
    public long compared(final RecordedStream stream)
    {
        return compared[stream.ordinal()];
    }

    /**
     * @return messages of the stream read from the log so far (all of them after {@link #finish()}).
     */
    public long recorded(final RecordedStream stream)
    {
        return recordedCount[stream.ordinal()];
    }

    /**
     * @return messages of the stream the replay produced.
     */
    public long produced(final RecordedStream stream)
    {
        return producedCount[stream.ordinal()];
    }

    /**
     * @return recorded trajectories left out of the comparison as the planner watchdog's controlled stops.
     */
    public long watchdogStops()
    {
        return watchdogStops;
    }

    public long divergences()
    {
        return divergences;
    }

    /**
     * @return the first divergence, or null when there was none.
     */
    public Divergence firstDivergence()
    {
        return firstDivergence;
    }

    /**
     * @return true only after {@link #finish()}, with at least one message compared and no divergence.
     */
    public boolean isVerified()
    {
        return isFinished && 0 == divergences &&
            compared[RecordedStream.WORLD_MODEL.ordinal()] + compared[RecordedStream.TRAJECTORY.ordinal()] > 0;
    }

    public void close()
    {
        CloseHelper.closeAll(readers);
    }

    /**
     * A controlled stop the planner's watchdog published when world models stopped coming: decided by a wall clock,
     * it names no world model (a null sequence), and a replay, which has no watchdog, never makes one.
     */
    private static boolean isWatchdogStop(final DirectBuffer buffer, final int offset, final int length)
    {
        final int at = offset + MessageHeaderDecoder.ENCODED_LENGTH + TrajectoryDecoder.worldModelSequenceEncodingOffset();
        return at + Long.BYTES <= offset + length &&
            TrajectoryDecoder.worldModelSequenceNullValue() == buffer.getLong(at, ORDER);
    }

    private boolean nextRecorded(final RecordedStream stream)
    {
        final int s = stream.ordinal();
        if (isExhausted[s])
        {
            return false;
        }
        final DriveLogReader reader = readers[s];
        while (reader.next())
        {
            if (EntryKind.MESSAGE == reader.kind() && stream == reader.stream())
            {
                recordedCount[s]++;
                if (RecordedStream.TRAJECTORY == stream && isWatchdogStop(reader.buffer(), reader.offset(), reader.length()))
                {
                    watchdogStops++;
                    continue;
                }
                return true;
            }
        }
        isExhausted[s] = true;
        return false;
    }

    private void divergence(final Divergence divergence)
    {
        divergences++;
        if (null == firstDivergence)
        {
            firstDivergence = divergence;
        }
    }

    private double driveTimeS(final long timeNs)
    {
        return (timeNs - driveStartNs) / 1e9;
    }

    private static int firstDifference(
        final DirectBuffer a, final int aOffset, final int aLength, final DirectBuffer b, final int bOffset, final int bLength)
    {
        final int common = Math.min(aLength, bLength);
        int i = 0;
        for (; i + Long.BYTES <= common; i += Long.BYTES)
        {
            if (a.getLong(aOffset + i) != b.getLong(bOffset + i))
            {
                break;
            }
        }
        for (; i < common; i++)
        {
            if (a.getByte(aOffset + i) != b.getByte(bOffset + i))
            {
                return i;
            }
        }
        return aLength == bLength ? -1 : common;
    }

    private static long timeOf(final DirectBuffer buffer, final int offset, final int length)
    {
        return length >= TIME_OFFSET + Long.BYTES ? buffer.getLong(offset + TIME_OFFSET, ORDER) : 0;
    }

    private static long sequenceOf(final DirectBuffer buffer, final int offset, final int length)
    {
        return length >= SEQUENCE_OFFSET + Long.BYTES ? buffer.getLong(offset + SEQUENCE_OFFSET, ORDER) : -1;
    }
}
