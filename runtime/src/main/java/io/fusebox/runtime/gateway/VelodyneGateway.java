package io.fusebox.runtime.gateway;

import io.aeron.Aeron;
import io.aeron.Counter;
import io.aeron.ExclusivePublication;
import io.aeron.Publication;
import io.fusebox.runtime.bus.Bus;
import io.fusebox.runtime.bus.BusCounters;
import io.fusebox.sensors.codec.LidarSectorEncoder;
import io.fusebox.sensors.codec.MessageHeaderEncoder;
import io.fusebox.sensors.rig.RigLoader;
import io.fusebox.sensors.rig.SensorConfig;
import io.fusebox.sensors.velodyne.VelodynePacket;
import io.fusebox.sensors.velodyne.VelodynePacketStatus;
import io.fusebox.sensors.velodyne.VelodynePoints;
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.DatagramPacket;
import io.netty.channel.socket.nio.NioDatagramChannel;
import org.agrona.CloseHelper;
import org.agrona.ErrorHandler;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.Agent;
import org.agrona.concurrent.EpochNanoClock;
import org.agrona.concurrent.ControlledMessageHandler;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.ringbuffer.OneToOneRingBuffer;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;

/**
 * Receives a Velodyne LiDAR's data packets over UDP and publishes them on the LiDAR's stream as
 * {@code LidarSector} messages, so the Sequencer and fusion take a real sensor exactly as they take the
 * simulated one.
 *
 * <p>Two threads, one job each. A Netty event loop owns the socket and copies each datagram into a
 * one-to-one ring buffer (its only work, so the socket is drained even while the bus pushes back); this
 * agent, on a thread of {@link io.fusebox.runtime.bus.AgentThreads}, validates and decodes each packet
 * and assembles points into the rig's azimuth sectors: a sector is published when the first point of the
 * next one arrives. A short, malformed or out-of-order packet (its GPS time not after the last accepted
 * one's) is counted and dropped, the first of each kind also reported to the error handler. A sector the
 * stream cannot take yet is held and counted, and its packet stays in the receive buffer until it goes: the
 * bus's back pressure reaches the socket's buffer, and only a datagram that finds the buffer full is lost
 * (counted as an overrun).
 * The agent side allocates nothing per packet; Netty's receive path allocates a little (the datagram
 * wrapper and the sender's address).
 *
 * <p>Capture times come from the sensor: the packet's GPS time (µs past the top of the hour) placed in the
 * hour of the gateway's clock at the first packet, and carried over each hour's end.
 */
public final class VelodyneGateway implements Agent
{
    // Counter type ids 7780-7789 (BusCounters lists every component's range); key: the LiDAR's sensor id.
    /** Datagrams received on the socket. */
    public static final int PACKETS_RECEIVED_TYPE_ID = 7780;
    /** Datagrams shorter than a data packet, dropped. */
    public static final int PACKETS_SHORT_TYPE_ID = 7781;
    /** Datagrams that are not a valid data packet of the configured model (length, flags, azimuth, product), dropped. */
    public static final int PACKETS_MALFORMED_TYPE_ID = 7782;
    /** Packets whose GPS time is not after the last accepted packet's, dropped. */
    public static final int PACKETS_OUT_OF_ORDER_TYPE_ID = 7783;
    /** Datagrams dropped because the agent had fallen a whole receive buffer behind the socket. */
    public static final int PACKETS_OVERRUN_TYPE_ID = 7784;
    /** Sectors published on the LiDAR's stream. */
    public static final int SECTORS_PUBLISHED_TYPE_ID = 7785;
    /** Sectors the stream did not take at once (back pressure, no subscriber), held and offered again. */
    public static final int SECTORS_BACK_PRESSURE_TYPE_ID = 7786;
    /** Points published in sectors. */
    public static final int POINTS_PUBLISHED_TYPE_ID = 7787;

    /** Packets decoded per duty cycle at most, so one burst cannot hold the thread. */
    public static final int PACKETS_PER_DUTY_CYCLE = 32;

    private static final int PACKET_MESSAGE_TYPE_ID = 1;
    private static final int DATAGRAM_COPY_LENGTH = 2048;
    private static final int SOCKET_RECEIVE_BUFFER_LENGTH = 4 * 1024 * 1024;
    private static final long HOUR_NS = TimeUnit.HOURS.toNanos(1);
    private static final long NO_TIME = Long.MIN_VALUE;
    private static final int POINT_LENGTH = LidarSectorEncoder.PointsEncoder.sbeBlockLength();
    private static final int SECTOR_FIXED_LENGTH = MessageHeaderEncoder.ENCODED_LENGTH + LidarSectorEncoder.BLOCK_LENGTH +
        LidarSectorEncoder.PointsEncoder.sbeHeaderSize();
    private static final int MAX_TIME_OFFSET_US = 0xFFFF;

    private final SensorConfig sensor;
    private final EpochNanoClock clock;
    private final ErrorHandler errorHandler;
    private final ExclusivePublication publication;
    private final OneToOneRingBuffer received;
    private final ControlledMessageHandler packetHandler = this::onPacket;
    private final VelodynePacket packet = new VelodynePacket();
    private final VelodynePoints points;
    private final boolean[] reported = new boolean[VelodynePacketStatus.values().length];
    private boolean reportedOutOfOrder;

    private final MessageHeaderEncoder headerEncoder = new MessageHeaderEncoder();
    private final LidarSectorEncoder sectorEncoder = new LidarSectorEncoder();
    private final MutableDirectBuffer sectorBuffer = new UnsafeBuffer(ByteBuffer.allocateDirect(RigLoader.MAX_SENSOR_MESSAGE_BYTES));
    private final int sectorCount;
    private final int maxPointsPerSector;
    private LidarSectorEncoder.PointsEncoder sectorPoints;
    private int sectorIndex = -1;
    private int sectorPointCount;
    private long sectorCaptureTimeNs;
    private long sweepId;
    private long sequence;

    private int resumeAtPoint;
    private boolean isPacketResumed;
    private boolean isSectorHeld;

    private long hourBaseNs = NO_TIME;
    private long lastPacketTimeNs = NO_TIME;

    private final Counter packetsReceived;
    private final Counter packetsShort;
    private final Counter packetsMalformed;
    private final Counter packetsOutOfOrder;
    private final Counter packetsOverrun;
    private final Counter sectorsPublished;
    private final Counter sectorsBackPressure;
    private final Counter pointsPublished;

    private final EventLoopGroup eventLoop;
    private final Channel channel;

    /**
     * Binds the socket and starts receiving; packets wait in the receive buffer until the agent runs.
     *
     * @param bus     the LiDAR's publication and the counters come from it.
     * @param context concluded here.
     */
    public VelodyneGateway(final Bus bus, final VelodyneGatewayContext context)
    {
        context.conclude();
        sensor = context.sensor();
        clock = context.clock();
        errorHandler = bus.errorHandler();
        publication = bus.sensorPublication(sensor.index());
        if (null == publication)
        {
            throw new IllegalArgumentException("velodyne gateway for " + sensor.name() +
                ": this bus does not publish that sensor (BusContext.sensorPublicationMask)");
        }
        points = new VelodynePoints(context.model());
        sectorCount = sensor.lidar().sectors();
        maxPointsPerSector = Math.min(0xFFFE, (publication.maxMessageLength() - SECTOR_FIXED_LENGTH) / POINT_LENGTH);
        received = new OneToOneRingBuffer(new UnsafeBuffer(ByteBuffer.allocateDirect(context.ringBufferLength())));

        final Aeron aeron = bus.aeron();
        packetsReceived = BusCounters.addSensorCounter(aeron, PACKETS_RECEIVED_TYPE_ID, sensor, "velodyne packets received");
        packetsShort = BusCounters.addSensorCounter(aeron, PACKETS_SHORT_TYPE_ID, sensor, "velodyne packets short");
        packetsMalformed = BusCounters.addSensorCounter(aeron, PACKETS_MALFORMED_TYPE_ID, sensor, "velodyne packets malformed");
        packetsOutOfOrder = BusCounters.addSensorCounter(aeron, PACKETS_OUT_OF_ORDER_TYPE_ID, sensor, "velodyne packets out of order");
        packetsOverrun = BusCounters.addSensorCounter(aeron, PACKETS_OVERRUN_TYPE_ID, sensor, "velodyne packets overrun");
        sectorsPublished = BusCounters.addSensorCounter(aeron, SECTORS_PUBLISHED_TYPE_ID, sensor, "velodyne sectors published");
        sectorsBackPressure = BusCounters.addSensorCounter(
            aeron, SECTORS_BACK_PRESSURE_TYPE_ID, sensor, "velodyne sectors back pressure");
        pointsPublished = BusCounters.addSensorCounter(aeron, POINTS_PUBLISHED_TYPE_ID, sensor, "velodyne points published");

        final ThreadFactory agentThreadFactory = bus.context().agentThreadFactory();
        final String threadName = "velodyne-io-" + sensor.name();
        eventLoop = new MultiThreadIoEventLoopGroup(1, (runnable) ->
        {
            final Thread thread = agentThreadFactory.newThread(runnable);
            thread.setName(threadName);
            return thread;
        }, NioIoHandler.newFactory());
        try
        {
            channel = new Bootstrap()
                .group(eventLoop)
                .channel(NioDatagramChannel.class)
                .option(ChannelOption.SO_RCVBUF, SOCKET_RECEIVE_BUFFER_LENGTH)
                .handler(new DatagramReceiver())
                .bind(context.bindAddress())
                .syncUninterruptibly()
                .channel();
        }
        catch (final RuntimeException ex)
        {
            eventLoop.shutdownGracefully(0, 0, TimeUnit.MILLISECONDS).syncUninterruptibly();
            closeCounters();
            throw new IllegalStateException("velodyne gateway for " + sensor.name() + ": cannot listen on " +
                context.bindAddress() + ": " + ex.getMessage(), ex);
        }
    }

    public String roleName()
    {
        return "velodyne-gateway-" + sensor.name();
    }

    /**
     * @return where the socket listens (the port picked, when the context asked for port 0).
     */
    public InetSocketAddress localAddress()
    {
        return (InetSocketAddress)channel.localAddress();
    }

    public int doWork()
    {
        return received.controlledRead(packetHandler, PACKETS_PER_DUTY_CYCLE);
    }

    public void onClose()
    {
        CloseHelper.quietClose(() -> channel.close().syncUninterruptibly());
        CloseHelper.quietClose(() -> eventLoop.shutdownGracefully(0, 0, TimeUnit.MILLISECONDS).syncUninterruptibly());
        closeCounters();
    }

    private ControlledMessageHandler.Action onPacket(
        final int messageTypeId, final MutableDirectBuffer buffer, final int index, final int length)
    {
        final VelodynePacketStatus status = packet.wrap(buffer, index, length, points.model());
        final long packetTimeNs;
        if (isPacketResumed)
        {
            // The packet a held sector stopped: already checked and accepted, decoded again from where it stopped.
            packetTimeNs = lastPacketTimeNs;
        }
        else
        {
            if (VelodynePacketStatus.VALID != status)
            {
                (VelodynePacketStatus.SHORT == status ? packetsShort : packetsMalformed).incrementRelease();
                reportOnce(status, length);
                return ControlledMessageHandler.Action.CONTINUE;
            }
            packetTimeNs = packetTimeNs(packet.gpsTimestampUs());
            if (NO_TIME != lastPacketTimeNs && packetTimeNs <= lastPacketTimeNs)
            {
                packetsOutOfOrder.incrementRelease();
                if (!reportedOutOfOrder)
                {
                    reportedOutOfOrder = true;
                    report("packet out of order (GPS time not after the last packet's)");
                }
                return ControlledMessageHandler.Action.CONTINUE;
            }
            lastPacketTimeNs = packetTimeNs;
        }

        final int pointCount = points.decode(packet);
        for (int i = resumeAtPoint; i < pointCount; i++)
        {
            if (!addPoint(i, packetTimeNs + points.timeOffsetNs(i)))
            {
                // The stream pushes back: the sector stays encoded, the packet stays in the receive buffer, and
                // both are taken up again next duty cycle from this point.
                resumeAtPoint = i;
                isPacketResumed = true;
                return ControlledMessageHandler.Action.ABORT;
            }
        }
        resumeAtPoint = 0;
        isPacketResumed = false;
        return ControlledMessageHandler.Action.CONTINUE;
    }

    /**
     * @return false when a finished sector could not be published yet, so the point was not added.
     */
    private boolean addPoint(final int i, final long pointTimeNs)
    {
        final int pointSector = (int)((long)points.azimuth(i) * sectorCount / VelodynePacket.AZIMUTH_UNITS_PER_TURN);
        if (pointSector != sectorIndex)
        {
            if (!publishSector())
            {
                return false;
            }
            if (pointSector < sectorIndex)
            {
                sweepId++;
            }
            beginSector(pointSector, pointTimeNs);
        }
        else if (sectorPointCount == maxPointsPerSector || (pointTimeNs - sectorCaptureTimeNs) / 1000 > MAX_TIME_OFFSET_US)
        {
            // Full, or open longer than a point's time offset can say (a sensor barely turning): continue in a
            // second message for the same sector.
            if (!publishSector())
            {
                return false;
            }
            beginSector(pointSector, pointTimeNs);
        }

        sectorPoints.next()
            .x(points.x(i))
            .y(points.y(i))
            .z(points.z(i))
            .intensity(points.intensity(i))
            .ring(points.ring(i))
            .timeOffsetUs((int)((pointTimeNs - sectorCaptureTimeNs) / 1000));
        sectorPointCount++;
        return true;
    }

    private void beginSector(final int index, final long captureTimeNs)
    {
        sectorIndex = index;
        sectorCaptureTimeNs = captureTimeNs;
        sectorPointCount = 0;
        // Sector k covers Velodyne azimuths [k, k + 1) × 360° / sectors, clockwise from ahead; the message gives
        // its edges in the rig's sensor frame, counter-clockwise from x.
        final double width = 2 * Math.PI / sectorCount;
        sectorEncoder.wrapAndApplyHeader(sectorBuffer, 0, headerEncoder);
        sectorEncoder.stamp().captureTimeNs(captureTimeNs).sequence(sequence).sensorId(sensor.id());
        sectorEncoder
            .sweepId(sweepId)
            .sectorIndex(index)
            .sectorCount(sectorCount)
            .azimuthStartRad((float)((2 * Math.PI - index * width) % (2 * Math.PI)))
            .azimuthEndRad((float)((2 * Math.PI - (index + 1) * width) % (2 * Math.PI)));
        sectorPoints = sectorEncoder.pointsCount(maxPointsPerSector);
    }

    /**
     * @return true when the sector was published (or there was none); false when the stream pushed back and the
     * sector stays encoded, to be offered again.
     */
    private boolean publishSector()
    {
        if (sectorIndex < 0 || 0 == sectorPointCount)
        {
            return true;
        }
        if (!isSectorHeld)
        {
            sectorPoints.resetCountToIndex();
        }
        final int length = MessageHeaderEncoder.ENCODED_LENGTH + sectorEncoder.encodedLength();
        long result = publication.offer(sectorBuffer, 0, length);
        if (Publication.ADMIN_ACTION == result)
        {
            // The log rotated to its next term: the offer is good to repeat at once.
            result = publication.offer(sectorBuffer, 0, length);
        }
        if (result < 0)
        {
            if (!isSectorHeld)
            {
                isSectorHeld = true;
                sectorsBackPressure.incrementRelease();
            }
            return false;
        }
        isSectorHeld = false;
        sequence++;
        sectorsPublished.incrementRelease();
        pointsPublished.getAndAddRelease(sectorPointCount);
        sectorPointCount = 0;
        return true;
    }

    /**
     * The packet's GPS time (µs past the hour) on the sensor clock: in the gateway clock's hour at the first
     * packet (or the hour before, for a packet sent just before the hour turned), moved on an hour whenever
     * GPS time falls back by more than half an hour.
     */
    private long packetTimeNs(final long gpsTimestampUs)
    {
        final long pastHourNs = gpsTimestampUs * 1000;
        if (NO_TIME == hourBaseNs)
        {
            final long nowNs = clock.nanoTime();
            hourBaseNs = nowNs - Math.floorMod(nowNs, HOUR_NS);
            if (hourBaseNs + pastHourNs - nowNs > HOUR_NS / 2)
            {
                hourBaseNs -= HOUR_NS;
            }
        }
        else if (NO_TIME != lastPacketTimeNs && hourBaseNs + pastHourNs < lastPacketTimeNs - HOUR_NS / 2)
        {
            hourBaseNs += HOUR_NS;
        }
        return hourBaseNs + pastHourNs;
    }

    private void reportOnce(final VelodynePacketStatus status, final int length)
    {
        if (!reported[status.ordinal()])
        {
            reported[status.ordinal()] = true;
            report("packet " + status + " (" + length + " bytes)");
        }
    }

    private void report(final String what)
    {
        errorHandler.onError(new IllegalArgumentException(
            "velodyne gateway for " + sensor.name() + ": dropped a " + what + "; further ones are only counted"));
    }

    private void closeCounters()
    {
        CloseHelper.quietCloseAll(pointsPublished, sectorsBackPressure, sectorsPublished, packetsOverrun,
            packetsOutOfOrder, packetsMalformed, packetsShort, packetsReceived);
    }

    /**
     * On the event loop: copies each datagram into the receive buffer and lets Netty release it.
     */
    private final class DatagramReceiver extends SimpleChannelInboundHandler<DatagramPacket>
    {
        private final UnsafeBuffer copy = new UnsafeBuffer(new byte[DATAGRAM_COPY_LENGTH]);

        protected void channelRead0(final ChannelHandlerContext ctx, final DatagramPacket datagram)
        {
            final ByteBuf content = datagram.content();
            // A datagram longer than the copy is cut; it still counts as too long, never as a packet.
            final int length = Math.min(content.readableBytes(), DATAGRAM_COPY_LENGTH);
            content.getBytes(content.readerIndex(), copy.byteArray(), 0, length);
            packetsReceived.incrementRelease();
            if (!received.write(PACKET_MESSAGE_TYPE_ID, copy, 0, length))
            {
                packetsOverrun.incrementRelease();
            }
        }

        public void exceptionCaught(final ChannelHandlerContext ctx, final Throwable cause)
        {
            errorHandler.onError(cause);
        }
    }
}
