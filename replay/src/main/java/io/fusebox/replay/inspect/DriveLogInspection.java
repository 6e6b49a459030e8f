package io.fusebox.replay.inspect;

import io.fusebox.replay.log.DriveLogEnd;
import io.fusebox.replay.log.DriveLogHeader;
import io.fusebox.replay.log.DriveLogReader;
import io.fusebox.replay.log.DriveLogTail;
import io.fusebox.replay.log.EntryKind;
import io.fusebox.replay.log.RecordedStream;
import io.fusebox.sensors.message.FusionInputReader;
import io.fusebox.sensors.message.MalformedReason;
import io.fusebox.sensors.rig.Rig;
import io.fusebox.sensors.rig.RigConfigException;
import io.fusebox.sensors.rig.SensorConfig;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * One pass over a drive log, the figures {@code fusebox info} shows: duration, sizes, versions, per
 * stream and per sensor counts, rates and gaps, drops, malformed entries, and whether the log is torn.
 * Duration runs from the first to the last fusion input's receive time.
 */
public final class DriveLogInspection
{
    private final Path directory;
    private final DriveLogHeader header;
    private final String rigName;
    private final long sizeOnDisk;
    private final long firstFusionInputNs;
    private final long lastFusionInputNs;
    private final long globalSequenceGaps;
    private final List<StreamFigures> streams;
    private final List<SensorFigures> sensors;
    private final long malformedEntries;
    private final Map<String, Long> malformedByReason;
    private final DriveLogTail tail;
    private final DriveLogEnd end;

    private DriveLogInspection(final Path directory, final DriveLogReader reader)
    {
        this.directory = directory;
        header = reader.header();
        Rig rig = null;
        try
        {
            rig = header.rig();
        }
        catch (final RigConfigException ex)
        {
            // An old log whose rig file no longer parses still has messages worth counting.
        }
        rigName = null == rig ? "(unparseable)" : rig.name();

        final int streamCount = RecordedStream.count();
        final long[] streamMessages = new long[streamCount];
        final long[] streamBytes = new long[streamCount];
        final long[] streamDropped = new long[streamCount];
        final long[] streamFirst = new long[streamCount];
        final long[] streamLast = new long[streamCount];
        final Map<Integer, SensorTally> bySensor = new TreeMap<>();
        final FusionInputReader fusionInput = new FusionInputReader();
        long expectedGlobalSequence = -1;
        long gaps = 0;

        while (reader.next())
        {
            final int s = reader.stream().ordinal();
            if (EntryKind.GAP == reader.kind())
            {
                streamDropped[s] += reader.droppedMessages();
                continue;
            }
            if (0 == streamMessages[s])
            {
                streamFirst[s] = reader.timeNs();
            }
            streamLast[s] = reader.timeNs();
            streamMessages[s]++;
            streamBytes[s] += reader.length();

            if (RecordedStream.FUSION_INPUT == reader.stream() &&
                fusionInput.wrap(reader.buffer(), reader.offset(), reader.length()))
            {
                final long globalSequence = fusionInput.globalSequence();
                if (expectedGlobalSequence >= 0 && globalSequence > expectedGlobalSequence)
                {
                    gaps += globalSequence - expectedGlobalSequence;
                }
                expectedGlobalSequence = globalSequence + 1;

                bySensor.computeIfAbsent(fusionInput.sensorId(), (id) -> new SensorTally()).add(fusionInput);
            }
        }

        final int fusion = RecordedStream.FUSION_INPUT.ordinal();
        firstFusionInputNs = streamFirst[fusion];
        lastFusionInputNs = streamLast[fusion];
        globalSequenceGaps = gaps;
        final double durationS = durationS();

        final List<StreamFigures> streamList = new ArrayList<>(streamCount);
        for (int i = 0; i < streamCount; i++)
        {
            streamList.add(new StreamFigures(RecordedStream.get(i), streamMessages[i], streamBytes[i], streamDropped[i],
                streamFirst[i], streamLast[i]));
        }
        streams = Collections.unmodifiableList(streamList);

        final List<SensorFigures> sensorList = new ArrayList<>();
        for (final Map.Entry<Integer, SensorTally> entry : bySensor.entrySet())
        {
            final int sensorId = entry.getKey();
            final SensorTally tally = entry.getValue();
            final int index = null == rig ? -1 : rig.indexOf(sensorId);
            final SensorConfig sensor = index < 0 ? null : rig.sensor(index);
            sensorList.add(new SensorFigures(
                sensorId,
                null == sensor ? "unknown" : sensor.name(),
                null == sensor ? "unknown" : sensor.kind().name().toLowerCase(Locale.ROOT),
                tally.messages,
                tally.bytes,
                tally.ratePerSecond(),
                tally.gaps,
                tally.outOfOrder,
                tally.firstCaptureNs,
                tally.lastCaptureNs));
        }
        sensors = Collections.unmodifiableList(sensorList);

        malformedEntries = reader.malformedEntries();
        final Map<String, Long> reasons = new LinkedHashMap<>();
        for (int r = 1; r < MalformedReason.count(); r++)
        {
            final long count = reader.malformedEntries(MalformedReason.get(r));
            if (count > 0)
            {
                reasons.put(MalformedReason.get(r).name(), count);
            }
        }
        malformedByReason = Collections.unmodifiableMap(reasons);
        tail = reader.tail();
        end = reader.end();
        sizeOnDisk = reader.sizeOnDisk();
    }

    /**
     * Reads the whole log once.
     *
     * @throws io.fusebox.replay.log.DriveLogException when the folder is not a readable drive log.
     */
    public static DriveLogInspection inspect(final Path directory)
    {
        try (DriveLogReader reader = DriveLogReader.open(directory))
        {
            return new DriveLogInspection(directory, reader);
        }
    }

    public Path directory()
    {
        return directory;
    }

    public DriveLogHeader header()
    {
        return header;
    }

    /**
     * @return the recorded rig's name.
     */
    public String rigName()
    {
        return rigName;
    }

    /**
     * @return bytes of the log's files on disk.
     */
    public long sizeOnDisk()
    {
        return sizeOnDisk;
    }

    /**
     * @return receive time of the first fusion input: time 0 of the drive for {@code --from}/{@code --to}.
     */
    public long firstFusionInputNs()
    {
        return firstFusionInputNs;
    }

    public long lastFusionInputNs()
    {
        return lastFusionInputNs;
    }

    /**
     * @return seconds from the first fusion input to the last.
     */
    public double durationS()
    {
        return (lastFusionInputNs - firstFusionInputNs) / 1e9;
    }

    /**
     * @return global sequence numbers missing between recorded fusion inputs.
     */
    public long globalSequenceGaps()
    {
        return globalSequenceGaps;
    }

    public List<StreamFigures> streams()
    {
        return streams;
    }

    public StreamFigures stream(final RecordedStream stream)
    {
        return streams.get(stream.ordinal());
    }

    /**
     * @return per sensor, by sensor id.
     */
    public List<SensorFigures> sensors()
    {
        return sensors;
    }

    public long malformedEntries()
    {
        return malformedEntries;
    }

    /**
     * @return malformed entries by {@link MalformedReason} name, only those seen.
     */
    public Map<String, Long> malformedByReason()
    {
        return malformedByReason;
    }

    public DriveLogTail tail()
    {
        return tail;
    }

    public boolean isTorn()
    {
        return tail.isTorn();
    }

    /**
     * @return the end marker, or null for a torn log.
     */
    public DriveLogEnd end()
    {
        return end;
    }

    /**
     * @return total messages of all streams.
     */
    public long totalMessages()
    {
        long total = 0;
        for (final StreamFigures figures : streams)
        {
            total += figures.messages();
        }
        return total;
    }

    /**
     * One sensor's running figures during the pass.
     */
    private static final class SensorTally
    {
        private long messages;
        private long bytes;
        private long gaps;
        private long outOfOrder;
        private long firstCaptureNs;
        private long lastCaptureNs;
        private long highestSequence = -1;

        void add(final FusionInputReader message)
        {
            final long sequence = message.sensorSequence();
            if (highestSequence >= 0)
            {
                if (sequence > highestSequence + 1)
                {
                    gaps += sequence - highestSequence - 1;
                }
                else if (sequence <= highestSequence)
                {
                    outOfOrder++;
                }
            }
            if (0 == messages)
            {
                firstCaptureNs = message.captureTimeNs();
            }
            lastCaptureNs = message.captureTimeNs();
            highestSequence = Math.max(highestSequence, sequence);
            messages++;
            bytes += message.sensorMessageLength();
        }

        /**
         * Over the sensor's own capture window (first to last capture), so a sensor that starts late or stops
         * early is not reported slow: intervals between its messages per second of that window.
         */
        double ratePerSecond()
        {
            final long windowNs = lastCaptureNs - firstCaptureNs;
            return messages > 1 && windowNs > 0 ? (messages - 1) * 1e9 / windowNs : 0;
        }
    }
}
