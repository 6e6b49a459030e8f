package io.fusebox.runtime.testing;

import org.agrona.concurrent.BackoffIdleStrategy;
import org.agrona.concurrent.IdleStrategy;

import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.IntSupplier;
import java.util.function.Supplier;

/**
 * Polls a condition with a deadline, doing work in between, backing off when there was none.
 */
public final class Await
{
    private Await()
    {
    }

    public static void until(final BooleanSupplier condition, final Duration timeout, final Supplier<String> what)
    {
        until(condition, () -> 0, timeout, what);
    }

    /**
     * @param work run between checks (an agent's duty cycle, a poll); returns how much it did.
     */
    public static void until(
        final BooleanSupplier condition, final IntSupplier work, final Duration timeout, final Supplier<String> what)
    {
        final IdleStrategy idle = new BackoffIdleStrategy(10, 10, 1_000, 1_000_000);
        final long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean())
        {
            if (System.nanoTime() > deadline)
            {
                throw new AssertionError("timed out after " + timeout + " waiting for: " + what.get());
            }
            idle.idle(work.getAsInt());
        }
    }
}
