package io.fusebox.replay.verify;

import io.fusebox.replay.log.RecordedStream;

import java.util.Locale;

/**
 * The first place a replay's output differs from the recording.
 *
 * @param stream        world model or trajectory.
 * @param ordinal       position among that stream's messages, from 0.
 * @param sequence      the recorded message's sequence field, or -1 when there is no recorded message.
 * @param timeNs        the recorded message's time field (or the produced one's when there is no recorded one).
 * @param driveTimeS    {@code timeNs} as seconds since the drive's first fusion input.
 * @param field         the first field that differs, e.g. {@code objects[3].x}; {@code (missing)} or
 *                      {@code (extra)} when one side has no message at all.
 * @param recordedValue as recorded.
 * @param producedValue as produced by this replay.
 */
public record Divergence(
    RecordedStream stream,
    long ordinal,
    long sequence,
    long timeNs,
    double driveTimeS,
    String field,
    String recordedValue,
    String producedValue)
{
    public String toString()
    {
        return String.format(Locale.ROOT, "%s #%d (sequence %d, time %.6f s into the drive) differs at %s: " +
            "recorded %s, produced %s", stream.label(), ordinal, sequence, driveTimeS, field, recordedValue, producedValue);
    }
}
