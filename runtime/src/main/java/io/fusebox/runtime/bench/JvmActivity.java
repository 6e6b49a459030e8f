package io.fusebox.runtime.bench;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;

/**
 * What the JVM has done so far: collections, their accumulated time, and bytes allocated by the live threads.
 * The difference of two samples is a measurement window's GC and allocation.
 *
 * @param gcCount        collections of every collector.
 * @param gcTimeMs       their accumulated time (pauses and concurrent work as the collectors report it).
 * @param allocatedBytes bytes allocated by the threads alive at the sample, since each started.
 */
public record JvmActivity(long gcCount, long gcTimeMs, long allocatedBytes)
{
    /**
     * @return a sample taken now; allocates a little itself (thread ids, MX beans), so take it outside hot paths.
     */
    public static JvmActivity sample()
    {
        long count = 0;
        long timeMs = 0;
        for (final GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans())
        {
            count += Math.max(0, gc.getCollectionCount());
            timeMs += Math.max(0, gc.getCollectionTime());
        }
        final com.sun.management.ThreadMXBean threads =
            (com.sun.management.ThreadMXBean)ManagementFactory.getThreadMXBean();
        long allocated = 0;
        for (final long bytes : threads.getThreadAllocatedBytes(threads.getAllThreadIds()))
        {
            allocated += Math.max(0, bytes);
        }
        return new JvmActivity(count, timeMs, allocated);
    }

    /**
     * @return what happened between {@code earlier} and this sample.
     */
    public JvmActivity since(final JvmActivity earlier)
    {
        return new JvmActivity(gcCount - earlier.gcCount, gcTimeMs - earlier.gcTimeMs,
            allocatedBytes - earlier.allocatedBytes);
    }
}
