package io.fusebox.runtime.bench;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.util.Map;
import java.util.TreeMap;

/**
 * What the JVM has done so far: collections, their accumulated time, and the bytes each live thread has allocated.
 * {@link #since(JvmActivity)} turns two samples into a measurement window's GC and allocation, per thread.
 */
public final class JvmActivity
{
    private final long gcCount;
    private final long gcTimeMs;
    private final long heapUsedBytes;
    private final long[] threadIds;
    private final long[] allocatedBytes;

    private JvmActivity(
        final long gcCount, final long gcTimeMs, final long heapUsedBytes, final long[] threadIds,
        final long[] allocatedBytes)
    {
        this.gcCount = gcCount;
        this.gcTimeMs = gcTimeMs;
        this.heapUsedBytes = heapUsedBytes;
        this.threadIds = threadIds;
        this.allocatedBytes = allocatedBytes;
    }

    /**
     * @return a sample taken now. It allocates two small arrays after reading the counts (and the MX beans' own
     * objects before), so take it outside hot paths.
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
        final long heapUsed = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
        final com.sun.management.ThreadMXBean threads = threads();
        final long[] ids = threads.getAllThreadIds();
        return new JvmActivity(count, timeMs, heapUsed, ids, threads.getThreadAllocatedBytes(ids));
    }

    /**
     * @return GC and allocation between {@code earlier} and this sample: threads alive at both count, by name.
     */
    public Window since(final JvmActivity earlier)
    {
        final ThreadInfo[] infos = threads().getThreadInfo(threadIds);
        final Map<String, Long> byThread = new TreeMap<>();
        long total = 0;
        for (int i = 0; i < threadIds.length; i++)
        {
            for (int j = 0; j < earlier.threadIds.length; j++)
            {
                if (earlier.threadIds[j] == threadIds[i] && null != infos[i] && allocatedBytes[i] >= 0)
                {
                    final long bytes = allocatedBytes[i] - Math.max(0, earlier.allocatedBytes[j]);
                    byThread.merge(infos[i].getThreadName(), bytes, Long::sum);
                    total += bytes;
                }
            }
        }
        return new Window(
            gcCount - earlier.gcCount, gcTimeMs - earlier.gcTimeMs, earlier.heapUsedBytes,
            heapUsedBytes - earlier.heapUsedBytes, total, byThread);
    }

    /**
     * @return heap in use when the sample was taken.
     */
    public long heapUsedBytes()
    {
        return heapUsedBytes;
    }

    private static com.sun.management.ThreadMXBean threads()
    {
        return (com.sun.management.ThreadMXBean)ManagementFactory.getThreadMXBean();
    }

    /**
     * GC and allocation over a measurement window.
     *
     * @param gcCount        collections of every collector.
     * @param gcTimeMs       their accumulated time, as the collectors report it.
     * @param heapUsedAtStart heap in use when the window opened: the set-up's footprint, under Epsilon.
     * @param heapUsedGrowth heap in use at the end minus at the start; with no collection in between (Epsilon),
     *                       everything every thread allocated in the window.
     * @param allocatedBytes by the threads alive over the whole window.
     * @param byThread       the same per thread name (agent threads are named after their agents' roles).
     */
    public record Window(
        long gcCount, long gcTimeMs, long heapUsedAtStart, long heapUsedGrowth, long allocatedBytes, Map<String, Long> byThread)
    {
    }
}
