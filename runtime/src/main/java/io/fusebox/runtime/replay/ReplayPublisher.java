package io.fusebox.runtime.replay;

import io.aeron.ExclusivePublication;
import io.aeron.Publication;
import io.fusebox.replay.log.DriveLogReader;
import io.fusebox.replay.log.EntryKind;
import io.fusebox.replay.log.RecordedStream;
import io.fusebox.sensors.codec.SensorKind;
import io.fusebox.sensors.message.FusionInputReader;
import io.fusebox.sensors.rig.Rig;
import io.fusebox.sensors.rig.SensorConfig;
import org.HdrHistogram.Histogram;
import org.agrona.ErrorHandler;
import org.agrona.concurrent.Agent;
import org.agrona.concurrent.NanoClock;

import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Publishes a drive log's fusion input onto the fusion-input stream, unchanged, byte for byte: at its
 * recorded schedule scaled by the rate (message {@code i} is due {@code (receive_i - receive_first) / rate}
 * after the first went out), or as fast as the stream takes it. The same stream the sequencer feeds live,
 * so the code under replay is the code that drove.
 *
 * <p>At a finite rate each message's lateness (sent minus due) goes into a histogram: the timing error of
 * the replay. A message the stream cannot take now (back pressure) stays pending and is offered again next
 * duty cycle; it is never skipped, so back pressure shows up as lateness rather than loss.
 *
 * <p>Messages go out as recorded, global sequence included; filtering ({@code --only}) or starting
 * later ({@code --from}) leaves gaps in the global sequence, which is what a consumer would see had those
 * sensors been silent.
 */
final class ReplayPublisher implements Agent
{
    /** Messages published per duty cycle at most, so a backlog at max rate cannot stall the thread. */
    static final int MESSAGES_PER_DUTY_CYCLE = 64;
    private static final long HIGHEST_TRACKABLE_NS = TimeUnit.SECONDS.toNanos(60);

    private final DriveLogReader reader;
    private final ExclusivePublication publication;
    private final NanoClock clock;
    private final ErrorHandler errorHandler;
    private final boolean isMaxRate;
    private final double nsPerLogNs;
    private final long startLogNs;
    private final long endLogNs;
    private final boolean loop;
    private final boolean[] allowedSensorIds;
    private final FusionInputReader fusionInput = new FusionInputReader();
    private final Histogram timingErrorNs = new Histogram(HIGHEST_TRACKABLE_NS, 3);

    private boolean hasPending;
    private long dueNs;
    private long pendingLogNs;
    private boolean isPassStarted;
    private long passBaseLogNs;
    private long passStartNs;
    private long passLastLogNs;
    private long passPublished;
    private long driveNs;
    private long firstPublishNs;
    private long lastPublishNs;
    private long filtered;
    private long backPressured;
    private boolean isHeld;
    private volatile long published;
    private volatile long publishedBytes;
    private volatile long passes;
    private volatile boolean isDone;

    /**
     * @param reader      positioned at {@code startLogNs}; this agent reads it to the end (or {@code endLogNs}).
     * @param publication the fusion-input publication.
     * @param rig         the recorded rig, to filter by sensor kind.
     * @param rate        times recorded speed; infinite for as fast as possible.
     * @param startLogNs  log time to start (and loop back to) from.
     * @param endLogNs    log time to stop before.
     * @param loop        go round again at the end.
     * @param only        sensor kinds to replay, or null for all.
     */
    ReplayPublisher(
        final DriveLogReader reader,
        final ExclusivePublication publication,
        final NanoClock clock,
        final ErrorHandler errorHandler,
        final Rig rig,
        final double rate,
        final long startLogNs,
        final long endLogNs,
        final boolean loop,
        final Set<SensorKind> only)
    {
        this.reader = reader;
        this.publication = publication;
        this.clock = clock;
        this.errorHandler = errorHandler;
        this.isMaxRate = Double.isInfinite(rate);
        this.nsPerLogNs = isMaxRate ? 0 : 1.0 / rate;
        this.startLogNs = startLogNs;
        this.endLogNs = endLogNs;
        this.loop = loop;
        if (null == only)
        {
            allowedSensorIds = null;
        }
        else
        {
            allowedSensorIds = new boolean[Rig.MAX_SENSOR_ID + 1];
            for (final SensorConfig sensor : rig.sensors())
            {
                allowedSensorIds[sensor.id()] = only.contains(sensor.kind());
            }
        }
    }

    public String roleName()
    {
        return "replay-publisher";
    }

    public int doWork()
    {
        if (isDone)
        {
            return 0;
        }
        int workCount = 0;
        for (int n = 0; n < MESSAGES_PER_DUTY_CYCLE; n++)
        {
            if (!hasPending && !loadNext())
            {
                break;
            }
            if (!isMaxRate && clock.nanoTime() < dueNs)
            {
                break;
            }
            long result = publication.offer(reader.buffer(), reader.offset(), reader.length());
            if (Publication.ADMIN_ACTION == result)
            {
                // The term rotated under the offer: an immediate retry goes through, nothing is held back.
                result = publication.offer(reader.buffer(), reader.offset(), reader.length());
            }
            if (result < 0)
            {
                onRefused(result);
                break;
            }
            final long nowNs = clock.nanoTime();
            if (!isMaxRate)
            {
                timingErrorNs.recordValue(Math.min(Math.max(0, nowNs - dueNs), HIGHEST_TRACKABLE_NS));
            }
            if (0 == published)
            {
                firstPublishNs = nowNs;
            }
            lastPublishNs = nowNs;
            passLastLogNs = pendingLogNs;
            passPublished++;
            hasPending = false;
            isHeld = false;
            publishedBytes = publishedBytes + reader.length();
            published = published + 1;
            workCount++;
        }
        return workCount;
    }

    /**
     * @return true once every message in range has been published (and not looping), or the stream closed.
     */
    boolean isDone()
    {
        return isDone;
    }

    long published()
    {
        return published;
    }

    long publishedBytes()
    {
        return publishedBytes;
    }

    /**
     * @return passes through the range completed.
     */
    long passes()
    {
        return passes;
    }

    /**
     * Figures below are exact once the agent's thread has stopped.
     *
     * @return recorded time covered by what was published: per pass, last minus first receive time.
     */
    long driveNs()
    {
        return driveNs + (isPassStarted ? passLastLogNs - passBaseLogNs : 0);
    }

    long firstPublishNs()
    {
        return firstPublishNs;
    }

    long lastPublishNs()
    {
        return lastPublishNs;
    }

    long filtered()
    {
        return filtered;
    }

    /**
     * @return messages held back at least once because the stream could not take them.
     */
    long backPressured()
    {
        return backPressured;
    }

    Histogram timingErrorNs()
    {
        return timingErrorNs;
    }

    private boolean loadNext()
    {
        while (reader.next())
        {
            if (EntryKind.MESSAGE != reader.kind() || RecordedStream.FUSION_INPUT != reader.stream())
            {
                continue;
            }
            final long logNs = reader.timeNs();
            if (logNs >= endLogNs)
            {
                return endOfPass();
            }
            if (null != allowedSensorIds)
            {
                if (!fusionInput.wrap(reader.buffer(), reader.offset(), reader.length()))
                {
                    continue;
                }
                final int sensorId = fusionInput.sensorId();
                if (sensorId > Rig.MAX_SENSOR_ID || !allowedSensorIds[sensorId])
                {
                    filtered++;
                    continue;
                }
            }
            if (!isPassStarted)
            {
                isPassStarted = true;
                passBaseLogNs = logNs;
                passLastLogNs = logNs;
                passStartNs = clock.nanoTime();
            }
            pendingLogNs = logNs;
            dueNs = isMaxRate ? 0 : passStartNs + (long)((logNs - passBaseLogNs) * nsPerLogNs);
            hasPending = true;
            return true;
        }
        return endOfPass();
    }

    private boolean endOfPass()
    {
        if (isPassStarted)
        {
            driveNs += passLastLogNs - passBaseLogNs;
            isPassStarted = false;
        }
        passes = passes + 1;
        if (loop && passPublished > 0)
        {
            passPublished = 0;
            reader.seek(startLogNs);
            return false;
        }
        isDone = true;
        return false;
    }

    private void onRefused(final long result)
    {
        if (Publication.ADMIN_ACTION == result)
        {
            return;
        }
        if (Publication.BACK_PRESSURED == result || Publication.NOT_CONNECTED == result)
        {
            if (!isHeld)
            {
                isHeld = true;
                backPressured++;
            }
            return;
        }
        isDone = true;
        errorHandler.onError(new IllegalStateException("replay: fusion-input publication " +
            (Publication.CLOSED == result ? "closed" : "at its maximum position") + "; replay stopped"));
    }
}
