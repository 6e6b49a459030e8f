package io.fusebox.runtime.bus;

import net.openhft.affinity.Affinity;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Gives each thread it makes a core of its own, in the order the threads are made, from a CPU list such as
 * {@code 2-13}: on the board the media driver's conductor, sender and receiver come first, then the agents
 * in the order they start. Threads beyond the list run unpinned, anywhere in the process's CPU set. The
 * pinning is done by the thread itself as it starts (OpenHFT Affinity over JNA, which has aarch64 builds).
 */
public final class CorePinning implements ThreadFactory
{
    /** The CPU list, e.g. 2-13 or 2,3,5-7; the launcher sets it from the profile. */
    public static final String CPUS_PROP_NAME = "fusebox.cpus";

    private final int[] cpus;
    private final AtomicInteger nextCpu = new AtomicInteger();
    private final List<String> assignments = Collections.synchronizedList(new ArrayList<>());

    /**
     * @param cpuList e.g. {@code 2-13} or {@code 2,3,5-7}.
     * @throws IllegalArgumentException saying what is wrong with the list.
     */
    public CorePinning(final String cpuList)
    {
        cpus = parseCpuList(cpuList);
    }

    public Thread newThread(final Runnable runnable)
    {
        final int index = nextCpu.getAndIncrement();
        if (index >= cpus.length)
        {
            return new Thread(runnable);
        }
        final int cpu = cpus[index];
        return new Thread(() ->
        {
            Affinity.setAffinity(cpu);
            assignments.add(Thread.currentThread().getName() + "@" + cpu);
            runnable.run();
        });
    }

    /**
     * @return each pinned thread as {@code name@cpu}, in the order they started.
     */
    public List<String> assignments()
    {
        synchronized (assignments)
        {
            return List.copyOf(assignments);
        }
    }

    /**
     * @return the CPUs of a list such as {@code 2-13} or {@code 2,3,5-7}, in order, each once.
     * @throws IllegalArgumentException saying what is wrong with the list.
     */
    public static int[] parseCpuList(final String cpuList)
    {
        final List<Integer> cpus = new ArrayList<>();
        for (final String part : cpuList.trim().split(","))
        {
            final String[] range = part.trim().split("-", -1);
            try
            {
                final int first = Integer.parseInt(range[0].trim());
                final int last = 1 == range.length ? first : Integer.parseInt(range[1].trim());
                if (range.length > 2 || first < 0 || last < first)
                {
                    throw new IllegalArgumentException("'" + part.trim() + "' is not a CPU or an ascending range of CPUs");
                }
                for (int cpu = first; cpu <= last; cpu++)
                {
                    if (cpus.contains(cpu))
                    {
                        throw new IllegalArgumentException("CPU " + cpu + " is listed twice");
                    }
                    cpus.add(cpu);
                }
            }
            catch (final NumberFormatException ex)
            {
                throw new IllegalArgumentException("'" + part.trim() + "' is not a CPU or an ascending range of CPUs");
            }
        }
        return cpus.stream().mapToInt(Integer::intValue).toArray();
    }
}
