package io.fusebox.runtime.bus;

import org.junit.jupiter.api.Test;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

final class SchedulerSliceThreadFactoryTest
{
    private static final long SLICE_NS = TimeUnit.MICROSECONDS.toNanos(100);

    @Test
    void aThreadItMakesRunsWithTheSliceOrAsBeforeWhereLinuxRefuses() throws Exception
    {
        final SchedulerSliceThreadFactory factory = new SchedulerSliceThreadFactory(Thread::new, SLICE_NS);
        final CompletableFuture<Long> slice = new CompletableFuture<>();
        final Thread thread = factory.newThread(() -> slice.complete(SchedulerSliceThreadFactory.currentThreadSliceNs()));
        thread.start();
        thread.join(TimeUnit.SECONDS.toMillis(10));

        // The runnable ran either way; where the kernel can say, it says what the factory counted.
        final long sliceNs = slice.get(1, TimeUnit.SECONDS);
        assertEquals(1, factory.appliedCount() + factory.refusedCount());
        if (1 == factory.appliedCount())
        {
            assertEquals(SLICE_NS, sliceNs);
        }
        else
        {
            assertNotEquals(SLICE_NS, sliceNs);
        }
    }

    @Test
    void noSliceAsksNothing() throws Exception
    {
        final SchedulerSliceThreadFactory factory = new SchedulerSliceThreadFactory(Thread::new, 0);
        final CompletableFuture<Long> slice = new CompletableFuture<>();
        final Thread thread = factory.newThread(() -> slice.complete(SchedulerSliceThreadFactory.currentThreadSliceNs()));
        thread.start();
        thread.join(TimeUnit.SECONDS.toMillis(10));
        assertEquals(SchedulerSliceThreadFactory.currentThreadSliceNs(), slice.get(1, TimeUnit.SECONDS));
        assertEquals(0, factory.appliedCount() + factory.refusedCount());
    }

    @Test
    void aLaptopsAgentThreadsAskForTheDefaultSliceAndABoardsDoNot()
    {
        final ThreadFactoryCheck laptop = new ThreadFactoryCheck(new BusContext().profile(Profile.LAPTOP).conclude());
        assertEquals(SchedulerSliceThreadFactory.SLICE_DEFAULT_NS, laptop.sliceNs());
        final ThreadFactoryCheck board = new ThreadFactoryCheck(new BusContext().profile(Profile.BOARD).conclude());
        assertEquals(-1, board.sliceNs());
    }

    @Test
    void refusesANegativeSlice()
    {
        assertThrows(IllegalArgumentException.class, () -> new SchedulerSliceThreadFactory(Thread::new, -1));
    }

    private record ThreadFactoryCheck(BusContext context)
    {
        long sliceNs()
        {
            return context.agentThreadFactory() instanceof SchedulerSliceThreadFactory factory ? factory.sliceNs() : -1;
        }
    }
}
