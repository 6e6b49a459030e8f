package io.fusebox.runtime.record;

import sun.misc.Signal;
import sun.misc.SignalHandler;

import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Asks a snapshot recorder to write out what its ring holds, from any thread: an API call (a dashboard's
 * REST endpoint), or a signal ({@link #SIGNAL_NAME}, installed by the recorder when its
 * {@link SnapshotContext} asks for it). The recorder takes the request on its next duty cycle and completes
 * the future with the new drive log's folder once it is written and closed, or exceptionally.
 *
 * <p>Requests made while one is waiting to be taken share its future; one made while a snapshot is being
 * written is taken after it, and holds the ring as it is then.
 */
public final class SnapshotTrigger
{
    /**
     * {@code kill -USR2 <pid>} triggers a snapshot. SIGUSR2 because the JVM leaves it to applications on
     * Linux (INT, TERM and HUP end a drive; QUIT prints a thread dump; USR1 is taken by some debuggers).
     */
    public static final String SIGNAL_NAME = "USR2";

    private final AtomicReference<CompletableFuture<Path>> requested = new AtomicReference<>();
    private volatile boolean isClosed;

    /**
     * @return completed with the snapshot's folder once written; exceptionally when the recorder has closed
     * (the drive ended) or the snapshot failed.
     */
    public CompletableFuture<Path> request()
    {
        if (isClosed)
        {
            return CompletableFuture.failedFuture(closed());
        }
        final CompletableFuture<Path> fresh = new CompletableFuture<>();
        final CompletableFuture<Path> waiting = requested.compareAndExchange(null, fresh);
        if (isClosed)
        {
            // Closed while this was being made: nobody will take it now.
            failWaiting();
        }
        return null == waiting ? fresh : waiting;
    }

    /**
     * @return the waiting request, taken, or null.
     */
    CompletableFuture<Path> take()
    {
        return requested.getAndSet(null);
    }

    /**
     * @return the handler the signal had, to restore with {@link #restoreSignal(SignalHandler)}.
     */
    SignalHandler installSignal()
    {
        return Signal.handle(new Signal(SIGNAL_NAME), signal -> request());
    }

    static void restoreSignal(final SignalHandler previous)
    {
        Signal.handle(new Signal(SIGNAL_NAME), previous);
    }

    /**
     * No more snapshots: a waiting request and every later one fail.
     */
    void close()
    {
        isClosed = true;
        failWaiting();
    }

    private void failWaiting()
    {
        final CompletableFuture<Path> waiting = take();
        if (null != waiting)
        {
            waiting.completeExceptionally(closed());
        }
    }

    private static IllegalStateException closed()
    {
        return new IllegalStateException("snapshot: the recorder has closed (the drive ended); nothing to write");
    }
}
