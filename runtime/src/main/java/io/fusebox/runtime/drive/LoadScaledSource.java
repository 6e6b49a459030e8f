package io.fusebox.runtime.drive;

import io.fusebox.sensors.codec.MessageHeaderDecoder;
import io.fusebox.sensors.codec.SensorStampDecoder;
import io.fusebox.sensors.message.SensorMessageSource;
import org.agrona.MutableDirectBuffer;

import java.nio.ByteOrder;

/**
 * Runs a source's clock {@code load} times faster from {@code startNs}: every sensor then fires at {@code load}
 * times its nominal rate, and each message's capture time is rewritten to the time it is now due, so capture time
 * stays the intended send time (the publisher sends at it, latency counts from it) and fusion sees a consistent
 * clock. The world simply plays faster; offsets inside a message (a LiDAR point's time within its sector) are left
 * as simulated. Allocates nothing.
 */
final class LoadScaledSource implements SensorMessageSource
{
    private static final int CAPTURE_TIME_OFFSET =
        MessageHeaderDecoder.ENCODED_LENGTH + SensorStampDecoder.captureTimeNsEncodingOffset();

    private final SensorMessageSource source;
    private final long startNs;
    private final double load;

    /**
     * @param source  whose capture times start at {@code startNs}.
     * @param startNs the time both clocks agree on.
     * @param load    how many times faster; positive.
     */
    LoadScaledSource(final SensorMessageSource source, final long startNs, final double load)
    {
        this.source = source;
        this.startNs = startNs;
        this.load = load;
    }

    public long nextCaptureTimeNs()
    {
        final long next = source.nextCaptureTimeNs();
        return Long.MAX_VALUE == next ? next : scaled(next);
    }

    public int nextSensorIndex()
    {
        return source.nextSensorIndex();
    }

    public int encodeNext(final MutableDirectBuffer buffer, final int offset)
    {
        final long dueNs = scaled(source.nextCaptureTimeNs());
        final int length = source.encodeNext(buffer, offset);
        buffer.putLong(offset + CAPTURE_TIME_OFFSET, dueNs, ByteOrder.LITTLE_ENDIAN);
        return length;
    }

    private long scaled(final long captureTimeNs)
    {
        return startNs + (long)((captureTimeNs - startNs) / load);
    }
}
