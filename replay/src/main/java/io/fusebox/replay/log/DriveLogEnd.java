package io.fusebox.replay.log;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

/**
 * The last entry of a drive log that was closed in order or stopped at its size cap; a log without one
 * is torn. Carries the writer's own tallies, so a reader can tell a complete log from a damaged one.
 */
public final class DriveLogEnd
{
    /** Why the writer wrote the end marker. */
    public enum Reason
    {
        /** The recording was closed in order. */
        CLOSED,
        /** The log reached its size cap; nothing after this marker was recorded. */
        SIZE_CAP
    }

    static final int LENGTH = 8 + 3 * Long.BYTES * DriveLogFormat.STREAM_COUNT;

    private final Reason reason;
    private final long logTimeNs;
    private final long[] entries;
    private final long[] bytes;
    private final long[] droppedMessages;

    DriveLogEnd(
        final Reason reason, final long logTimeNs, final long[] entries, final long[] bytes, final long[] droppedMessages)
    {
        this.reason = reason;
        this.logTimeNs = logTimeNs;
        this.entries = entries.clone();
        this.bytes = bytes.clone();
        this.droppedMessages = droppedMessages.clone();
    }

    public Reason reason()
    {
        return reason;
    }

    /**
     * @return log time when the marker was written.
     */
    public long logTimeNs()
    {
        return logTimeNs;
    }

    /**
     * @return entries of this stream the writer appended.
     */
    public long entries(final RecordedStream stream)
    {
        return entries[stream.ordinal()];
    }

    /**
     * @return message bytes of this stream the writer appended.
     */
    public long bytes(final RecordedStream stream)
    {
        return bytes[stream.ordinal()];
    }

    /**
     * @return messages of this stream the recorder reported dropped (gap entries).
     */
    public long droppedMessages(final RecordedStream stream)
    {
        return droppedMessages[stream.ordinal()];
    }

    static int encode(
        final MutableDirectBuffer buffer,
        final int offset,
        final Reason reason,
        final long[] entries,
        final long[] bytes,
        final long[] droppedMessages)
    {
        buffer.putInt(offset, reason.ordinal(), DriveLogFormat.ORDER);
        buffer.putInt(offset + 4, DriveLogFormat.STREAM_COUNT, DriveLogFormat.ORDER);
        int position = offset + 8;
        for (int i = 0; i < DriveLogFormat.STREAM_COUNT; i++)
        {
            buffer.putLong(position, entries[i], DriveLogFormat.ORDER);
            buffer.putLong(position + 8, bytes[i], DriveLogFormat.ORDER);
            buffer.putLong(position + 16, droppedMessages[i], DriveLogFormat.ORDER);
            position += 24;
        }
        return LENGTH;
    }

    static DriveLogEnd decode(final DirectBuffer buffer, final int offset, final int length, final long logTimeNs)
    {
        if (length < LENGTH)
        {
            throw new DriveLogException("drive log end marker is " + length + " bytes, expected " + LENGTH);
        }
        final int reasonOrdinal = buffer.getInt(offset, DriveLogFormat.ORDER);
        if (reasonOrdinal < 0 || reasonOrdinal >= Reason.values().length)
        {
            throw new DriveLogException("drive log end marker has an unknown reason " + reasonOrdinal);
        }
        final long[] entries = new long[DriveLogFormat.STREAM_COUNT];
        final long[] bytes = new long[DriveLogFormat.STREAM_COUNT];
        final long[] dropped = new long[DriveLogFormat.STREAM_COUNT];
        int position = offset + 8;
        for (int i = 0; i < DriveLogFormat.STREAM_COUNT; i++)
        {
            entries[i] = buffer.getLong(position, DriveLogFormat.ORDER);
            bytes[i] = buffer.getLong(position + 8, DriveLogFormat.ORDER);
            dropped[i] = buffer.getLong(position + 16, DriveLogFormat.ORDER);
            position += 24;
        }
        return new DriveLogEnd(Reason.values()[reasonOrdinal], logTimeNs, entries, bytes, dropped);
    }

    public String toString()
    {
        return "DriveLogEnd{" + reason + ", logTimeNs=" + logTimeNs + "}";
    }
}
