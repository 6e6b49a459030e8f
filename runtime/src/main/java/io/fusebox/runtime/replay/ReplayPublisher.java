package io.fusebox.runtime.replay;

import io.aeron.ExclusivePublication;
import io.aeron.Publication;
import io.fusebox.replay.log.DriveLogReader;
import io.fusebox.replay.log.EntryKind;
import io.fusebox.replay.log.RecordedStream;
import io.fusebox.sensors.codec.FusionInputEncoder;
import io.fusebox.sensors.codec.MessageHeaderEncoder;
import io.fusebox.sensors.codec.SensorKind;
import io.fusebox.sensors.message.FusionInputReader;
import io.fusebox.sensors.rig.Rig;
import io.fusebox.sensors.rig.SensorConfig;
import org.HdrHistogram.Histogram;
import org.agrona.DirectBuffer;
import org.agrona.ErrorHandler;
import org.agrona.concurrent.Agent;
import org.agrona.concurrent.NanoClock;
import org.agrona.concurrent.UnsafeBuffer;

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
 *
 * <p>With {@link ReplayFaults} a dropped sensor's messages are withheld and a delayed sensor's wait in its
 * {@link DelayLine} until their recorded time plus the delay, then go out among the messages recorded
 * after them, as a late sensor's arrive on a live bus. Every message is then re-stamped as the sequencer
 * would have stamped what it saw: global sequence contiguous in publication order, a delayed message's
 * receive time moved by its delay. Only the envelope's fixed block is rewritten (in a scratch buffer,
 * offered ahead of the rest of the recorded bytes), so this costs no copy of the sensor message.
 */
final class ReplayPublisher implements Agent
{
    /** Messages published per duty cycle at most, so a backlog at max rate cannot stall the thread. */
    static final int MESSAGES_PER_DUTY_CYCLE = 64;
    private static final long HIGHEST_TRACKABLE_NS = TimeUnit.SECONDS.toNanos(60);
    private static final int GLOBAL_SEQUENCE_OFFSET =
        MessageHeaderEncoder.ENCODED_LENGTH + FusionInputEncoder.globalSequenceEncodingOffset();
    private static final int RECEIVE_TIME_OFFSET =
        MessageHeaderEncoder.ENCODED_LENGTH + FusionInputEncoder.receiveTimeNsEncodingOffset();
    private static final int BLOCK_LENGTH_OFFSET = MessageHeaderEncoder.blockLengthEncodingOffset();

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
    private final boolean isResequenced;
    private final boolean[] droppedSensorIds;
    private final DelayLine[] delayLineBySensorId;
    private final DelayLine[] delayLines;
    private final UnsafeBuffer envelope = new UnsafeBuffer(new byte[256]);

    private DirectBuffer pendingBuffer;
    private int pendingOffset;
    private int pendingLength;
    private DelayLine pendingLine;
    private boolean hasReaderMessage;
    private long readerLogNs;
    private boolean isReaderPassDone;
    private long nextGlobalSequence = -1;
    private long faultDropped;
    private long faultDelayed;

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
     * @param faults      injected into the replay; validated against the rig.
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
        final Set<SensorKind> only,
        final ReplayFaults faults)
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
        isResequenced = !faults.isEmpty();
        droppedSensorIds = new boolean[Rig.MAX_SENSOR_ID + 1];
        delayLineBySensorId = new DelayLine[Rig.MAX_SENSOR_ID + 1];
        int delayed = 0;
        for (final SensorConfig sensor : rig.sensors())
        {
            droppedSensorIds[sensor.id()] = faults.isDropped(sensor.id());
            final long delayNs = faults.delayNs(sensor.id());
            if (delayNs > 0)
            {
                delayLineBySensorId[sensor.id()] = new DelayLine(delayNs);
                delayed++;
            }
        }
        delayLines = new DelayLine[delayed];
        for (int id = 0, i = 0; id <= Rig.MAX_SENSOR_ID; id++)
        {
            if (null != delayLineBySensorId[id])
            {
                delayLines[i++] = delayLineBySensorId[id];
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
            long result = offerPending();
            if (Publication.ADMIN_ACTION == result)
            {
                // The term rotated under the offer: an immediate retry goes through, nothing is held back.
                result = offerPending();
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
            if (null != pendingLine)
            {
                pendingLine.removeHead();
            }
            else
            {
                hasReaderMessage = false;
            }
            if (isResequenced)
            {
                nextGlobalSequence++;
            }
            publishedBytes = publishedBytes + pendingLength;
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

    /**
     * @return messages withheld by {@link ReplayFaults#drop(int)}.
     */
    long faultDropped()
    {
        return faultDropped;
    }

    /**
     * @return messages held back by {@link ReplayFaults#delay(int, long)} (published later, or never if the
     * replay stopped first).
     */
    long faultDelayed()
    {
        return faultDelayed;
    }

    private long offerPending()
    {
        if (!isResequenced)
        {
            return publication.offer(pendingBuffer, pendingOffset, pendingLength);
        }
        // The envelope's header and fixed block, re-stamped; the rest (the sensor message) as recorded.
        final int blockEnd = MessageHeaderEncoder.ENCODED_LENGTH +
            (pendingBuffer.getShort(pendingOffset + BLOCK_LENGTH_OFFSET, FusionInputEncoder.BYTE_ORDER) & 0xFFFF);
        if (blockEnd > pendingLength || blockEnd > envelope.capacity())
        {
            // Not an envelope this build can re-stamp (a block longer than any it knows): sent as recorded.
            return publication.offer(pendingBuffer, pendingOffset, pendingLength);
        }
        envelope.putBytes(0, pendingBuffer, pendingOffset, blockEnd);
        envelope.putLong(GLOBAL_SEQUENCE_OFFSET, nextGlobalSequence, FusionInputEncoder.BYTE_ORDER);
        if (null != pendingLine)
        {
            envelope.putLong(RECEIVE_TIME_OFFSET, envelope.getLong(RECEIVE_TIME_OFFSET, FusionInputEncoder.BYTE_ORDER) +
                pendingLine.delayNs(), FusionInputEncoder.BYTE_ORDER);
        }
        return publication.offer(envelope, 0, blockEnd, pendingBuffer, pendingOffset + blockEnd, pendingLength - blockEnd);
    }

    /**
     * Makes the next message due the pending one: the reader's next, or a delay line's head due no later.
     */
    private boolean loadNext()
    {
        if (!hasReaderMessage && !isReaderPassDone)
        {
            hasReaderMessage = advanceReader();
        }
        final DelayLine line = earliestDelayLine();
        if (null != line && (!hasReaderMessage || line.headDueLogNs() <= readerLogNs))
        {
            line.peekHead();
            pendingLine = line;
            pendingBuffer = line.headBuffer();
            pendingOffset = line.headOffset();
            pendingLength = line.headLength();
            schedule(line.headDueLogNs());
            return true;
        }
        if (hasReaderMessage)
        {
            pendingLine = null;
            pendingBuffer = reader.buffer();
            pendingOffset = reader.offset();
            pendingLength = reader.length();
            schedule(readerLogNs);
            return true;
        }
        return endOfPass();
    }

    /**
     * Moves the reader to the next fusion input to publish as it comes, withholding dropped sensors' and
     * handing delayed sensors' to their lines on the way.
     *
     * @return false at the end of the range.
     */
    private boolean advanceReader()
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
                break;
            }
            int sensorId = -1;
            if (null != allowedSensorIds || isResequenced)
            {
                if (!fusionInput.wrap(reader.buffer(), reader.offset(), reader.length()))
                {
                    continue;
                }
                sensorId = fusionInput.sensorId();
            }
            if (null != allowedSensorIds && (sensorId > Rig.MAX_SENSOR_ID || !allowedSensorIds[sensorId]))
            {
                filtered++;
                continue;
            }
            if (!isPassStarted)
            {
                isPassStarted = true;
                passBaseLogNs = logNs;
                passLastLogNs = logNs;
                passStartNs = clock.nanoTime();
            }
            if (isResequenced && sensorId >= 0 && sensorId <= Rig.MAX_SENSOR_ID)
            {
                if (nextGlobalSequence < 0)
                {
                    nextGlobalSequence = fusionInput.globalSequence();
                }
                if (droppedSensorIds[sensorId])
                {
                    faultDropped++;
                    continue;
                }
                final DelayLine line = delayLineBySensorId[sensorId];
                if (null != line)
                {
                    line.add(reader.buffer(), reader.offset(), reader.length(), logNs);
                    faultDelayed++;
                    continue;
                }
            }
            readerLogNs = logNs;
            return true;
        }
        isReaderPassDone = true;
        return false;
    }

    private DelayLine earliestDelayLine()
    {
        DelayLine earliest = null;
        for (final DelayLine line : delayLines)
        {
            if (!line.isEmpty() && (null == earliest || line.headDueLogNs() < earliest.headDueLogNs()))
            {
                earliest = line;
            }
        }
        return earliest;
    }

    private void schedule(final long logNs)
    {
        pendingLogNs = logNs;
        dueNs = isMaxRate ? 0 : passStartNs + (long)((logNs - passBaseLogNs) * nsPerLogNs);
        hasPending = true;
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
            isReaderPassDone = false;
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
