package io.fusebox.runtime.replay;

import org.agrona.DirectBuffer;
import org.agrona.ExpandableRingBuffer;
import org.agrona.MutableDirectBuffer;
import org.agrona.collections.LongArrayQueue;

/**
 * One delayed sensor's messages, held in arrival order until their due log time (recorded time plus the
 * delay). A sensor's messages are recorded in order and share one delay, so the line is a FIFO and its
 * head is always the next one due. Grows to the most the delay ever holds, then allocates nothing.
 */
final class DelayLine
{
    private static final int INITIAL_CAPACITY = 64 * 1024;

    private final long delayNs;
    private final ExpandableRingBuffer messages = new ExpandableRingBuffer(INITIAL_CAPACITY, ExpandableRingBuffer.MAX_CAPACITY, true);
    private final LongArrayQueue dueLogNs = new LongArrayQueue(Long.MIN_VALUE);
    private final ExpandableRingBuffer.MessageConsumer headTaker = this::takeHead;
    private MutableDirectBuffer headBuffer;
    private int headOffset;
    private int headLength;

    DelayLine(final long delayNs)
    {
        this.delayNs = delayNs;
    }

    long delayNs()
    {
        return delayNs;
    }

    /**
     * Holds a copy of the message, due at {@code logNs} plus the delay.
     */
    void add(final DirectBuffer buffer, final int offset, final int length, final long logNs)
    {
        messages.append(buffer, offset, length);
        dueLogNs.offerLong(logNs + delayNs);
    }

    boolean isEmpty()
    {
        return dueLogNs.isEmpty();
    }

    /**
     * @return due log time of the head; only when not empty.
     */
    long headDueLogNs()
    {
        return dueLogNs.peekLong();
    }

    /**
     * Points {@link #headBuffer()}, {@link #headOffset()} and {@link #headLength()} at the head, valid until
     * the next {@link #add} or {@link #removeHead()}.
     */
    void peekHead()
    {
        messages.forEach(headTaker, 1);
    }

    MutableDirectBuffer headBuffer()
    {
        return headBuffer;
    }

    int headOffset()
    {
        return headOffset;
    }

    int headLength()
    {
        return headLength;
    }

    void removeHead()
    {
        messages.consume((buffer, offset, length, headOffset) -> true, 1);
        dueLogNs.pollLong();
    }

    private boolean takeHead(final MutableDirectBuffer buffer, final int offset, final int length, final int headOffset)
    {
        headBuffer = buffer;
        this.headOffset = offset;
        headLength = length;
        return true;
    }
}
