package io.fusebox.runtime.bus;

import io.aeron.driver.Configuration;
import io.aeron.driver.MediaDriver;
import io.aeron.driver.ThreadingMode;
import org.agrona.concurrent.BackoffIdleStrategy;
import org.agrona.concurrent.BusySpinIdleStrategy;
import org.agrona.concurrent.EpochNanoClock;
import org.agrona.concurrent.IdleStrategy;

import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * Where fusebox runs decides how its threads behave; the agents never know. A laptop has a couple of
 * cores shared with everything else, so agents share threads and back off when idle; a board gives
 * each agent (and each driver agent) a core of its own to spin on.
 */
public enum Profile
{
    /**
     * A developer machine: the media driver's agents share one thread, fusebox's agents share one
     * more, all backing off to a park when idle. Spinning threads beyond the core count only starve
     * each other.
     */
    LAPTOP
    {
        public ThreadingMode driverThreadingMode()
        {
            return ThreadingMode.SHARED;
        }

        public IdleStrategy newIdleStrategy()
        {
            // Parks of at most 100 µs: a 1 ms cap put up to a millisecond on p99 for a few thousand fewer
            // wake-ups a second. The threads ask for a 1 µs timer slack (PromptWakeThreadFactory): with Linux's 50 µs
            // default even a 1 µs park woke 91-97 µs late at the median on the development VM (bench/host/oversleep.c).
            return new BackoffIdleStrategy(
                100, 10, TimeUnit.MICROSECONDS.toNanos(1), TimeUnit.MICROSECONDS.toNanos(100));
        }

        public IdleStrategy newDueTimeIdleStrategy(final EpochNanoClock clock, final LongSupplier nextDueNs)
        {
            return new DueTimeIdleStrategy(clock, nextDueNs);
        }

        public IdleStrategy newDriverIdleStrategy(final boolean isIpcOnly)
        {
            // With IPC only, the driver's conductor only moves publication limits and cleans terms (the streams'
            // terms hold tens of milliseconds), so it parks up to a millisecond instead of waking every 100 µs to
            // take a core the pipeline wants; with UDP its sender and receiver carry the data and wake quickly.
            return isIpcOnly ?
                new BackoffIdleStrategy(
                    10, 10, TimeUnit.MICROSECONDS.toNanos(10), TimeUnit.MILLISECONDS.toNanos(1)) :
                newIdleStrategy();
        }

        public int agentThreadCount(final int agentCount)
        {
            return Math.min(agentCount, 1);
        }

        public int udpMtuLength()
        {
            return Configuration.MTU_LENGTH_DEFAULT;
        }

        public int udpSocketBufferLength()
        {
            // The kernel's own default: a stock laptop caps SO_RCVBUF low (net.core.rmem_max) and Aeron would
            // warn at every start if it asked for more.
            return 0;
        }
    },

    /**
     * An edge board (NVIDIA DRIVE AGX Thor): one thread per agent, busy-spinning, the driver's
     * conductor, sender and receiver on dedicated threads. Pinning each thread to a core is the
     * job of the {@code ThreadFactory} given to {@link AgentThreads}.
     */
    BOARD
    {
        public ThreadingMode driverThreadingMode()
        {
            return ThreadingMode.DEDICATED;
        }

        public IdleStrategy newIdleStrategy()
        {
            return new BusySpinIdleStrategy();
        }

        public IdleStrategy newDueTimeIdleStrategy(final EpochNanoClock clock, final LongSupplier nextDueNs)
        {
            return newIdleStrategy();
        }

        public IdleStrategy newDriverIdleStrategy(final boolean isIpcOnly)
        {
            return newIdleStrategy();
        }

        public int agentThreadCount(final int agentCount)
        {
            return agentCount;
        }

        public int udpMtuLength()
        {
            return BOARD_UDP_MTU_LENGTH;
        }

        public int udpSocketBufferLength()
        {
            return BOARD_UDP_SOCKET_BUFFER_LENGTH;
        }
    };

    /**
     * Jumbo frames (9000 bytes) on the board's Ethernet: a 32 KiB LiDAR sector crosses as 4 frames, not 24.
     */
    public static final int BOARD_UDP_MTU_LENGTH = 8192;

    /**
     * Room for a LiDAR sweep's burst in the socket; needs {@code net.core.rmem_max} and {@code wmem_max} at
     * least this large (INSTALL.md).
     */
    public static final int BOARD_UDP_SOCKET_BUFFER_LENGTH = 4 * 1024 * 1024;

    /**
     * @return how the embedded media driver lays out its agents.
     */
    public abstract ThreadingMode driverThreadingMode();

    /**
     * @return a fresh idle strategy for one agent thread (idle strategies hold per-thread state).
     */
    public abstract IdleStrategy newIdleStrategy();

    /**
     * @param clock     the clock of the due times.
     * @param nextDueNs when the agent's next work falls due (asked on its thread).
     * @return a fresh idle strategy for one agent thread whose work comes on a schedule it knows (a sensor rig): on a
     * laptop it sleeps until just before the next due time ({@link DueTimeIdleStrategy}); on a board it spins.
     */
    public abstract IdleStrategy newDueTimeIdleStrategy(EpochNanoClock clock, LongSupplier nextDueNs);

    /**
     * @param isIpcOnly every stream of the bus is IPC ({@link BusContext#isIpcOnly()}).
     * @return a fresh idle strategy for one of the embedded media driver's threads.
     */
    public abstract IdleStrategy newDriverIdleStrategy(boolean isIpcOnly);

    /**
     * @return how many threads {@code agentCount} agents run on.
     */
    public abstract int agentThreadCount(int agentCount);

    /**
     * @return MTU of a UDP channel (a rig across boards) whose rig entry gives none.
     */
    public abstract int udpMtuLength();

    /**
     * @return SO_RCVBUF and SO_SNDBUF of the embedded driver's UDP sockets; 0 for the kernel's default.
     */
    public abstract int udpSocketBufferLength();

    /**
     * Applies this profile's threading, idle strategies and socket buffers to an embedded driver.
     *
     * @param isIpcOnly every stream of the bus is IPC ({@link BusContext#isIpcOnly()}).
     */
    public void configure(final MediaDriver.Context driverContext, final boolean isIpcOnly)
    {
        if (udpSocketBufferLength() > 0)
        {
            driverContext.socketRcvbufLength(udpSocketBufferLength()).socketSndbufLength(udpSocketBufferLength());
        }
        driverContext
            .threadingMode(driverThreadingMode())
            .sharedIdleStrategy(newDriverIdleStrategy(isIpcOnly))
            .sharedNetworkIdleStrategy(newDriverIdleStrategy(isIpcOnly))
            .conductorIdleStrategy(newDriverIdleStrategy(isIpcOnly))
            .senderIdleStrategy(newDriverIdleStrategy(isIpcOnly))
            .receiverIdleStrategy(newDriverIdleStrategy(isIpcOnly));
    }

    /**
     * @param name laptop, board, or thor (the board fusebox is built for).
     * @return the profile.
     * @throws IllegalArgumentException naming the accepted values.
     */
    public static Profile fromName(final String name)
    {
        switch (name.trim().toLowerCase(Locale.ROOT))
        {
            case "laptop":
                return LAPTOP;
            case "board":
            case "thor":
                return BOARD;
            default:
                throw new IllegalArgumentException("unknown profile '" + name + "' (expected laptop, board or thor)");
        }
    }
}
