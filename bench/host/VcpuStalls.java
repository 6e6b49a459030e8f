import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * How often this machine takes a CPU away from a thread that never sleeps: one thread per CPU reads the clock in a
 * loop and counts the gaps between reads. On bare metal with nothing else running the gaps are interrupts (a few
 * microseconds); on a virtual machine a gap of a millisecond is the host running something else on that vCPU's core,
 * which no scheduling inside the guest can avoid. Run it beside (or just before) a latency bench to tell the host's
 * stalls from the program's.
 *
 * <pre>java bench/host/VcpuStalls.java [SECONDS]</pre>
 *
 * Prints, per thread, the gaps over 100 µs, 500 µs and 1 ms, the time lost in them and the longest.
 */
public final class VcpuStalls
{
    private static final long WARM_UP_NS = 1_000_000_000L;

    public static void main(final String[] args) throws Exception
    {
        final long durationNs = (long)(Double.parseDouble(args.length > 0 ? args[0] : "10") * 1e9);
        final int threads = Runtime.getRuntime().availableProcessors();
        final long[][] results = new long[threads][];
        final List<Thread> started = new ArrayList<>();
        for (int i = 0; i < threads; i++)
        {
            final int index = i;
            final Thread thread = new Thread(() ->
            {
                // A second unmeasured first: the loop is compiled by then, so the JIT's threads take no CPU from it.
                measure(WARM_UP_NS);
                results[index] = measure(durationNs);
            }, "stalls-" + i);
            thread.start();
            started.add(thread);
        }
        for (final Thread thread : started)
        {
            thread.join();
        }
        for (int i = 0; i < threads; i++)
        {
            final long[] r = results[i];
            System.out.printf(Locale.ROOT,
                "thread %d: gaps >100 us %d, >500 us %d, >1 ms %d; %.1f ms lost (%.2f %%), longest %.2f ms%n",
                i, r[0], r[1], r[2], r[3] / 1e6, 100.0 * r[3] / durationNs, r[4] / 1e6);
        }
    }

    private static long[] measure(final long durationNs)
    {
        final long startNs = System.nanoTime();
        long previousNs = startNs;
        long over100Us = 0;
        long over500Us = 0;
        long over1Ms = 0;
        long lostNs = 0;
        long longestNs = 0;
        long nowNs;
        while ((nowNs = System.nanoTime()) - startNs < durationNs)
        {
            final long gapNs = nowNs - previousNs;
            previousNs = nowNs;
            if (gapNs > 100_000)
            {
                over100Us++;
                lostNs += gapNs;
                longestNs = Math.max(longestNs, gapNs);
                if (gapNs > 500_000)
                {
                    over500Us++;
                }
                if (gapNs > 1_000_000)
                {
                    over1Ms++;
                }
            }
        }
        return new long[]{ over100Us, over500Us, over1Ms, lostNs, longestNs };
    }
}
