package io.fusebox.runtime.fusion;

import io.fusebox.sensors.message.SensorMessageSource;
import io.fusebox.sensors.rig.RigLoader;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import java.nio.ByteBuffer;

/**
 * A source with one sensor silenced for a span of capture time: its messages in the span are drawn
 * from the wrapped source and thrown away, as if the sensor had stopped talking.
 */
final class SilencedSource implements SensorMessageSource
{
    private final SensorMessageSource source;
    private final int sensorIndex;
    private final long fromNs;
    private final long toNs;
    private final long endNs;
    private final UnsafeBuffer discard = new UnsafeBuffer(ByteBuffer.allocateDirect(RigLoader.MAX_SENSOR_MESSAGE_BYTES));
    private long skipped;

    SilencedSource(final SensorMessageSource source, final int sensorIndex, final long fromNs, final long toNs)
    {
        this(source, sensorIndex, fromNs, toNs, Long.MAX_VALUE);
    }

    /**
     * @param endNs the source is exhausted from this capture time on.
     */
    SilencedSource(
        final SensorMessageSource source, final int sensorIndex, final long fromNs, final long toNs, final long endNs)
    {
        this.source = source;
        this.sensorIndex = sensorIndex;
        this.fromNs = fromNs;
        this.toNs = toNs;
        this.endNs = endNs;
    }

    public long nextCaptureTimeNs()
    {
        skipSilenced();
        final long next = source.nextCaptureTimeNs();
        return next >= endNs ? Long.MAX_VALUE : next;
    }

    public int nextSensorIndex()
    {
        skipSilenced();
        return source.nextSensorIndex();
    }

    public int encodeNext(final MutableDirectBuffer buffer, final int offset)
    {
        skipSilenced();
        return source.encodeNext(buffer, offset);
    }

    long skipped()
    {
        return skipped;
    }

    private void skipSilenced()
    {
        while (source.nextSensorIndex() == sensorIndex && source.nextCaptureTimeNs() >= fromNs &&
            source.nextCaptureTimeNs() < toNs)
        {
            source.encodeNext(discard, 0);
            skipped++;
        }
    }
}
