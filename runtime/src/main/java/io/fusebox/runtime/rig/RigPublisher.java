package io.fusebox.runtime.rig;

import io.aeron.Aeron;
import io.aeron.Counter;
import io.aeron.ExclusivePublication;
import io.aeron.Publication;
import io.fusebox.runtime.bus.Bus;
import io.fusebox.runtime.bus.BusCounters;
import io.fusebox.sensors.message.SensorMessageSource;
import io.fusebox.sensors.rig.Rig;
import io.fusebox.sensors.rig.RigLoader;
import io.fusebox.sensors.rig.SensorConfig;
import org.agrona.CloseHelper;
import org.agrona.ErrorHandler;
import org.agrona.concurrent.Agent;
import org.agrona.concurrent.EpochNanoClock;
import org.agrona.concurrent.UnsafeBuffer;

import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;

/**
 * Publishes a {@link SensorMessageSource} onto the bus: each message on its sensor's publication as soon
 * as the clock reaches its capture time. The sequencer stamps receive time with the same clock, so
 * receive minus capture measures from when the message was due, and any delay here (back pressure, a
 * late duty cycle) shows up in latency rather than hiding: no coordinated omission.
 *
 * <p>The next message is encoded as soon as the one before it is out, and waits in its sensor's slot for its capture
 * time: a real sensor's message exists when it is due, so the simulator's own work (ray casting a LiDAR sector,
 * 13 µs at the median and 55 µs at p99) is not counted as the pipeline's latency.
 *
 * <p>A message the stream cannot take now (back pressure, no subscriber yet) stays encoded in its
 * sensor's slot, is counted once, and is offered again next duty cycle; that sensor's later messages
 * wait behind it while other sensors carry on. Nothing is dropped silently: the only drop, a message
 * larger than its stream can carry (a source bug), is reported as an error.
 */
public final class RigPublisher implements Agent
{
    /** Messages taken from the source per duty cycle at most, so a backlog cannot stall the thread. */
    public static final int MESSAGES_PER_DUTY_CYCLE = 64;

    /**
     * A message its stream refused is offered again this long after, by {@link #nextDueNs()}: soon, but without
     * spinning against the consumer it waits for, which may need the core.
     */
    public static final long BACK_PRESSURE_RETRY_NS = TimeUnit.MICROSECONDS.toNanos(100);

    private static final int NONE_STAGED = -1;

    private final SensorMessageSource source;
    private final EpochNanoClock clock;
    private final ErrorHandler errorHandler;
    private final Rig rig;
    private final int sensorCount;
    private final ExclusivePublication[] publications;
    private final UnsafeBuffer[] buffers;
    private final int[] lengths;
    private final boolean[] pending;
    private final boolean[] counted;
    private final boolean[] reported;
    private int pendingCount;
    /** The sensor whose next message is encoded in its slot ahead of its capture time, or {@link #NONE_STAGED}. */
    private int stagedSensorIndex = NONE_STAGED;
    private long stagedCaptureTimeNs = Long.MAX_VALUE;

    private final Counter[] messages;
    private final Counter[] bytes;
    private final Counter[] backPressure;
    private final Counter[] notConnected;

    /**
     * @param bus    whose sensor publications to publish on; counters are added to its driver.
     * @param source of messages, in capture-time order; one caller, this agent.
     * @param clock  the clock the sequencer stamps receive time with.
     */
    public RigPublisher(final Bus bus, final SensorMessageSource source, final EpochNanoClock clock)
    {
        this.source = source;
        this.clock = clock;
        this.errorHandler = bus.errorHandler();
        rig = bus.rig();
        sensorCount = rig.sensorCount();
        publications = new ExclusivePublication[sensorCount];
        buffers = new UnsafeBuffer[sensorCount];
        lengths = new int[sensorCount];
        pending = new boolean[sensorCount];
        counted = new boolean[sensorCount];
        reported = new boolean[sensorCount];
        messages = new Counter[sensorCount];
        bytes = new Counter[sensorCount];
        backPressure = new Counter[sensorCount];
        notConnected = new Counter[sensorCount];

        final Aeron aeron = bus.aeron();
        try
        {
            for (int i = 0; i < sensorCount; i++)
            {
                final SensorConfig sensor = rig.sensor(i);
                publications[i] = bus.sensorPublication(i);
                buffers[i] = new UnsafeBuffer(ByteBuffer.allocateDirect(RigLoader.MAX_SENSOR_MESSAGE_BYTES));
                messages[i] = BusCounters.addSensorCounter(
                    aeron, BusCounters.PUBLISHER_MESSAGES_TYPE_ID, sensor, "messages published");
                bytes[i] = BusCounters.addSensorCounter(
                    aeron, BusCounters.PUBLISHER_BYTES_TYPE_ID, sensor, "bytes published");
                backPressure[i] = BusCounters.addSensorCounter(
                    aeron, BusCounters.PUBLISHER_BACK_PRESSURE_TYPE_ID, sensor, "publish back pressure");
                notConnected[i] = BusCounters.addSensorCounter(
                    aeron, BusCounters.PUBLISHER_NOT_CONNECTED_TYPE_ID, sensor, "publish not connected");
            }
        }
        catch (final RuntimeException ex)
        {
            closeCounters();
            throw ex;
        }
    }

    public String roleName()
    {
        return "rig-publisher";
    }

    public int doWork()
    {
        int workCount = 0;
        if (pendingCount > 0)
        {
            workCount += retryPending();
        }

        final long nowNs = clock.nanoTime();
        for (int taken = 0; taken < MESSAGES_PER_DUTY_CYCLE; taken++)
        {
            if (NONE_STAGED == stagedSensorIndex && !stageNext())
            {
                break;
            }
            if (stagedCaptureTimeNs > nowNs)
            {
                break;
            }
            final int sensorIndex = stagedSensorIndex;
            stagedSensorIndex = NONE_STAGED;
            stagedCaptureTimeNs = Long.MAX_VALUE;
            pending[sensorIndex] = true;
            counted[sensorIndex] = false;
            pendingCount++;
            workCount += offer(sensorIndex);
        }
        if (NONE_STAGED == stagedSensorIndex)
        {
            // Not counted as work: the idle strategy may sleep until the message is due.
            stageNext();
        }

        return workCount;
    }

    public void onClose()
    {
        closeCounters();
    }

    /**
     * When this agent next has work: the capture time of the source's next message, or sooner a retry of a message
     * its stream refused. On the agent's own thread (an idle strategy's, {@link
     * io.fusebox.runtime.bus.Profile#newDueTimeIdleStrategy}).
     *
     * @return on the publisher's clock; {@link Long#MAX_VALUE} once the source is exhausted and nothing is pending.
     */
    public long nextDueNs()
    {
        final long nextCaptureTimeNs =
            NONE_STAGED != stagedSensorIndex ? stagedCaptureTimeNs : source.nextCaptureTimeNs();
        return pendingCount > 0 ? Math.min(nextCaptureTimeNs, clock.nanoTime() + BACK_PRESSURE_RETRY_NS) : nextCaptureTimeNs;
    }

    /**
     * @return true once the source is exhausted and every message it gave has been published.
     */
    public boolean isDone()
    {
        return 0 == pendingCount && NONE_STAGED == stagedSensorIndex && Long.MAX_VALUE == source.nextCaptureTimeNs();
    }

    /**
     * @return messages waiting for their stream to take them.
     */
    public int pendingCount()
    {
        return pendingCount;
    }

    /**
     * Encodes the source's next message into its sensor's slot, unless the source is exhausted or that slot still
     * holds a message its stream refused (the sensor's messages keep their order).
     *
     * @return whether a message is now staged.
     */
    private boolean stageNext()
    {
        final long captureTimeNs = source.nextCaptureTimeNs();
        if (Long.MAX_VALUE == captureTimeNs)
        {
            return false;
        }
        final int sensorIndex = source.nextSensorIndex();
        if (pending[sensorIndex])
        {
            return false;
        }
        lengths[sensorIndex] = source.encodeNext(buffers[sensorIndex], 0);
        stagedSensorIndex = sensorIndex;
        stagedCaptureTimeNs = captureTimeNs;
        return true;
    }

    private int retryPending()
    {
        int published = 0;
        for (int i = 0; i < sensorCount; i++)
        {
            if (pending[i])
            {
                published += offer(i);
            }
        }
        return published;
    }

    private int offer(final int sensorIndex)
    {
        final ExclusivePublication publication = publications[sensorIndex];
        final int length = lengths[sensorIndex];
        if (length > publication.maxMessageLength())
        {
            drop(sensorIndex, length, publication);
            return 0;
        }

        final long result = publication.offer(buffers[sensorIndex], 0, length);
        if (result > 0)
        {
            pending[sensorIndex] = false;
            pendingCount--;
            messages[sensorIndex].incrementRelease();
            bytes[sensorIndex].getAndAddRelease(length);
            return 1;
        }

        if (Publication.BACK_PRESSURED == result || Publication.ADMIN_ACTION == result)
        {
            countOnce(sensorIndex, backPressure[sensorIndex]);
        }
        else if (Publication.NOT_CONNECTED == result)
        {
            countOnce(sensorIndex, notConnected[sensorIndex]);
        }
        else if (!reported[sensorIndex])
        {
            reported[sensorIndex] = true;
            errorHandler.onError(new IllegalStateException("sensor " + rig.sensor(sensorIndex).name() +
                ": publication " + (Publication.CLOSED == result ? "closed" : "at its maximum position") +
                "; holding its messages"));
        }
        return 0;
    }

    private void countOnce(final int sensorIndex, final Counter counter)
    {
        if (!counted[sensorIndex])
        {
            counted[sensorIndex] = true;
            counter.incrementRelease();
        }
    }

    private void drop(final int sensorIndex, final int length, final ExclusivePublication publication)
    {
        pending[sensorIndex] = false;
        pendingCount--;
        errorHandler.onError(new IllegalArgumentException("sensor " + rig.sensor(sensorIndex).name() +
            ": dropped a " + length + "-byte message, larger than its stream carries (" +
            publication.maxMessageLength() + ")"));
    }

    private void closeCounters()
    {
        CloseHelper.quietCloseAll(notConnected);
        CloseHelper.quietCloseAll(backPressure);
        CloseHelper.quietCloseAll(bytes);
        CloseHelper.quietCloseAll(messages);
    }
}
