package io.fusebox.replay.log;

/**
 * How a drive log ends, known once a reader has read to its end.
 */
public enum DriveLogTail
{
    /** The reader has not reached the end yet. */
    NOT_REACHED,
    /** The end marker is there: the writer closed the log in order (or stopped it at its size cap). */
    COMPLETE,
    /** No end marker, and the last entry is whole: the writer stopped between two entries. */
    TORN_AT_ENTRY_BOUNDARY,
    /** No end marker, and a partly written entry follows the last whole one; it is left unread. */
    TORN_MID_ENTRY;

    /**
     * @return true when the log has no end marker: the recording process died or was killed.
     */
    public boolean isTorn()
    {
        return TORN_AT_ENTRY_BOUNDARY == this || TORN_MID_ENTRY == this;
    }
}
