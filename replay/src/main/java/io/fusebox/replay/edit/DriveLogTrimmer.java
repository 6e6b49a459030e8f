package io.fusebox.replay.edit;

import io.fusebox.replay.log.DriveLogContext;
import io.fusebox.replay.log.DriveLogHeader;
import io.fusebox.replay.log.DriveLogReader;
import io.fusebox.replay.log.DriveLogWriter;
import io.fusebox.replay.log.EntryKind;
import io.fusebox.replay.log.RecordedStream;
import io.fusebox.sensors.codec.SensorKind;
import io.fusebox.sensors.message.FusionInputReader;
import io.fusebox.sensors.rig.Rig;
import io.fusebox.sensors.rig.SensorConfig;

import java.nio.file.Path;
import java.util.Set;

/**
 * {@code fusebox trim}: a smaller drive log cut from a larger one: the entries between two times (from
 * the drive's first fusion input), optionally only some sensor kinds. Entries are copied unchanged, bytes,
 * global sequences and log times included, under the original's header, so the cut replays exactly as
 * that stretch of the original does.
 *
 * <p>Recorded world models, trajectories and health reports in the window are kept only when every sensor
 * is: fusion's outputs of the whole input are not what it would make of part of it. Verify passes on a
 * trimmed log when it starts at the drive's start and keeps every sensor; a cut from the middle starts
 * fusion cold, so its outputs are not the recorded ones.
 */
public final class DriveLogTrimmer
{
    /**
     * What a trim wrote.
     *
     * @param directory       the new log.
     * @param messages        messages written, all streams.
     * @param fusionInputs    fusion inputs written.
     * @param bytes           of the messages written.
     * @param filtered        fusion inputs in the window left out by sensor kind.
     * @param firstLogTimeNs  log time of the first fusion input written, or 0 when none.
     * @param lastLogTimeNs   log time of the last fusion input written, or 0 when none.
     */
    public record Result(
        Path directory, long messages, long fusionInputs, long bytes, long filtered, long firstLogTimeNs, long lastLogTimeNs)
    {
    }

    private DriveLogTrimmer()
    {
    }

    /**
     * @param source the drive log to cut from.
     * @param target the new log's folder; must not exist or be empty.
     * @param fromNs start, from the source's first fusion input.
     * @param toNs   end (exclusive), from the source's first fusion input; Long.MAX_VALUE for the end.
     * @param only   sensor kinds to keep, or null for all.
     */
    public static Result trim(final Path source, final Path target, final long fromNs, final long toNs, final Set<SensorKind> only)
    {
        if (fromNs < 0 || toNs <= fromNs)
        {
            throw new IllegalArgumentException("from/to: need 0 <= from < to, were " + fromNs + " ns and " + toNs + " ns");
        }
        try (DriveLogReader reader = DriveLogReader.open(source))
        {
            final DriveLogHeader header = reader.header();
            final boolean[] keepSensorIds = null == only ? null : sensorIds(header.rig(), only);
            final long driveStartNs = reader.firstMessageTimeNs(RecordedStream.FUSION_INPUT);
            final long startLogNs = Long.MIN_VALUE == driveStartNs ? Long.MIN_VALUE : driveStartNs + fromNs;
            final long endLogNs = Long.MAX_VALUE == toNs || Long.MIN_VALUE == driveStartNs ? Long.MAX_VALUE : driveStartNs + toNs;
            reader.seek(startLogNs);

            final FusionInputReader fusionInput = new FusionInputReader();
            long messages = 0;
            long fusionInputs = 0;
            long bytes = 0;
            long filtered = 0;
            long first = 0;
            long last = 0;
            try (DriveLogWriter writer = DriveLogWriter.open(new DriveLogContext()
                .directory(target)
                .scenario(header.scenario())
                .seed(header.seed())
                .rig(header.rigSource(), header.rigText())
                .softwareVersion(header.softwareVersion())
                .startTimeNs(header.startTimeNs())))
            {
                while (reader.next() && reader.timeNs() < endLogNs)
                {
                    if (EntryKind.GAP == reader.kind())
                    {
                        writer.appendGap(reader.stream(), reader.droppedMessages());
                        continue;
                    }
                    if (RecordedStream.FUSION_INPUT == reader.stream())
                    {
                        if (null != keepSensorIds && (!fusionInput.wrap(reader.buffer(), reader.offset(), reader.length()) ||
                            fusionInput.sensorId() >= keepSensorIds.length || !keepSensorIds[fusionInput.sensorId()]))
                        {
                            filtered++;
                            continue;
                        }
                        if (0 == fusionInputs)
                        {
                            first = reader.timeNs();
                        }
                        last = reader.timeNs();
                        fusionInputs++;
                    }
                    else if (null != only)
                    {
                        continue;
                    }
                    if (!writer.append(reader.stream(), reader.buffer(), reader.offset(), reader.length()))
                    {
                        throw new IllegalStateException("trim: " + target + " reached its size cap of " +
                            writer.maxBytes() + " bytes");
                    }
                    messages++;
                    bytes += reader.length();
                }
                return new Result(writer.directory(), messages, fusionInputs, bytes, filtered, first, last);
            }
        }
    }

    private static boolean[] sensorIds(final Rig rig, final Set<SensorKind> only)
    {
        final boolean[] keep = new boolean[Rig.MAX_SENSOR_ID + 1];
        for (final SensorConfig sensor : rig.sensors())
        {
            keep[sensor.id()] = only.contains(sensor.kind());
        }
        return keep;
    }
}
