package io.fusebox.runtime.gateway;

import io.aeron.Subscription;
import io.fusebox.runtime.bus.Bus;
import io.fusebox.runtime.bus.BusContext;
import io.fusebox.runtime.bus.BusCounters;
import io.fusebox.runtime.bus.Profile;
import io.fusebox.runtime.testing.Await;
import io.fusebox.sensors.codec.LidarSectorDecoder;
import io.fusebox.sensors.codec.MessageHeaderDecoder;
import io.fusebox.sensors.codec.SensorKind;
import io.fusebox.sensors.rig.Rig;
import io.fusebox.sensors.rig.RigLoader;
import io.fusebox.sensors.rig.SensorConfig;
import io.fusebox.sensors.velodyne.VelodyneModel;
import io.fusebox.sensors.velodyne.VelodynePacket;
import io.fusebox.sensors.velodyne.VelodynePacketEncoder;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.status.CountersReader;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * VLP-16 packets sent over real UDP on loopback to the gateway, which publishes LidarSectors on a real
 * embedded media driver; the points read back from the LiDAR's stream are checked against hand-computed ones.
 */
final class VelodyneGatewayTest
{
    private static final Duration TIMEOUT = Duration.ofSeconds(20);
    private static final float TOLERANCE_M = 1e-3f;
    /** The gateway's clock: 2026-11-27 10:00:07 UTC, so GPS times (µs past the hour) fall in the 10 o'clock hour. */
    private static final long HOUR_NS = 1_795_773_600_000_000_000L;
    private static final long NOW_NS = HOUR_NS + TimeUnit.SECONDS.toNanos(7);

    private final Rig rig = RigLoader.loadDefault();
    private final SensorConfig lidar = rig.sensors().stream()
        .filter((sensor) -> sensor.kind() == SensorKind.LIDAR).findFirst().orElseThrow();
    private final List<Throwable> errors = new CopyOnWriteArrayList<>();
    private final List<Sector> sectors = new ArrayList<>();
    private final VelodynePacketEncoder encoder = new VelodynePacketEncoder();
    private final UnsafeBuffer packet = new UnsafeBuffer(new byte[VelodynePacket.LENGTH]);

    @Test
    void publishesHandComputedPointsInAzimuthSectorsAndCountsAndDropsBadPackets() throws IOException
    {
        try (Bus bus = Bus.launch(new BusContext().rig(rig).profile(Profile.LAPTOP).errorHandler(errors::add));
            Subscription lidarStream = bus.addSensorSubscription(lidar.index());
            DatagramSocket sender = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0)))
        {
            final VelodyneGateway gateway = loopbackGateway(bus);
            try
            {
                final InetSocketAddress to = gateway.localAddress();
                final CountersReader counters = bus.countersReader();
                Await.until(lidarStream::isConnected, TIMEOUT, () -> "LiDAR stream connected");

                // Packet 1 at GPS 5.000000 s past the hour, blocks at 100.00° + 0.40° each. The rig's LiDAR has 128
                // sectors of 2.8125°: 100.00° and 100.21° fall in sector 35, 104.40° (block 11) in sector 37.
                encoder.wrap(packet, 0, VelodyneModel.VLP_16, VelodynePacket.RETURN_MODE_STRONGEST, 5_000_000);
                azimuths(10_000);
                encoder.putReturn(0, 0, 1_000, 50).putReturn(0, 17, 5_000, 200).putReturn(11, 0, 1_500, 30);
                send(sender, to, VelodynePacket.LENGTH);

                // Bad ones: short, a broken block flag, an HDL-32E packet, and one older than packet 1.
                send(sender, to, 600);
                encoder.wrap(packet, 0, VelodyneModel.VLP_16, VelodynePacket.RETURN_MODE_STRONGEST, 5_002_000);
                packet.putShort(3 * VelodynePacket.BLOCK_LENGTH, (short)0x1234);
                send(sender, to, VelodynePacket.LENGTH);
                encoder.wrap(packet, 0, VelodyneModel.HDL_32E, VelodynePacket.RETURN_MODE_STRONGEST, 5_002_000);
                send(sender, to, VelodynePacket.LENGTH);
                encoder.wrap(packet, 0, VelodyneModel.VLP_16, VelodynePacket.RETURN_MODE_STRONGEST, 4_999_000);
                azimuths(9_000);
                encoder.putReturn(0, 0, 1_000, 50);
                send(sender, to, VelodynePacket.LENGTH);

                // Packet 2, one packet period (12 × 110.592 µs) later: a point at 107.20°, sector 38, which closes 37.
                encoder.wrap(packet, 0, VelodyneModel.VLP_16, VelodynePacket.RETURN_MODE_STRONGEST, 5_001_327);
                azimuths(10_480);
                encoder.putReturn(6, 2, 2_000, 70);
                send(sender, to, VelodynePacket.LENGTH);

                // Packet 3 crosses north: a point at 359.90° (sector 127) then one at 0.10° (sector 0, the next sweep).
                encoder.wrap(packet, 0, VelodyneModel.VLP_16, VelodynePacket.RETURN_MODE_STRONGEST, 5_002_654);
                azimuths(35_590);
                encoder.azimuth(11, 10);
                encoder.putReturn(10, 0, 1_000, 1).putReturn(11, 0, 1_000, 2);
                send(sender, to, VelodynePacket.LENGTH);

                final MessageHeaderDecoder header = new MessageHeaderDecoder();
                final LidarSectorDecoder decoder = new LidarSectorDecoder();
                Await.until(
                    () -> sectors.size() >= 4,
                    () -> gateway.doWork() + lidarStream.poll((buffer, offset, length, h) ->
                        sectors.add(Sector.read(decoder.wrapAndApplyHeader(buffer, offset, header))), 10),
                    TIMEOUT,
                    () -> "4 sectors, have " + sectors);

                // Sector 35: 2 points from packet 1's block 0, captured at its GPS time.
                final Sector first = sectors.get(0);
                assertSector(first, 0, 35, 0, HOUR_NS + 5_000_000_000L, 2);
                // 1000 × 2 mm = 2 m, laser 0 (-15°) at 100.00°: x = 2 cos15° cos100°, y = -2 cos15° sin100°, z = 2 sin -15°.
                assertPoint(first, 0, -0.3355f, -1.9025f, -0.5176f, 50, 0, 0);
                // 10 m, laser 1 (+1°, ring 8) in the second firing, 57.6 µs in: azimuth 100.00° + 0.40° × 57.6/110.592.
                assertPoint(first, 1, -1.7723f, -9.8401f, 0.1745f, 200, 8, 57);
                assertEquals((float)(2 * Math.PI - 35 * 2 * Math.PI / 128), first.azimuthStartRad, 1e-6f);

                // Sector 37: packet 1's last block, 11 × 110.592 µs after its first firing; 3 m at 104.40°, -15°.
                final Sector second = sectors.get(1);
                assertSector(second, 1, 37, 0, HOUR_NS + 5_000_000_000L + 11 * 110_592, 1);
                assertPoint(second, 0, -0.7206f, -2.8067f, -0.7765f, 30, 0, 0);

                // Sector 38: packet 2's block 6 (107.20°), laser 2 (-13°, ring 1), fired 2 × 2.304 µs into the block, so
                // 107.20° + 0.40° × 4.608/110.592 = 107.22°; 4 m.
                final Sector third = sectors.get(2);
                assertSector(third, 2, 38, 0, HOUR_NS + 5_001_327_000L + 6 * 110_592 + 2 * 2_304, 1);
                assertPoint(third, 0, -1.1537f, -3.7228f, -0.8998f, 70, 1, 0);

                // Sector 127 of sweep 0, then sector 0 opens sweep 1 (published once something follows it).
                assertSector(sectors.get(3), 3, 127, 0, HOUR_NS + 5_002_654_000L + 10 * 110_592, 1);
                assertPoint(sectors.get(3), 0, 1.9318f, 0.0034f, -0.5176f, 1, 0, 0);

                assertEquals(7, BusCounters.value(counters, VelodyneGateway.PACKETS_RECEIVED_TYPE_ID, lidar.id()));
                assertEquals(1, BusCounters.value(counters, VelodyneGateway.PACKETS_SHORT_TYPE_ID, lidar.id()));
                assertEquals(2, BusCounters.value(counters, VelodyneGateway.PACKETS_MALFORMED_TYPE_ID, lidar.id()));
                assertEquals(1, BusCounters.value(counters, VelodyneGateway.PACKETS_OUT_OF_ORDER_TYPE_ID, lidar.id()));
                assertEquals(0, BusCounters.value(counters, VelodyneGateway.PACKETS_OVERRUN_TYPE_ID, lidar.id()));
                assertEquals(4, BusCounters.value(counters, VelodyneGateway.SECTORS_PUBLISHED_TYPE_ID, lidar.id()));
                assertEquals(5, BusCounters.value(counters, VelodyneGateway.POINTS_PUBLISHED_TYPE_ID, lidar.id()));
                assertEquals(0, BusCounters.value(counters, VelodyneGateway.SECTORS_BACK_PRESSURE_TYPE_ID, lidar.id()));

                // One report per kind of drop, each naming what was wrong.
                assertEquals(4, errors.size(), errors.toString());
                assertTrue(errors.get(0).getMessage().contains("packet SHORT (600 bytes)"), errors.toString());
                assertTrue(errors.get(1).getMessage().contains("packet BAD_BLOCK_FLAG"), errors.toString());
                assertTrue(errors.get(2).getMessage().contains("packet WRONG_PRODUCT"), errors.toString());
                assertTrue(errors.get(3).getMessage().contains("out of order"), errors.toString());
            }
            finally
            {
                gateway.onClose();
            }
        }
    }

    @Test
    void decodesAndPublishesFullPacketsWithoutAllocating() throws IOException
    {
        try (Bus bus = Bus.launch(new BusContext().rig(rig).profile(Profile.LAPTOP).errorHandler(errors::add));
            Subscription lidarStream = bus.addSensorSubscription(lidar.index());
            DatagramSocket sender = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0)))
        {
            final VelodyneGateway gateway = loopbackGateway(bus);
            try
            {
                final CountersReader counters = bus.countersReader();
                final int receivedId = BusCounters.findCounterId(counters, VelodyneGateway.PACKETS_RECEIVED_TYPE_ID, lidar.id());
                final long[] points = new long[1];
                final io.aeron.logbuffer.FragmentHandler reader = (buffer, offset, length, header) -> points[0]++;
                Await.until(lidarStream::isConnected, TIMEOUT, () -> "LiDAR stream connected");

                // Warm up as measured, so the JIT has compiled the paths; then the quietest of five windows decides (a
                // deoptimisation in one window rematerialises a few objects: the JIT, not the path).
                final com.sun.management.ThreadMXBean threads =
                    (com.sun.management.ThreadMXBean)java.lang.management.ManagementFactory.getThreadMXBean();
                final long threadId = Thread.currentThread().getId();
                final long[] allocated = new long[10];
                long fewest = Long.MAX_VALUE;
                int packet = 0;
                for (int window = -40; window < allocated.length; window++)
                {
                    // 30 full packets (384 returns each, 144° of a turn): sent before measuring. A burst, not a sensor's
                    // pace, so no more than one duty cycle's worth: the driver moves the stream's limit on in between.
                    packet = sendFullPackets(sender, gateway.localAddress(), packet, VelodyneGateway.PACKETS_PER_DUTY_CYCLE - 2);
                    final long sent = packet;
                    Await.until(() -> counters.getCounterValue(receivedId) == sent, TIMEOUT, () -> "packets received");

                    final long before = threads.getThreadAllocatedBytes(threadId);
                    // As a subscriber keeping up would: the stream drained after the duty cycle (a poll stops at a
                    // term's end, so until there is nothing left).
                    while (gateway.doWork() > 0)
                    {
                        while (lidarStream.poll(reader, 1_000) > 0)
                        {
                            // drained
                        }
                    }
                    final long after = threads.getThreadAllocatedBytes(threadId);
                    if (window >= 0)
                    {
                        allocated[window] = after - before;
                        fewest = Math.min(fewest, allocated[window]);
                    }
                }

                // Nothing lost: once what a pushed-back sector left in the receive buffer is through, every packet's
                // points are in published sectors but the last sector's, still open.
                final long pointsSent = (long)packet * VelodynePacket.BLOCK_COUNT * VelodynePacket.RETURNS_PER_BLOCK;
                Await.until(
                    () -> BusCounters.value(counters, VelodyneGateway.POINTS_PUBLISHED_TYPE_ID, lidar.id()) >= pointsSent - 2 * 384,
                    () -> gateway.doWork() + lidarStream.poll(reader, 1_000),
                    TIMEOUT,
                    () -> "every packet's points published");
                assertEquals(0, BusCounters.value(counters, VelodyneGateway.PACKETS_OVERRUN_TYPE_ID, lidar.id()));
                assertTrue(BusCounters.value(counters, VelodyneGateway.SECTORS_PUBLISHED_TYPE_ID, lidar.id()) > 1_000);
                System.out.println("velodyne gateway, bytes allocated per 30 packets decoded and published: " +
                    java.util.Arrays.toString(allocated));
                assertEquals(0, fewest, java.util.Arrays.toString(allocated));
                assertEquals(List.of(), errors);
            }
            finally
            {
                gateway.onClose();
            }
        }
    }

    @Test
    void holdsSectorsTheStreamPushesBackLosingNothing() throws IOException
    {
        // A stream with small terms and nobody reading: the gateway must hold, not drop.
        try (Bus bus = Bus.launch(new BusContext().rig(rig).profile(Profile.LAPTOP).bufferWindowNs(1_000)
            .errorHandler(errors::add));
            Subscription lidarStream = bus.addSensorSubscription(lidar.index());
            DatagramSocket sender = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0)))
        {
            final VelodyneGateway gateway = loopbackGateway(bus);
            try
            {
                final CountersReader counters = bus.countersReader();
                Await.until(lidarStream::isConnected, TIMEOUT, () -> "LiDAR stream connected");
                final int packets = sendFullPackets(sender, gateway.localAddress(), 0, 400);
                Await.until(
                    () -> BusCounters.value(counters, VelodyneGateway.SECTORS_BACK_PRESSURE_TYPE_ID, lidar.id()) > 0,
                    gateway::doWork,
                    TIMEOUT,
                    () -> "the stream pushing back");

                final long[] nextSequence = new long[1];
                final MessageHeaderDecoder header = new MessageHeaderDecoder();
                final LidarSectorDecoder decoder = new LidarSectorDecoder();
                final long pointsSent = (long)packets * VelodynePacket.BLOCK_COUNT * VelodynePacket.RETURNS_PER_BLOCK;
                Await.until(
                    () -> BusCounters.value(counters, VelodyneGateway.POINTS_PUBLISHED_TYPE_ID, lidar.id()) >= pointsSent - 2 * 384,
                    () -> gateway.doWork() + lidarStream.poll((buffer, offset, length, h) ->
                    {
                        assertEquals(nextSequence[0]++, decoder.wrapAndApplyHeader(buffer, offset, header).stamp().sequence());
                    }, 100),
                    TIMEOUT,
                    () -> "every packet's points published");
                assertEquals(0, BusCounters.value(counters, VelodyneGateway.PACKETS_OVERRUN_TYPE_ID, lidar.id()));
                assertEquals(packets, BusCounters.value(counters, VelodyneGateway.PACKETS_RECEIVED_TYPE_ID, lidar.id()));
                assertEquals(List.of(), errors);
            }
            finally
            {
                gateway.onClose();
            }
        }
    }

    @Test
    void refusesASensorThatIsNotALidarNamingTheField()
    {
        final IllegalArgumentException ex = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
            () -> new VelodyneGatewayContext().rig(rig).sensorId(1).model(VelodyneModel.VLP_16).conclude());
        assertEquals("VelodyneGatewayContext.sensorId: sensor 1 (cam_front_wide) is a CAMERA, not a LiDAR", ex.getMessage());
    }

    /**
     * @return a VLP-16 gateway for the rig's LiDAR, listening on a free loopback port, its clock in the 10 o'clock hour.
     */
    private VelodyneGateway loopbackGateway(final Bus bus)
    {
        return new VelodyneGateway(bus, new VelodyneGatewayContext()
            .rig(rig)
            .sensorId(lidar.id())
            .model(VelodyneModel.VLP_16)
            .bindAddress(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))
            .clock(() -> NOW_NS));
    }

    private void azimuths(final int first)
    {
        for (int block = 0; block < VelodynePacket.BLOCK_COUNT; block++)
        {
            encoder.azimuth(block, (first + 40 * block) % VelodynePacket.AZIMUTH_UNITS_PER_TURN);
        }
    }

    /**
     * Sends full VLP-16 packets (384 returns each) with azimuth and GPS time running on from packet {@code first}.
     *
     * @return the number of the packet after the last one sent.
     */
    private int sendFullPackets(final DatagramSocket sender, final InetSocketAddress to, final int first, final int count)
        throws IOException
    {
        for (int packetNumber = first; packetNumber < first + count; packetNumber++)
        {
            encoder.wrap(packet, 0, VelodyneModel.VLP_16, VelodynePacket.RETURN_MODE_STRONGEST, 1_000_000 + packetNumber * 1_327L);
            azimuths((packetNumber * 12 * 40) % VelodynePacket.AZIMUTH_UNITS_PER_TURN);
            for (int block = 0; block < VelodynePacket.BLOCK_COUNT; block++)
            {
                for (int channel = 0; channel < VelodynePacket.RETURNS_PER_BLOCK; channel++)
                {
                    encoder.putReturn(block, channel, 1_000 + channel * 10, channel);
                }
            }
            send(sender, to, VelodynePacket.LENGTH);
        }
        return first + count;
    }

    private void send(final DatagramSocket sender, final InetSocketAddress to, final int length) throws IOException
    {
        sender.send(new DatagramPacket(packet.byteArray(), 0, length, to));
    }

    private void assertSector(
        final Sector sector, final long sequence, final int index, final long sweepId, final long captureTimeNs,
        final int points)
    {
        assertEquals(lidar.id(), sector.sensorId);
        assertEquals(sequence, sector.sequence, "sequence");
        assertEquals(index, sector.sectorIndex, "sector index");
        assertEquals(128, sector.sectorCount);
        assertEquals(sweepId, sector.sweepId, "sweep");
        assertEquals(captureTimeNs, sector.captureTimeNs, "capture time");
        assertEquals(points, sector.x.size(), "points");
    }

    private static void assertPoint(
        final Sector sector, final int i, final float x, final float y, final float z, final int intensity,
        final int ring, final int timeOffsetUs)
    {
        assertEquals(x, sector.x.get(i), TOLERANCE_M, "x");
        assertEquals(y, sector.y.get(i), TOLERANCE_M, "y");
        assertEquals(z, sector.z.get(i), TOLERANCE_M, "z");
        assertEquals(intensity, sector.intensity.get(i), "intensity");
        assertEquals(ring, sector.ring.get(i), "ring");
        assertEquals(timeOffsetUs, sector.timeOffsetUs.get(i), "time offset");
    }

    private static final class Sector
    {
        int sensorId;
        long sequence;
        long captureTimeNs;
        long sweepId;
        int sectorIndex;
        int sectorCount;
        float azimuthStartRad;
        final List<Float> x = new ArrayList<>();
        final List<Float> y = new ArrayList<>();
        final List<Float> z = new ArrayList<>();
        final List<Integer> intensity = new ArrayList<>();
        final List<Integer> ring = new ArrayList<>();
        final List<Integer> timeOffsetUs = new ArrayList<>();

        static Sector read(final LidarSectorDecoder decoder)
        {
            final Sector sector = new Sector();
            sector.sensorId = decoder.stamp().sensorId();
            sector.sequence = decoder.stamp().sequence();
            sector.captureTimeNs = decoder.stamp().captureTimeNs();
            sector.sweepId = decoder.sweepId();
            sector.sectorIndex = decoder.sectorIndex();
            sector.sectorCount = decoder.sectorCount();
            sector.azimuthStartRad = decoder.azimuthStartRad();
            for (final LidarSectorDecoder.PointsDecoder point : decoder.points())
            {
                sector.x.add(point.x());
                sector.y.add(point.y());
                sector.z.add(point.z());
                sector.intensity.add((int)point.intensity());
                sector.ring.add((int)point.ring());
                sector.timeOffsetUs.add(point.timeOffsetUs());
            }
            return sector;
        }

        public String toString()
        {
            return "sector " + sectorIndex + " (" + x.size() + " points)";
        }
    }
}
