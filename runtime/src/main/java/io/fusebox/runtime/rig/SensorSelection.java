package io.fusebox.runtime.rig;

import io.aeron.ChannelUri;
import io.fusebox.sensors.message.SensorMessageSource;
import io.fusebox.sensors.rig.Rig;
import io.fusebox.sensors.rig.RigLoader;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import java.nio.ByteBuffer;

/**
 * The messages of some of a source's sensors: what one board of a rig spread over several publishes. The
 * others' messages are still made (a simulated world advances the same whichever sensors are watched, so
 * each board sees the same drive) and thrown away.
 */
public final class SensorSelection implements SensorMessageSource
{
    private final SensorMessageSource source;
    private final long sensorMask;
    private final MutableDirectBuffer discarded = new UnsafeBuffer(ByteBuffer.allocateDirect(RigLoader.MAX_SENSOR_MESSAGE_BYTES));

    /**
     * @param sensorMask bit i set: the sensor at rig index i is kept.
     */
    public SensorSelection(final SensorMessageSource source, final long sensorMask)
    {
        this.source = source;
        this.sensorMask = sensorMask;
    }

    /**
     * @return the rig's sensors whose channel crosses the network (UDP): the sensors board of a rig spread over
     * two boards publishes these, the fusion board the rest.
     */
    public static long udpSensorMask(final Rig rig)
    {
        long mask = 0;
        for (int i = 0; i < rig.sensorCount(); i++)
        {
            if (!ChannelUri.parse(rig.sensor(i).channel()).isIpc())
            {
                mask |= 1L << i;
            }
        }
        return mask;
    }

    /**
     * @return the rig's sensors on IPC: those attached to the board that runs fusion.
     */
    public static long ipcSensorMask(final Rig rig)
    {
        final long all = 64 == rig.sensorCount() ? -1L : (1L << rig.sensorCount()) - 1;
        return all & ~udpSensorMask(rig);
    }

    public long nextCaptureTimeNs()
    {
        skipUnselected();
        return source.nextCaptureTimeNs();
    }

    public int nextSensorIndex()
    {
        skipUnselected();
        return source.nextSensorIndex();
    }

    public int encodeNext(final MutableDirectBuffer buffer, final int offset)
    {
        skipUnselected();
        return source.encodeNext(buffer, offset);
    }

    private void skipUnselected()
    {
        while (Long.MAX_VALUE != source.nextCaptureTimeNs() && 0 == (sensorMask & (1L << source.nextSensorIndex())))
        {
            source.encodeNext(discarded, 0);
        }
    }
}
