package io.fusebox.runtime.record;

import org.agrona.DirectBuffer;
import org.agrona.collections.LongArrayList;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SnapshotRingTest
{
    private static final long MS = 1_000_000L;
    private final UnsafeBuffer message = new UnsafeBuffer(new byte[4096]);
    private final LongArrayList read = new LongArrayList();
    private final SnapshotRing.Reader reader = new SnapshotRing.Reader(this::onEntry);

    @Test
    void keepsOnlyTheWindow()
    {
        final SnapshotRing ring = new SnapshotRing(1 << 20, 100 * MS);
        for (int i = 0; i < 1000; i++)
        {
            assertTrue(append(ring, i, i * MS, 100));
        }
        // Entries at 899..999 ms are within 100 ms of the newest.
        assertEquals(101, ring.entries());
        assertEquals(899 * MS, ring.oldestTimeNs());
        assertEquals(0, ring.evictedForSpace());
        readAll(ring);
        assertEquals(101, read.size());
        for (int i = 0; i < read.size(); i++)
        {
            assertEquals(899 + i, read.getLong(i), "in order, whole");
        }
    }

    @Test
    void evictsForSpaceAndCountsIt()
    {
        final SnapshotRing ring = new SnapshotRing(64 * 1024, 10_000 * MS);
        for (int i = 0; i < 1000; i++)
        {
            assertTrue(append(ring, i, i * MS, 1000 + i % 7));
        }
        assertTrue(ring.evictedForSpace() > 900, "evicted " + ring.evictedForSpace());
        assertTrue(ring.bytes() <= 64 * 1024);
        readAll(ring);
        assertEquals(ring.entries(), read.size());
        assertEquals(999, read.getLong(read.size() - 1));
        for (int i = 1; i < read.size(); i++)
        {
            assertEquals(read.getLong(i - 1) + 1, read.getLong(i), "contiguous across the wrap");
        }
        assertFalse(append(ring, 0, 0, ring.maxMessageLength() + 1), "larger than half the ring is refused");
    }

    @Test
    void aReadOutInProgressLosesNothingToEviction()
    {
        final SnapshotRing ring = new SnapshotRing(64 * 1024, 10_000 * MS);
        for (int i = 0; i < 40; i++)
        {
            append(ring, i, i * MS, 1000);
        }
        final long held = ring.entries();
        final long first = 40 - held;
        ring.startReading(reader);
        ring.read(1);
        // The drive goes on and laps the ring: what the read-out had not reached is handed over first.
        for (int i = 40; i < 200; i++)
        {
            append(ring, i, i * MS, 1000);
        }
        while (ring.isReading())
        {
            ring.read(8);
        }
        assertEquals(held, read.size(), "exactly what the ring held when triggered");
        for (int i = 0; i < read.size(); i++)
        {
            assertEquals(first + i, read.getLong(i));
        }
    }

    private boolean append(final SnapshotRing ring, final long id, final long timeNs, final int length)
    {
        message.putLong(0, id);
        return ring.append(1, timeNs, message, 0, length);
    }

    private void readAll(final SnapshotRing ring)
    {
        ring.startReading(reader);
        while (ring.isReading())
        {
            ring.read(16);
        }
    }

    private void onEntry(final int type, final DirectBuffer buffer, final int offset, final int length)
    {
        assertEquals(1, type);
        read.addLong(buffer.getLong(offset));
    }
}
