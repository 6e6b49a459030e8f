package io.fusebox.runtime.record;

import org.agrona.concurrent.Agent;

/**
 * The disk side of a {@link RecorderAgent}: drains its buffer into a drive log ({@link RecorderDiskAgent}) or
 * a snapshot ring ({@link SnapshotDiskAgent}). Run it with the recorder; closing it ends the recording.
 */
public interface RecorderDrain extends Agent
{
    /**
     * A bounded slice of draining; never throws (errors go to the bus's error handler).
     */
    int doWork();

    /**
     * @return true once closing has begun: the recorder then takes no more messages.
     */
    boolean isClosing();

    /**
     * @return where the recording goes, for a person: a line.
     */
    String describe();
}
