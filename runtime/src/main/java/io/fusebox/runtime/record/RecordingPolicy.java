package io.fusebox.runtime.record;

/**
 * What the recorder does when the disk falls behind and its buffer is full. Neither loses a message
 * silently: one holds the pipeline back, the other counts what it drops and marks the log where.
 */
public enum RecordingPolicy
{
    /**
     * Stop taking messages until the buffer drains: the recorder's subscriptions stop advancing, so
     * (one Aeron window later) the sequencer sees back pressure and holds the sensor streams. The log
     * is complete; the drive's latency pays for the slow disk. The default.
     */
    BLOCK,

    /**
     * Keep taking messages and drop those the buffer cannot hold: the pipeline never waits for the
     * disk. Every dropped message is counted, and the log gets a gap entry (stream and count) where
     * the drops happened.
     */
    DROP_AND_COUNT;

    /**
     * @param name block, or drop (drop-and-count).
     * @throws IllegalArgumentException naming the accepted values.
     */
    public static RecordingPolicy fromName(final String name)
    {
        switch (name.trim().toLowerCase(java.util.Locale.ROOT).replace('_', '-'))
        {
            case "block":
                return BLOCK;
            case "drop":
            case "drop-and-count":
                return DROP_AND_COUNT;
            default:
                throw new IllegalArgumentException("unknown recording policy '" + name + "' (expected block or drop)");
        }
    }
}
