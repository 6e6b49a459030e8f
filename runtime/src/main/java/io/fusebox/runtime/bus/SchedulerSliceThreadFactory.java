package io.fusebox.runtime.bus;

import com.sun.jna.Function;
import com.sun.jna.Memory;
import com.sun.jna.NativeLibrary;
import com.sun.jna.Platform;

import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Makes threads that ask Linux for a short scheduler slice as they start: {@code sched_setattr} with the thread's
 * own policy and nice, and {@code sched_runtime} set to the slice. On a kernel with EEVDF (6.12 and later) a task's
 * slice sets how soon its virtual deadline comes, so a thread that wakes with a short one preempts a CPU hog within
 * about the slice instead of waiting out the hog's (the kernel's default, 1.4 ms on the 2-core development machine): on a shared laptop, the pipeline thread
 * no longer waits behind another process's thread when a world model is due. It asks for no more CPU than before,
 * only for it sooner. Where the call is refused (not Linux, an older kernel, a seccomp filter) the thread runs as it
 * would have, and the first refusal is said once on stderr.
 */
public final class SchedulerSliceThreadFactory implements ThreadFactory
{
    /** The slice asked for, e.g. 100us; 0 asks nothing. Linux accepts 100 µs to 100 ms. */
    public static final String SLICE_PROP_NAME = "fusebox.sched.slice";
    public static final long SLICE_DEFAULT_NS = TimeUnit.MICROSECONDS.toNanos(100);

    private static final int SCHED_ATTR_SIZE = 48;
    private static final int POLICY_OFFSET = 4;
    private static final int FLAGS_OFFSET = 8;
    private static final int RUNTIME_OFFSET = 24;
    private static final AtomicBoolean REFUSAL_SAID = new AtomicBoolean();

    private final ThreadFactory delegate;
    private final long sliceNs;
    private final AtomicInteger applied = new AtomicInteger();
    private final AtomicInteger refused = new AtomicInteger();

    /**
     * @param delegate makes the threads (e.g. {@code Thread::new} or a {@link CorePinning}).
     * @param sliceNs  the slice to ask for; 0 to ask nothing.
     */
    public SchedulerSliceThreadFactory(final ThreadFactory delegate, final long sliceNs)
    {
        if (sliceNs < 0)
        {
            throw new IllegalArgumentException("sliceNs must be >= 0, was " + sliceNs);
        }
        this.delegate = delegate;
        this.sliceNs = sliceNs;
    }

    public Thread newThread(final Runnable runnable)
    {
        if (0 == sliceNs)
        {
            return delegate.newThread(runnable);
        }
        return delegate.newThread(() ->
        {
            if (setCurrentThreadSlice(sliceNs))
            {
                applied.incrementAndGet();
            }
            else
            {
                refused.incrementAndGet();
            }
            runnable.run();
        });
    }

    public long sliceNs()
    {
        return sliceNs;
    }

    /**
     * @return how many threads this factory made got their slice, once they have started.
     */
    public int appliedCount()
    {
        return applied.get();
    }

    /**
     * @return how many threads this factory made were refused their slice, once they have started.
     */
    public int refusedCount()
    {
        return refused.get();
    }

    /**
     * Asks for a scheduler slice for the calling thread, keeping its policy and nice.
     *
     * @return true when Linux took it.
     */
    public static boolean setCurrentThreadSlice(final long sliceNs)
    {
        final long[] numbers = syscallNumbers();
        if (null == numbers)
        {
            return refused("not Linux on x86-64 or aarch64");
        }
        try
        {
            final Function syscall = NativeLibrary.getInstance(Platform.C_LIBRARY_NAME).getFunction("syscall");
            final Memory attr = new Memory(SCHED_ATTR_SIZE);
            attr.clear();
            // sched_getattr(0 = this thread, attr, size, flags 0), then the same back with the slice in sched_runtime.
            if (0 != syscall.invokeInt(new Object[]{ numbers[1], 0, attr, SCHED_ATTR_SIZE, 0 }))
            {
                return refused("sched_getattr failed");
            }
            attr.setInt(0, SCHED_ATTR_SIZE);
            attr.setLong(FLAGS_OFFSET, 0L);
            attr.setLong(RUNTIME_OFFSET, sliceNs);
            if (0 != syscall.invokeInt(new Object[]{ numbers[0], 0, attr, 0 }))
            {
                return refused("sched_setattr refused a " + sliceNs + " ns slice for policy " + attr.getInt(POLICY_OFFSET));
            }
            return true;
        }
        catch (final LinkageError | RuntimeException ex)
        {
            return refused(ex.toString());
        }
    }

    /**
     * @return the calling thread's slice (its {@code sched_runtime}) as Linux reports it, or -1 where it cannot say.
     */
    public static long currentThreadSliceNs()
    {
        final long[] numbers = syscallNumbers();
        if (null == numbers)
        {
            return -1;
        }
        try
        {
            final Function syscall = NativeLibrary.getInstance(Platform.C_LIBRARY_NAME).getFunction("syscall");
            final Memory attr = new Memory(SCHED_ATTR_SIZE);
            attr.clear();
            return 0 == syscall.invokeInt(new Object[]{ numbers[1], 0, attr, SCHED_ATTR_SIZE, 0 }) ?
                attr.getLong(RUNTIME_OFFSET) : -1;
        }
        catch (final LinkageError | RuntimeException ex)
        {
            return -1;
        }
    }

    /**
     * @return {sched_setattr, sched_getattr} on this machine, or null.
     */
    private static long[] syscallNumbers()
    {
        if (!Platform.isLinux())
        {
            return null;
        }
        if (Platform.isIntel() && Platform.is64Bit())
        {
            return new long[]{ 314, 315 };
        }
        if (Platform.isARM() && Platform.is64Bit())
        {
            return new long[]{ 274, 275 };
        }
        return null;
    }

    private static boolean refused(final String why)
    {
        if (REFUSAL_SAID.compareAndSet(false, true))
        {
            System.err.println("fusebox: threads keep the kernel's default scheduler slice (" + why + ")");
        }
        return false;
    }
}
