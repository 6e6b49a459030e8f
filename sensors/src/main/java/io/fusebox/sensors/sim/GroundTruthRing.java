package io.fusebox.sensors.sim;

import java.lang.invoke.VarHandle;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Ground truth kept at chosen instants for a reader that comes later, possibly on another thread: the thread
 * that steps the world {@link #record records} a frame (after encoding the message whose capture time it
 * describes); a scorer {@link #copyAt copies} the frame of a time out once its output for that time arrives.
 * One writer, one reader, preallocated slots, no allocation and no locks: each slot is guarded by a sequence
 * (odd while written), so a reader that the writer lapped learns so instead of reading a torn frame.
 */
public final class GroundTruthRing
{
    private static final long EMPTY = Long.MIN_VALUE;

    private final GroundTruthFrame[] frames;
    private final AtomicLongArray slotSequence;
    private final AtomicLongArray slotTimeNs;
    private int next;

    /**
     * @param capacity  frames kept: the newest {@code capacity} recorded.
     * @param maxActors actors per frame.
     */
    public GroundTruthRing(final int capacity, final int maxActors)
    {
        if (capacity < 1)
        {
            throw new IllegalArgumentException("capacity must be >= 1, was " + capacity);
        }
        frames = new GroundTruthFrame[capacity];
        slotSequence = new AtomicLongArray(capacity);
        slotTimeNs = new AtomicLongArray(capacity);
        for (int i = 0; i < capacity; i++)
        {
            frames[i] = new GroundTruthFrame(maxActors);
            slotTimeNs.set(i, EMPTY);
        }
    }

    /**
     * Writer only: copies the truth as it is now under the key {@code timeNs} (any clock the reader asks in,
     * e.g. the capture time of the message just encoded), over the oldest frame.
     */
    public void record(final long timeNs, final GroundTruthView truth)
    {
        final int slot = next;
        next = next + 1 == frames.length ? 0 : next + 1;
        final long sequence = slotSequence.get(slot);
        slotSequence.set(slot, sequence + 1);
        VarHandle.storeStoreFence();
        frames[slot].copyFrom(truth);
        slotTimeNs.setRelease(slot, timeNs);
        slotSequence.setRelease(slot, sequence + 2);
    }

    /**
     * Reader only: copies the frame recorded under {@code timeNs} into {@code out}.
     *
     * @return false when no such frame is held (never recorded, or already overwritten).
     */
    public boolean copyAt(final long timeNs, final GroundTruthFrame out)
    {
        for (int slot = 0; slot < frames.length; slot++)
        {
            if (slotTimeNs.getAcquire(slot) != timeNs)
            {
                continue;
            }
            final long before = slotSequence.getAcquire(slot);
            if (0 != (before & 1))
            {
                return false;
            }
            out.copyFrom(frames[slot]);
            VarHandle.loadLoadFence();
            return slotSequence.getAcquire(slot) == before && slotTimeNs.getAcquire(slot) == timeNs;
        }
        return false;
    }

    public int capacity()
    {
        return frames.length;
    }
}
