package io.fusebox.replay.inspect;

import io.fusebox.replay.log.RecordedStream;

/**
 * What a drive log holds of one recorded stream.
 *
 * @param stream          the stream.
 * @param messages        entries of it.
 * @param bytes           of its messages, SBE header included.
 * @param dropped         messages the recorder dropped by policy (gap entries).
 * @param firstLogTimeNs  log time of its first entry, or 0 when none.
 * @param lastLogTimeNs   log time of its last entry, or 0 when none.
 */
public record StreamFigures(
    RecordedStream stream, long messages, long bytes, long dropped, long firstLogTimeNs, long lastLogTimeNs)
{
}
