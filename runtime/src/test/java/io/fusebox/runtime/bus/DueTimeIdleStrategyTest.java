package io.fusebox.runtime.bus;

import org.agrona.concurrent.CachedEpochClock;
import org.junit.jupiter.api.Test;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

final class DueTimeIdleStrategyTest
{
    private static final long MARGIN_NS = TimeUnit.MICROSECONDS.toNanos(60);
    private static final long MAX_PARK_NS = TimeUnit.MILLISECONDS.toNanos(1);
    private static final long NOW_NS = 1_700_000_000_000_000_000L;

    private final DueTimeIdleStrategy strategy =
        new DueTimeIdleStrategy(() -> NOW_NS, () -> Long.MAX_VALUE, MARGIN_NS, MAX_PARK_NS);

    @Test
    void parksUntilTheMarginBeforeTheNextDueTime()
    {
        assertEquals(TimeUnit.MICROSECONDS.toNanos(340), strategy.parkNs(NOW_NS + TimeUnit.MICROSECONDS.toNanos(400), NOW_NS));
    }

    @Test
    void spinsInsideTheMarginAndWhenWorkIsOverdue()
    {
        assertEquals(0, strategy.parkNs(NOW_NS + MARGIN_NS, NOW_NS));
        assertEquals(0, strategy.parkNs(NOW_NS + 1, NOW_NS));
        assertEquals(0, strategy.parkNs(NOW_NS - TimeUnit.SECONDS.toNanos(1), NOW_NS));
    }

    @Test
    void neverParksLongerThanItsLongestPark()
    {
        assertEquals(MAX_PARK_NS, strategy.parkNs(NOW_NS + TimeUnit.SECONDS.toNanos(5), NOW_NS));
        // Nothing scheduled: no overflow into the past, a longest park.
        assertEquals(MAX_PARK_NS, strategy.parkNs(Long.MAX_VALUE, NOW_NS));
    }

    @Test
    void asksForTheDueTimeOnlyWhenTheDutyCycleDidNothing()
    {
        final AtomicLong asked = new AtomicLong();
        final CachedEpochClock clock = new CachedEpochClock();
        clock.update(NOW_NS);
        final DueTimeIdleStrategy counting = new DueTimeIdleStrategy(
            clock::time, () ->
            {
                asked.incrementAndGet();
                return NOW_NS;
            },
            MARGIN_NS, MAX_PARK_NS);
        counting.idle(3);
        assertEquals(0, asked.get());
        counting.idle(0);
        assertEquals(1, asked.get());
    }

    @Test
    void refusesANegativeMarginOrAnEmptyPark()
    {
        assertThrows(IllegalArgumentException.class, () -> new DueTimeIdleStrategy(() -> 0, () -> 0, -1, MAX_PARK_NS));
        assertThrows(IllegalArgumentException.class, () -> new DueTimeIdleStrategy(() -> 0, () -> 0, MARGIN_NS, 0));
    }

    @Test
    void aLaptopSleepsUntilDueAndABoardSpins()
    {
        assertEquals(DueTimeIdleStrategy.class,
            Profile.LAPTOP.newDueTimeIdleStrategy(() -> NOW_NS, () -> NOW_NS).getClass());
        assertEquals(Profile.BOARD.newIdleStrategy().getClass(),
            Profile.BOARD.newDueTimeIdleStrategy(() -> NOW_NS, () -> NOW_NS).getClass());
    }
}
