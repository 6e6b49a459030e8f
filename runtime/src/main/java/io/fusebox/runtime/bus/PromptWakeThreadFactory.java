package io.fusebox.runtime.bus;

import com.sun.jna.Function;
import com.sun.jna.Memory;
import com.sun.jna.NativeLibrary;
import com.sun.jna.Platform;
import org.agrona.SystemUtil;

import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Makes threads that ask Linux to run them soon after they wake, as they start:
 * <ul>
 * <li>a short scheduler slice: {@code sched_setattr} with the thread's own policy and nice, and {@code sched_runtime}
 * set to the slice. On a kernel with EEVDF (6.12 and later) a task's slice sets how soon its virtual deadline comes,
 * so a thread that wakes with a short one preempts a CPU hog within about the slice instead of waiting out the hog's
 * (the kernel's default, 1.4 ms on the 2-core development machine): on a shared laptop, the pipeline thread no longer
 * waits behind another process's thread when a world model is due;</li>
 * <li>a short timer slack: {@code prctl(PR_SET_TIMERSLACK)}. Linux may fire a sleeping thread's timer up to its slack
 * late (50 µs by default) to batch wake-ups, so every park of a backing-off agent ended at least 50 µs after it
 * asked: on the development VM a 1 µs sleep woke 91-97 µs late at the median, 10 µs with a 1 µs slack
 * ({@code bench/host/oversleep.c}).</li>
 * </ul>
 * Neither asks for more CPU than before, only for it sooner. Where a call is refused (not Linux, an older kernel, a
 * seccomp filter) the thread runs as it would have, and the first refusal is said once on stderr.
 */
public final class PromptWakeThreadFactory implements ThreadFactory
{
    /** The slice asked for, e.g. 100us; 0 asks nothing. Linux accepts 100 µs to 100 ms. */
    public static final String SLICE_PROP_NAME = "fusebox.sched.slice";
    public static final long SLICE_DEFAULT_NS = TimeUnit.MICROSECONDS.toNanos(100);

    /** The timer slack asked for, e.g. 1us; 0 asks nothing (the kernel's default stays). */
    public static final String TIMER_SLACK_PROP_NAME = "fusebox.timer.slack";
    public static final long TIMER_SLACK_DEFAULT_NS = TimeUnit.MICROSECONDS.toNanos(1);

    private static final int SCHED_ATTR_SIZE = 48;
    private static final int POLICY_OFFSET = 4;
    private static final int FLAGS_OFFSET = 8;
    private static final int RUNTIME_OFFSET = 24;
    private static final int PR_SET_TIMERSLACK = 29;
    private static final int PR_GET_TIMERSLACK = 30;
    private static final AtomicBoolean REFUSAL_SAID = new AtomicBoolean();

    private final ThreadFactory delegate;
    private final long sliceNs;
    private final long timerSlackNs;
    private final AtomicInteger applied = new AtomicInteger();
    private final AtomicInteger refused = new AtomicInteger();

    /**
     * @param delegate     makes the threads (e.g. {@code Thread::new} or a {@link CorePinning}).
     * @param sliceNs      the slice to ask for; 0 to ask nothing.
     * @param timerSlackNs the timer slack to ask for; 0 to ask nothing.
     */
    public PromptWakeThreadFactory(final ThreadFactory delegate, final long sliceNs, final long timerSlackNs)
    {
        if (sliceNs < 0 || timerSlackNs < 0)
        {
            throw new IllegalArgumentException(
                "sliceNs and timerSlackNs must be >= 0, were " + sliceNs + " and " + timerSlackNs);
        }
        this.delegate = delegate;
        this.sliceNs = sliceNs;
        this.timerSlackNs = timerSlackNs;
    }

    /**
     * With the slice and timer slack of the system properties {@link #SLICE_PROP_NAME} and
     * {@link #TIMER_SLACK_PROP_NAME}, or their defaults.
     */
    public static PromptWakeThreadFactory fromSystemProperties(final ThreadFactory delegate)
    {
        return new PromptWakeThreadFactory(
            delegate,
            SystemUtil.getDurationInNanos(SLICE_PROP_NAME, SLICE_DEFAULT_NS),
            SystemUtil.getDurationInNanos(TIMER_SLACK_PROP_NAME, TIMER_SLACK_DEFAULT_NS));
    }

    public Thread newThread(final Runnable runnable)
    {
        if (0 == sliceNs && 0 == timerSlackNs)
        {
            return delegate.newThread(runnable);
        }
        return delegate.newThread(() ->
        {
            final boolean isSliceSet = 0 == sliceNs || setCurrentThreadSlice(sliceNs);
            final boolean isSlackSet = 0 == timerSlackNs || setCurrentThreadTimerSlack(timerSlackNs);
            if (isSliceSet && isSlackSet)
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

    public long timerSlackNs()
    {
        return timerSlackNs;
    }

    /**
     * @return how many threads this factory made got all they asked for, once they have started.
     */
    public int appliedCount()
    {
        return applied.get();
    }

    /**
     * @return how many threads this factory made were refused their slice or their timer slack, once they have
     * started.
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
            final Function syscall = libc("syscall");
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
            final Function syscall = libc("syscall");
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
     * Asks for a timer slack for the calling thread.
     *
     * @return true when Linux took it.
     */
    public static boolean setCurrentThreadTimerSlack(final long timerSlackNs)
    {
        if (!Platform.isLinux())
        {
            return refused("not Linux");
        }
        try
        {
            final Function prctl = libc("prctl");
            return 0 == prctl.invokeInt(new Object[]{ PR_SET_TIMERSLACK, timerSlackNs, 0L, 0L, 0L }) ||
                refused("prctl refused a " + timerSlackNs + " ns timer slack");
        }
        catch (final LinkageError | RuntimeException ex)
        {
            return refused(ex.toString());
        }
    }

    /**
     * @return the calling thread's timer slack as Linux reports it, or -1 where it cannot say.
     */
    public static long currentThreadTimerSlackNs()
    {
        if (!Platform.isLinux())
        {
            return -1;
        }
        try
        {
            final Function prctl = libc("prctl");
            return prctl.invokeInt(new Object[]{ PR_GET_TIMERSLACK, 0L, 0L, 0L, 0L });
        }
        catch (final LinkageError | RuntimeException ex)
        {
            return -1;
        }
    }

    private static Function libc(final String name)
    {
        return NativeLibrary.getInstance(Platform.C_LIBRARY_NAME).getFunction(name);
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
            System.err.println(
                "fusebox: threads keep the kernel's default scheduler slice or timer slack (" + why + ")");
        }
        return false;
    }
}
