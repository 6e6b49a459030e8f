package io.fusebox.runtime.bus;

import com.sun.jna.Platform;
import org.junit.jupiter.api.Test;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

final class PromptWakeThreadFactoryTest
{
    private static final long SLICE_NS = TimeUnit.MICROSECONDS.toNanos(100);
    private static final long TIMER_SLACK_NS = 2_000;

    @Test
    void aThreadItMakesRunsWithTheSliceOrAsBeforeWhereLinuxRefuses() throws Exception
    {
        final PromptWakeThreadFactory factory = new PromptWakeThreadFactory(Thread::new, SLICE_NS, 0);
        final CompletableFuture<Long> slice = new CompletableFuture<>();
        final Thread thread = factory.newThread(() -> slice.complete(PromptWakeThreadFactory.currentThreadSliceNs()));
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
    void aThreadItMakesRunsWithTheTimerSlackOrAsBeforeWhereLinuxRefuses() throws Exception
    {
        final PromptWakeThreadFactory factory = new PromptWakeThreadFactory(Thread::new, 0, TIMER_SLACK_NS);
        final CompletableFuture<Long> slack = new CompletableFuture<>();
        final Thread thread = factory.newThread(() -> slack.complete(PromptWakeThreadFactory.currentThreadTimerSlackNs()));
        thread.start();
        thread.join(TimeUnit.SECONDS.toMillis(10));

        // Any Linux thread may set its own timer slack (no privilege, no new kernel): there it must have taken.
        final long slackNs = slack.get(1, TimeUnit.SECONDS);
        assertEquals(1, factory.appliedCount() + factory.refusedCount());
        if (Platform.isLinux())
        {
            assertEquals(1, factory.appliedCount());
            assertEquals(TIMER_SLACK_NS, slackNs);
        }
    }

    @Test
    void noSliceAndNoSlackAsksNothing() throws Exception
    {
        final PromptWakeThreadFactory factory = new PromptWakeThreadFactory(Thread::new, 0, 0);
        final CompletableFuture<long[]> asked = new CompletableFuture<>();
        final Thread thread = factory.newThread(() -> asked.complete(new long[]{
            PromptWakeThreadFactory.currentThreadSliceNs(), PromptWakeThreadFactory.currentThreadTimerSlackNs() }));
        thread.start();
        thread.join(TimeUnit.SECONDS.toMillis(10));
        final long[] sliceAndSlack = asked.get(1, TimeUnit.SECONDS);
        assertEquals(PromptWakeThreadFactory.currentThreadSliceNs(), sliceAndSlack[0]);
        assertEquals(PromptWakeThreadFactory.currentThreadTimerSlackNs(), sliceAndSlack[1]);
        assertEquals(0, factory.appliedCount() + factory.refusedCount());
    }

    @Test
    void aLaptopsAgentThreadsAskForTheDefaultSliceAndSlackAndABoardsDoNot()
    {
        final ThreadFactoryCheck laptop = new ThreadFactoryCheck(new BusContext().profile(Profile.LAPTOP).conclude());
        assertEquals(PromptWakeThreadFactory.SLICE_DEFAULT_NS, laptop.sliceNs());
        assertEquals(PromptWakeThreadFactory.TIMER_SLACK_DEFAULT_NS, laptop.timerSlackNs());
        final ThreadFactoryCheck board = new ThreadFactoryCheck(new BusContext().profile(Profile.BOARD).conclude());
        assertEquals(-1, board.sliceNs());
    }

    @Test
    void refusesANegativeSliceOrSlack()
    {
        assertThrows(IllegalArgumentException.class, () -> new PromptWakeThreadFactory(Thread::new, -1, 0));
        assertThrows(IllegalArgumentException.class, () -> new PromptWakeThreadFactory(Thread::new, 0, -1));
    }

    private record ThreadFactoryCheck(BusContext context)
    {
        long sliceNs()
        {
            return context.agentThreadFactory() instanceof PromptWakeThreadFactory factory ? factory.sliceNs() : -1;
        }

        long timerSlackNs()
        {
            return context.agentThreadFactory() instanceof PromptWakeThreadFactory factory ? factory.timerSlackNs() : -1;
        }
    }
}
