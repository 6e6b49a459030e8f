package io.fusebox.runtime.record;

import org.agrona.BitUtil;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import java.nio.ByteBuffer;

/**
 * The last stretch of a drive, in memory: recorded messages (and recorder gap notes) in arrival order, each
 * stamped with the drive's time when it arrived (the newest fusion input's receive time). Appending evicts
 * from the oldest end whatever is older than the window, and whatever must go to make room when the window
 * holds more than the buffer (counted: the snapshot then covers less than the window).
 *
 * <p>A {@link Reader} walks a fixed stretch (the ring as it was when a snapshot was triggered) while
 * appends go on; an entry the reader has not passed is never evicted unread: eviction hands it to the
 * reader's sink first. One thread only; nothing is allocated once built.
 */
final class SnapshotRing
{
    /** Record header: int message length (for padding: the padding's), int type, long time; records 8-aligned. */
    static final int HEADER_LENGTH = 16;
    static final int PADDING_TYPE = -1;
    private static final int LENGTH_OFFSET = 0;
    private static final int TYPE_OFFSET = 4;
    private static final int TIME_OFFSET = 8;

    /**
     * Where entries go when read out.
     */
    interface Sink
    {
        void onEntry(int type, DirectBuffer buffer, int offset, int length);
    }

    private final UnsafeBuffer buffer;
    private final int capacity;
    private final long windowNs;
    private long head;
    private long tail;
    private long entries;
    private long evictedForSpace;
    private Reader reader;

    /**
     * @param capacity bytes, a multiple of 8.
     * @param windowNs how much drive time is kept.
     */
    SnapshotRing(final int capacity, final long windowNs)
    {
        this.capacity = capacity;
        this.windowNs = windowNs;
        buffer = new UnsafeBuffer(ByteBuffer.allocateDirect(capacity));
    }

    /**
     * @return the largest message an entry can hold.
     */
    int maxMessageLength()
    {
        return capacity / 2 - HEADER_LENGTH;
    }

    /**
     * Appends an entry, evicting old ones as the window and the capacity require.
     *
     * @return false when the message is larger than {@link #maxMessageLength()}.
     */
    boolean append(final int type, final long timeNs, final DirectBuffer src, final int offset, final int length)
    {
        if (length > maxMessageLength())
        {
            return false;
        }
        final int recordLength = BitUtil.align(HEADER_LENGTH + length, 8);
        int index = (int)(tail % capacity);
        final int toEnd = capacity - index;
        final int padding = recordLength > toEnd ? toEnd : 0;
        while (capacity - (tail - head) < padding + recordLength)
        {
            evictedForSpace++;
            evictOldest();
        }
        if (padding > 0)
        {
            // At least 8 bytes remain (records are 8-aligned): room for the length and the type.
            buffer.putInt(index + LENGTH_OFFSET, padding);
            buffer.putInt(index + TYPE_OFFSET, PADDING_TYPE);
            tail += padding;
            index = 0;
        }
        buffer.putInt(index + LENGTH_OFFSET, length);
        buffer.putInt(index + TYPE_OFFSET, type);
        buffer.putLong(index + TIME_OFFSET, timeNs);
        buffer.putBytes(index + HEADER_LENGTH, src, offset, length);
        tail += recordLength;
        entries++;
        while (head < tail && (isPadding(head) || timeAt(head) < timeNs - windowNs))
        {
            evictOldest();
        }
        return true;
    }

    /**
     * @return entries held.
     */
    long entries()
    {
        return entries;
    }

    /**
     * @return time of the oldest entry held; only when not empty.
     */
    long oldestTimeNs()
    {
        final long position = isPadding(head) ? head + recordLength((int)(head % capacity)) : head;
        return timeAt(position);
    }

    /**
     * @return bytes held, headers and padding included.
     */
    long bytes()
    {
        return tail - head;
    }

    /**
     * @return entries evicted before the window had passed them, to make room.
     */
    long evictedForSpace()
    {
        return evictedForSpace;
    }

    /**
     * Starts reading out what the ring holds now; appends after this are not part of it.
     */
    void startReading(final Reader reader)
    {
        reader.position = head;
        reader.end = tail;
        this.reader = reader;
    }

    boolean isReading()
    {
        return null != reader;
    }

    /**
     * Hands the reader's next entries to its sink.
     *
     * @return entries read; 0 once the reader is done (it is then detached).
     */
    int read(final int limit)
    {
        int count = 0;
        while (null != reader && count < limit)
        {
            if (reader.position >= reader.end)
            {
                reader = null;
                break;
            }
            if (readOne())
            {
                count++;
            }
        }
        return count;
    }

    private boolean readOne()
    {
        final int index = (int)(reader.position % capacity);
        reader.position += recordLength(index);
        final int type = buffer.getInt(index + TYPE_OFFSET);
        if (PADDING_TYPE == type)
        {
            return false;
        }
        reader.sink.onEntry(type, buffer, index + HEADER_LENGTH, buffer.getInt(index + LENGTH_OFFSET));
        return true;
    }

    private void evictOldest()
    {
        if (null != reader && reader.position == head && reader.position < reader.end)
        {
            readOne();
        }
        final int index = (int)(head % capacity);
        if (PADDING_TYPE != buffer.getInt(index + TYPE_OFFSET))
        {
            entries--;
        }
        head += recordLength(index);
    }

    private int recordLength(final int index)
    {
        final int length = buffer.getInt(index + LENGTH_OFFSET);
        return PADDING_TYPE == buffer.getInt(index + TYPE_OFFSET) ? length : BitUtil.align(HEADER_LENGTH + length, 8);
    }

    private boolean isPadding(final long position)
    {
        return PADDING_TYPE == buffer.getInt((int)(position % capacity) + TYPE_OFFSET);
    }

    private long timeAt(final long position)
    {
        return buffer.getLong((int)(position % capacity) + TIME_OFFSET);
    }

    /**
     * A read-out in progress: from the ring's oldest entry when it started to its newest then.
     */
    static final class Reader
    {
        private final Sink sink;
        private long position;
        private long end;

        Reader(final Sink sink)
        {
            this.sink = sink;
        }
    }
}
