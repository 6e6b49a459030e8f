package io.fusebox.runtime.bus;

import org.agrona.concurrent.EpochNanoClock;
import org.agrona.concurrent.IdleStrategy;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongSupplier;

/**
 * Idles an agent whose work falls due at times it knows in advance (a sensor rig publishing on a schedule) until
 * just before the next one: it parks until a margin before the due time, then spins the rest, so the work starts on
 * time without waking every few microseconds in between. A backoff strategy cannot know when to wake: it either
 * wakes far more often than there is work (short parks) or oversleeps the due time (long ones).
 *
 * <p>The margin covers the kernel's lateness in waking a parked thread (on the development VM, with the 1 µs timer
 * slack a laptop's agent threads ask for, 40-48 µs at the median after a 100 µs park; Linux's default slack of 50 µs
 * comes on top where it stays); a park is at most {@code maxParkNs}, so an agent with nothing due still looks again
 * now and then. Like every idle strategy it
 * belongs to one thread.
 */
public final class DueTimeIdleStrategy implements IdleStrategy
{
    /** Spins the last 60 µs before a due time: the kernel's lateness in waking a parked thread, and a little more. */
    public static final long DEFAULT_MARGIN_NS = TimeUnit.MICROSECONDS.toNanos(60);

    /** Looks again at least every millisecond when nothing is due sooner. */
    public static final long DEFAULT_MAX_PARK_NS = TimeUnit.MILLISECONDS.toNanos(1);

    private final EpochNanoClock clock;
    private final LongSupplier nextDueNs;
    private final long marginNs;
    private final long maxParkNs;

    /**
     * @param clock     the clock the due times are on.
     * @param nextDueNs when the agent's next work falls due on {@code clock}, asked on the agent's own thread after
     *                  a duty cycle that did nothing; {@link Long#MAX_VALUE} when nothing is scheduled.
     * @param marginNs  how long before a due time to stop parking and spin.
     * @param maxParkNs the longest single park.
     */
    public DueTimeIdleStrategy(
        final EpochNanoClock clock, final LongSupplier nextDueNs, final long marginNs, final long maxParkNs)
    {
        if (marginNs < 0 || maxParkNs <= 0)
        {
            throw new IllegalArgumentException(
                "marginNs must be >= 0 and maxParkNs > 0, were " + marginNs + " and " + maxParkNs);
        }
        this.clock = clock;
        this.nextDueNs = nextDueNs;
        this.marginNs = marginNs;
        this.maxParkNs = maxParkNs;
    }

    /**
     * With the default margin and longest park.
     */
    public DueTimeIdleStrategy(final EpochNanoClock clock, final LongSupplier nextDueNs)
    {
        this(clock, nextDueNs, DEFAULT_MARGIN_NS, DEFAULT_MAX_PARK_NS);
    }

    public void idle(final int workCount)
    {
        if (workCount <= 0)
        {
            idle();
        }
    }

    public void idle()
    {
        final long parkNs = parkNs(nextDueNs.getAsLong(), clock.nanoTime());
        if (parkNs > 0)
        {
            LockSupport.parkNanos(parkNs);
        }
        else
        {
            Thread.onSpinWait();
        }
    }

    /**
     * @return how long to park when the next work is due at {@code dueNs} and it is now {@code nowNs}; 0 to spin.
     */
    long parkNs(final long dueNs, final long nowNs)
    {
        // Compared as a difference, so Long.MAX_VALUE (nothing due) cannot overflow into the past.
        final long untilDueNs = dueNs - nowNs;
        if (untilDueNs <= marginNs)
        {
            return 0;
        }
        return Math.min(untilDueNs - marginNs, maxParkNs);
    }

    public void reset()
    {
    }

    public String alias()
    {
        return "due-time";
    }

    public String toString()
    {
        return "DueTimeIdleStrategy{marginNs=" + marginNs + ", maxParkNs=" + maxParkNs + '}';
    }
}
