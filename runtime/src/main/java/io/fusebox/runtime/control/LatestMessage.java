package io.fusebox.runtime.control;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The newest message of one stream, handed from one writer thread (the tap agent) to one reader thread (the
 * control plane's event loop) without locks or allocation: a sequence lock over a preallocated buffer. The writer
 * never waits; a reader that catches a write in progress gets nothing this time and tries at its next tick.
 */
final class LatestMessage
{
    private final UnsafeBuffer buffer;
    // Odd while the writer is copying; each completed write adds 2.
    private final AtomicLong version = new AtomicLong();
    private int length;

    LatestMessage(final int capacity)
    {
        buffer = new UnsafeBuffer(ByteBuffer.allocateDirect(capacity));
    }

    int capacity()
    {
        return buffer.capacity();
    }

    /**
     * Writer thread only.
     *
     * @return false when the message is larger than the capacity (nothing is kept).
     */
    boolean write(final DirectBuffer source, final int offset, final int messageLength)
    {
        if (messageLength > buffer.capacity())
        {
            return false;
        }
        final long start = version.get();
        version.set(start + 1);
        VarHandle.storeStoreFence();
        buffer.putBytes(0, source, offset, messageLength);
        length = messageLength;
        version.set(start + 2);
        return true;
    }

    /**
     * @return the version of the newest completed write, 0 before the first: a reader compares it with the last
     * it took to know whether anything new came.
     */
    long version()
    {
        return version.get() & ~1L;
    }

    /**
     * Reader thread: copies the newest message into {@code destination} (at least {@link #capacity()} bytes).
     *
     * @return its length, or -1 when there is none yet or a write was in progress.
     */
    int copyTo(final MutableDirectBuffer destination, final long[] versionTaken)
    {
        final long before = version.get();
        if (0 == before || 1 == (before & 1))
        {
            return -1;
        }
        final int copied = length;
        if (copied < 0 || copied > buffer.capacity())
        {
            return -1;
        }
        destination.putBytes(0, buffer, 0, copied);
        VarHandle.loadLoadFence();
        if (version.get() != before)
        {
            return -1;
        }
        versionTaken[0] = before;
        return copied;
    }
}
