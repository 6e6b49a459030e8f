package io.fusebox.runtime.testing;

import org.agrona.concurrent.EpochNanoClock;

/**
 * A clock that runs {@code speed} times faster than real time from a chosen start, so a test covers
 * seconds of message time in less. Publisher and sequencer share it, as they share the real one.
 */
public final class ScaledClock implements EpochNanoClock
{
    private final long startNs;
    private final long originNanoTime;
    private final long speed;

    public ScaledClock(final long startNs, final long speed)
    {
        this.startNs = startNs;
        this.speed = speed;
        this.originNanoTime = System.nanoTime();
    }

    public long nanoTime()
    {
        return startNs + (System.nanoTime() - originNanoTime) * speed;
    }
}
