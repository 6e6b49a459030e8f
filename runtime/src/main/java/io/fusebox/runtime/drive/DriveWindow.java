package io.fusebox.runtime.drive;

import io.fusebox.sensors.message.SensorMessageSource;
import org.agrona.MutableDirectBuffer;

/**
 * Ends a source at the close of a drive: messages captured at or after {@code endNs} are not sent,
 * so every sensor's count covers the same window. The end can be brought forward while running.
 */
final class DriveWindow implements SensorMessageSource
{
    private final SensorMessageSource source;
    private volatile long endNs;

    DriveWindow(final SensorMessageSource source, final long endNs)
    {
        this.source = source;
        this.endNs = endNs;
    }

    /**
     * Ends the window early (Ctrl-C); called from another thread, seen by the publisher's next look.
     */
    void endAt(final long endNs)
    {
        this.endNs = Math.min(this.endNs, endNs);
    }

    public long nextCaptureTimeNs()
    {
        final long next = source.nextCaptureTimeNs();
        return next < endNs ? next : Long.MAX_VALUE;
    }

    public int nextSensorIndex()
    {
        return source.nextSensorIndex();
    }

    public int encodeNext(final MutableDirectBuffer buffer, final int offset)
    {
        return source.encodeNext(buffer, offset);
    }
}
