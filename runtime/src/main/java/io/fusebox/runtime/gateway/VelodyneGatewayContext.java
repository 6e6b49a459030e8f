package io.fusebox.runtime.gateway;

import io.fusebox.sensors.codec.SensorKind;
import io.fusebox.sensors.rig.Rig;
import io.fusebox.sensors.rig.SensorConfig;
import io.fusebox.sensors.velodyne.VelodyneModel;
import org.agrona.concurrent.EpochNanoClock;
import org.agrona.concurrent.SystemEpochNanoClock;
import org.agrona.concurrent.ringbuffer.RingBufferDescriptor;

import java.net.InetSocketAddress;

/**
 * Configuration of a {@link VelodyneGateway}: which LiDAR of the rig it speaks for, the sensor model, where
 * it listens, and how much it may buffer between the socket and the bus. {@link #conclude()} validates
 * every field, naming it and the reason, and freezes the context.
 */
public final class VelodyneGatewayContext
{
    /** Velodyne's factory default destination port for data packets. */
    public static final int DATA_PORT_DEFAULT = 2368;

    public static final String RECEIVE_BUFFER_PROP_NAME = "fusebox.gateway.velodyne.receive.buffer";
    /** 1 MiB: about 850 packets, half a second of an HDL-32E, for the agent to fall behind before drops. */
    public static final int RECEIVE_BUFFER_DEFAULT = 1024 * 1024;

    private boolean isConcluded;
    private Rig rig;
    private int sensorId = -1;
    private VelodyneModel model;
    private InetSocketAddress bindAddress;
    private int receiveBufferLength = Integer.getInteger(RECEIVE_BUFFER_PROP_NAME, RECEIVE_BUFFER_DEFAULT);
    private EpochNanoClock clock;
    private SensorConfig sensor;

    /**
     * @return this.
     * @throws IllegalArgumentException naming the first field that is wrong and why.
     */
    public VelodyneGatewayContext conclude()
    {
        if (isConcluded)
        {
            return this;
        }
        require(null != rig, "rig", "must be set (the bus's rig)");
        final int sensorIndex = rig.indexOf(sensorId);
        require(sensorIndex >= 0, "sensorId", "rig " + rig.name() + " has no sensor " + sensorId);
        sensor = rig.sensor(sensorIndex);
        require(SensorKind.LIDAR == sensor.kind(), "sensorId",
            "sensor " + sensorId + " (" + sensor.name() + ") is a " + sensor.kind() + ", not a LiDAR");
        require(null != model, "model", "must be set (HDL-32E or VLP-16)");
        if (null == bindAddress)
        {
            bindAddress = new InetSocketAddress(DATA_PORT_DEFAULT);
        }
        require(bindAddress.getPort() >= 0 && bindAddress.getPort() <= 65535, "bindAddress", "port out of range");
        require(!bindAddress.isUnresolved(), "bindAddress", "cannot resolve " + bindAddress.getHostString());
        require(receiveBufferLength >= 64 * 1024 && Integer.bitCount(receiveBufferLength) == 1, "receiveBufferLength",
            "must be a power of two of at least 64 KiB, was " + receiveBufferLength);
        if (null == clock)
        {
            clock = new SystemEpochNanoClock();
        }
        isConcluded = true;
        return this;
    }

    /**
     * @param rig the bus's rig: the LiDAR's stream id and sectors per sweep come from it.
     */
    public VelodyneGatewayContext rig(final Rig rig)
    {
        checkNotConcluded();
        this.rig = rig;
        return this;
    }

    public Rig rig()
    {
        return rig;
    }

    /**
     * @param sensorId the rig's id of the LiDAR whose packets this gateway receives.
     */
    public VelodyneGatewayContext sensorId(final int sensorId)
    {
        checkNotConcluded();
        this.sensorId = sensorId;
        return this;
    }

    public int sensorId()
    {
        return sensorId;
    }

    /**
     * @return the LiDAR, once concluded.
     */
    public SensorConfig sensor()
    {
        return sensor;
    }

    public VelodyneGatewayContext model(final VelodyneModel model)
    {
        checkNotConcluded();
        this.model = model;
        return this;
    }

    public VelodyneModel model()
    {
        return model;
    }

    /**
     * @param bindAddress where to listen for data packets; port 0 picks a free one. Default: any address, 2368.
     */
    public VelodyneGatewayContext bindAddress(final InetSocketAddress bindAddress)
    {
        checkNotConcluded();
        this.bindAddress = bindAddress;
        return this;
    }

    public InetSocketAddress bindAddress()
    {
        return bindAddress;
    }

    /**
     * @param receiveBufferLength bytes of packets held between the socket thread and the gateway agent.
     */
    public VelodyneGatewayContext receiveBufferLength(final int receiveBufferLength)
    {
        checkNotConcluded();
        this.receiveBufferLength = receiveBufferLength;
        return this;
    }

    public int receiveBufferLength()
    {
        return receiveBufferLength;
    }

    /**
     * @return the ring buffer's whole length: the receive buffer plus its trailer.
     */
    int ringBufferLength()
    {
        return receiveBufferLength + RingBufferDescriptor.TRAILER_LENGTH;
    }

    /**
     * @param clock places the packets' GPS time (µs past the hour) in the hour it was received in.
     */
    public VelodyneGatewayContext clock(final EpochNanoClock clock)
    {
        checkNotConcluded();
        this.clock = clock;
        return this;
    }

    public EpochNanoClock clock()
    {
        return clock;
    }

    private static void require(final boolean condition, final String field, final String reason)
    {
        if (!condition)
        {
            throw new IllegalArgumentException("VelodyneGatewayContext." + field + ": " + reason);
        }
    }

    private void checkNotConcluded()
    {
        if (isConcluded)
        {
            throw new IllegalStateException("VelodyneGatewayContext is concluded; it no longer changes");
        }
    }
}
