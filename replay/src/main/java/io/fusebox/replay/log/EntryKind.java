package io.fusebox.replay.log;

/**
 * What a {@link DriveLogReader} is positioned on after {@link DriveLogReader#next()}.
 */
public enum EntryKind
{
    /** A recorded message of {@link DriveLogReader#stream()}. */
    MESSAGE,
    /** The recorder dropped {@link DriveLogReader#droppedMessages()} messages of {@link DriveLogReader#stream()} here. */
    GAP
}
