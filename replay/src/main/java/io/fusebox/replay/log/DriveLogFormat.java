package io.fusebox.replay.log;

import java.nio.ByteOrder;

/**
 * The layout of a drive log's entries, shared by the writer and the reader. One Chronicle Queue
 * document per entry, little-endian:
 *
 * <pre>
 *   0  byte   kind           1..4 a {@link RecordedStream} code, or GAP, HEADER, END
 *   1  byte   format version {@link #FORMAT_VERSION}
 *   2  short  reserved, 0
 *   4  int    payload length (must equal what the document holds after this header)
 *   8  long   log time, ns   drive clock; never decreases along the log
 *  16  ...    payload        stream entries: one SBE message as it crossed the bus, header included
 * </pre>
 *
 * <p>Log time is the newest fusion-input receive time the writer has seen (the recording's start time
 * before any), so every entry of every stream sorts by it and a time seek is a binary search.
 */
final class DriveLogFormat
{
    /** Bumped when the entry layout or a header/end payload changes incompatibly. */
    static final int FORMAT_VERSION = 1;

    static final ByteOrder ORDER = ByteOrder.LITTLE_ENDIAN;

    static final int KIND_OFFSET = 0;
    static final int VERSION_OFFSET = 1;
    static final int LENGTH_OFFSET = 4;
    static final int TIME_OFFSET = 8;
    static final int ENTRY_HEADER_LENGTH = 16;

    /** Messages a recorder dropped on a stream (payload: int stream code, int 0, long count). */
    static final int KIND_GAP = 16;
    /** First entry of every log: {@link DriveLogHeader}. */
    static final int KIND_HEADER = 32;
    /** Last entry of a log closed in order, or stopped at its size cap: {@link DriveLogEnd}. */
    static final int KIND_END = 33;

    static final int GAP_PAYLOAD_LENGTH = 16;

    /** Streams the end marker tallies; fixed by the format, whatever {@link RecordedStream} grows to. */
    static final int STREAM_COUNT = 4;

    /** Chronicle's document header: a 4-byte length word, and documents start 4-byte aligned. */
    static final int DOCUMENT_HEADER_LENGTH = 4;

    private DriveLogFormat()
    {
    }

    /**
     * @return bytes an entry with this payload takes in the queue, Chronicle's header and alignment included.
     */
    static long entryFootprint(final int payloadLength)
    {
        return (DOCUMENT_HEADER_LENGTH + ENTRY_HEADER_LENGTH + payloadLength + 3) & ~3L;
    }
}
