package io.fusebox.runtime.control;

import java.nio.file.Path;

/**
 * Starts and stops the recording of a running drive: the seam between the control plane and whatever owns the
 * recorder (the drive). Calls come from the control plane's worker thread, never from an agent's, and may block
 * while a drive log is opened or closed.
 */
public interface RecordingControl
{
    /**
     * Starts recording into a new drive log.
     *
     * @return the new drive log's folder.
     * @throws IllegalStateException with the reason when it cannot start (already recording, recording off).
     */
    Path startRecording();

    /**
     * Stops the recording: what the recorder holds is written and the log is closed with its end marker.
     *
     * @return the folder of the drive log just closed.
     * @throws IllegalStateException with the reason when nothing is being recorded.
     */
    Path stopRecording();

    /**
     * @return the folder being recorded into, or null when not recording.
     */
    Path recordingDirectory();
}
