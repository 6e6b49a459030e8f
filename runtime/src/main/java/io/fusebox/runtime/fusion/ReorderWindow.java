package io.fusebox.runtime.fusion;

import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import java.nio.ByteBuffer;

/**
 * Holds sensor messages for a bounded window of capture time and gives them back in capture-time
 * order, ties broken by global sequence, so that a message the Sequencer forwarded a little after a
 * later-captured one is still applied in its place. Messages are copied into fixed slots of one
 * preallocated buffer and ordered by a binary heap of slot numbers: no allocation, and the order
 * depends only on (capture time, global sequence).
 */
final class ReorderWindow
{
    private final int capacity;
    private final int slotLength;
    private final UnsafeBuffer slots;
    private final long[] captureTimeNs;
    private final long[] globalSequence;
    private final int[] length;
    private final int[] sensorIndex;
    private final int[] heap;
    private final int[] freeSlots;
    private int size;
    private int freeCount;

    ReorderWindow(final int capacity, final int slotLength)
    {
        this.capacity = capacity;
        this.slotLength = slotLength;
        slots = new UnsafeBuffer(ByteBuffer.allocateDirect(capacity * slotLength));
        captureTimeNs = new long[capacity];
        globalSequence = new long[capacity];
        length = new int[capacity];
        sensorIndex = new int[capacity];
        heap = new int[capacity];
        freeSlots = new int[capacity];
        for (int i = 0; i < capacity; i++)
        {
            freeSlots[i] = capacity - 1 - i;
        }
        freeCount = capacity;
    }

    int size()
    {
        return size;
    }

    boolean isEmpty()
    {
        return 0 == size;
    }

    boolean isFull()
    {
        return 0 == freeCount;
    }

    int slotLength()
    {
        return slotLength;
    }

    /**
     * Copies a message in. The caller makes room first ({@link #isFull()}) and keeps messages longer
     * than a slot out.
     */
    void add(
        final DirectBuffer buffer,
        final int offset,
        final int messageLength,
        final long captureTime,
        final long sequence,
        final int sensor)
    {
        final int slot = freeSlots[--freeCount];
        slots.putBytes(slot * slotLength, buffer, offset, messageLength);
        captureTimeNs[slot] = captureTime;
        globalSequence[slot] = sequence;
        length[slot] = messageLength;
        sensorIndex[slot] = sensor;
        int at = size++;
        heap[at] = slot;
        while (at > 0)
        {
            final int up = (at - 1) >> 1;
            if (!before(heap[at], heap[up]))
            {
                break;
            }
            swap(at, up);
            at = up;
        }
    }

    /**
     * @return the capture time of the earliest message held; the window must not be empty.
     */
    long earliestCaptureTimeNs()
    {
        return captureTimeNs[heap[0]];
    }

    /**
     * Takes the earliest message out of the order; its slot stays readable until {@link #release}.
     *
     * @return the slot.
     */
    int take()
    {
        final int slot = heap[0];
        heap[0] = heap[--size];
        int at = 0;
        while (true)
        {
            final int left = 2 * at + 1;
            if (left >= size)
            {
                break;
            }
            final int right = left + 1;
            final int child = right < size && before(heap[right], heap[left]) ? right : left;
            if (!before(heap[child], heap[at]))
            {
                break;
            }
            swap(at, child);
            at = child;
        }
        return slot;
    }

    void release(final int slot)
    {
        freeSlots[freeCount++] = slot;
    }

    DirectBuffer buffer()
    {
        return slots;
    }

    int offset(final int slot)
    {
        return slot * slotLength;
    }

    int length(final int slot)
    {
        return length[slot];
    }

    long captureTimeNs(final int slot)
    {
        return captureTimeNs[slot];
    }

    long globalSequence(final int slot)
    {
        return globalSequence[slot];
    }

    int sensorIndex(final int slot)
    {
        return sensorIndex[slot];
    }

    private boolean before(final int a, final int b)
    {
        return captureTimeNs[a] < captureTimeNs[b] ||
            (captureTimeNs[a] == captureTimeNs[b] && globalSequence[a] < globalSequence[b]);
    }

    private void swap(final int i, final int j)
    {
        final int t = heap[i];
        heap[i] = heap[j];
        heap[j] = t;
    }
}
