package io.fusebox.runtime.link;

import io.aeron.Subscription;
import io.aeron.driver.status.SystemCounterDescriptor;
import io.fusebox.replay.testing.ChildJvm;
import io.fusebox.runtime.bus.AgentThreads;
import io.fusebox.runtime.bus.Bus;
import io.fusebox.runtime.bus.BusContext;
import io.fusebox.runtime.bus.BusCounters;
import io.fusebox.runtime.bus.Profile;
import io.fusebox.runtime.cli.FuseboxCommand;
import io.fusebox.runtime.fusion.FusionAgent;
import io.fusebox.runtime.fusion.FusionContext;
import io.fusebox.runtime.fusion.FusionCounters;
import io.fusebox.runtime.rig.RigPublisher;
import io.fusebox.runtime.rig.SensorSelection;
import io.fusebox.runtime.sequencer.CaptureLatency;
import io.fusebox.runtime.sequencer.Sequencer;
import io.fusebox.sensors.codec.HealthState;
import io.fusebox.sensors.codec.MessageHeaderDecoder;
import io.fusebox.sensors.codec.SensorHealthDecoder;
import io.fusebox.sensors.rig.Rig;
import io.fusebox.sensors.rig.RigLoader;
import io.fusebox.sensors.sim.RigSimulator;
import io.fusebox.sensors.sim.ScenarioCatalog;
import org.agrona.CloseHelper;
import org.agrona.concurrent.EpochNanoClock;
import org.agrona.concurrent.OffsetEpochNanoClock;
import org.agrona.concurrent.status.CountersReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A rig over two boards: the sensors' side in a child JVM with its own media driver, publishing over Aeron
 * UDP through a relay this test can cut; the fusion side here, with the vehicle's CAN state local (IPC). The
 * link drops for two seconds mid-drive: the remote sensors go DEGRADED, fusion carries on with what it
 * still hears, everything is OK again once the link is back, and the counters say what was lost.
 */
final class TwoBoardDriveTest
{
    private static final long SECOND_NS = TimeUnit.SECONDS.toNanos(1);
    private static final long START_DELAY_NS = 5 * SECOND_NS;
    private static final long DURATION_NS = 14 * SECOND_NS;
    // The sensors' JVM starts cold: on two cores its first seconds of JIT make its streams late at fusion, which
    // reads as DEGRADED. The cut comes once it has settled.
    private static final long CUT_AT_NS = 6 * SECOND_NS;
    private static final long CUT_FOR_NS = 2 * SECOND_NS;
    private static final long REORDER_WINDOW_NS = TimeUnit.MILLISECONDS.toNanos(100);
    private static final int LIDAR_ID = 31;
    private static final int VEHICLE_STATE_ID = 61;
    private static final Pattern SENSORS_SUMMARY = Pattern.compile(
        "sensors: published (\\d+) messages; held back by back pressure (\\d+), by no subscriber (\\d+); errors (\\d+)");

    @TempDir
    Path dir;

    private final List<Throwable> errors = new CopyOnWriteArrayList<>();
    private final List<Health> healths = new ArrayList<>();

    @Test
    void remoteSensorsDegradeWhileTheLinkIsDownFusionCarriesOnAndAllRecover() throws Exception
    {
        final int fusionPort = freeUdpPort();
        final String rigText = RigLoader.loadDefault().text();
        final Path fusionRigFile = writeRig("fusion.yaml", rigText, fusionPort);
        final Rig rig = RigLoader.load(fusionRigFile);
        final long localSensors = SensorSelection.ipcSensorMask(rig);
        assertEquals(1, Long.bitCount(localSensors), "vehicle state is the fusion board's only local sensor");

        final EpochNanoClock clock = new OffsetEpochNanoClock();
        final long startNs = clock.nanoTime() + START_DELAY_NS;
        final long endNs = startNs + DURATION_NS;
        final long cutStartNs = startNs + CUT_AT_NS;
        final long cutEndNs = cutStartNs + CUT_FOR_NS;

        Bus bus = null;
        AgentThreads fusionThreads = null;
        AgentThreads pipelineThreads = null;
        AgentThreads localSensorThreads = null;
        try (UdpRelay relay = new UdpRelay(fusionPort))
        {
            final Path sensorsRigFile = writeRig("sensors.yaml", rigText, relay.frontPort());
            bus = Bus.launch(new BusContext().rig(rig).profile(Profile.LAPTOP).sensorPublicationMask(localSensors)
                .errorHandler(errors::add));
            final Sequencer sequencer = new Sequencer(bus, clock, new CaptureLatency());
            // A network hop between the boards: inputs wait up to 100 ms for the ones from across the link.
            final FusionAgent fusion = new FusionAgent(bus, new FusionContext().rig(rig).reorderWindowNs(REORDER_WINDOW_NS));
            final RigPublisher canBus = new RigPublisher(bus, new SensorSelection(
                new RigSimulator(rig, ScenarioCatalog.byName("highway-cruise"), 42, startNs), localSensors), clock);
            final Subscription healthStream = bus.addHealthSubscription();
            final Subscription worldModelStream = bus.addWorldModelSubscription();
            fusionThreads = AgentThreads.start(bus, fusion);
            pipelineThreads = AgentThreads.start(bus, sequencer);
            localSensorThreads = AgentThreads.start(bus, canBus);

            try (ChildJvm sensorsBoard = new ChildJvm(FuseboxCommand.class, "sensors", "--rig", sensorsRigFile.toString(),
                "--scenario", "highway-cruise", "--seed", "42", "--start-at", Long.toString(startNs),
                "--duration", (DURATION_NS / SECOND_NS) + "s"))
            {
                sensorsBoard.awaitLine("sensors: publishing 34 of 35 sensors", Duration.ofSeconds(60));

                final CountersReader counters = bus.countersReader();
                final int worldModelKey = rig.bus().worldModelStreamId();
                final MessageHeaderDecoder header = new MessageHeaderDecoder();
                final SensorHealthDecoder healthDecoder = new SensorHealthDecoder();
                long worldModelsAtCut = -1;
                long worldModelsAtRestore = -1;
                boolean cut = false;
                while (clock.nanoTime() < endNs + SECOND_NS)
                {
                    final long nowNs = clock.nanoTime();
                    if (!cut && nowNs >= cutStartNs && nowNs < cutEndNs)
                    {
                        relay.cut(true);
                        cut = true;
                    }
                    if (nowNs >= cutStartNs + SECOND_NS / 2 && worldModelsAtCut < 0)
                    {
                        worldModelsAtCut = BusCounters.value(counters, FusionCounters.WORLD_MODELS_TYPE_ID, worldModelKey);
                    }
                    if (cut && nowNs >= cutEndNs)
                    {
                        worldModelsAtRestore = BusCounters.value(counters, FusionCounters.WORLD_MODELS_TYPE_ID, worldModelKey);
                        relay.cut(false);
                        cut = false;
                    }
                    final int fragments = healthStream.poll((buffer, offset, length, h) ->
                        healths.add(Health.read(healthDecoder.wrapAndApplyHeader(buffer, offset, header))), 16) +
                        worldModelStream.poll((buffer, offset, length, h) -> { }, 16);
                    if (0 == fragments)
                    {
                        TimeUnit.MILLISECONDS.sleep(1);
                    }
                }

                final Matcher summary = SENSORS_SUMMARY.matcher(sensorsBoard.awaitLine("sensors: published", Duration.ofSeconds(60)));
                assertTrue(summary.matches(), summary.toString());
                final long heldBack = Long.parseLong(summary.group(2));
                final long late = BusCounters.value(counters, FusionCounters.LATE_TYPE_ID, worldModelKey);
                final long naksSent = counters.getCounterValue(SystemCounterDescriptor.NAK_MESSAGES_SENT.id());
                System.out.printf("two boards: relay forwarded %d, dropped %d datagrams while cut; sensors board " +
                    "published %s messages, %d held back by back pressure; fusion: %d late inputs dropped, world models " +
                    "%d during the cut; fusion-side driver sent %d NAKs%n",
                    relay.forwarded(), relay.dropped(), summary.group(1), heldBack, late,
                    worldModelsAtRestore - worldModelsAtCut, naksSent);

                // Before the cut: everyone OK.
                final Health before = last(startNs + 4 * SECOND_NS, cutStartNs);
                assertEquals(0, before.notOk, "all OK before the cut: " + before);

                // During it: the remote sensors (34) degraded, the local CAN state still OK, world models still coming.
                final Health during = last(cutStartNs + SECOND_NS / 2, cutEndNs);
                assertFalse(HealthState.OK == during.lidar, "LiDAR degraded during the cut: " + during);
                assertEquals(HealthState.OK, during.vehicleState, during.toString());
                assertEquals(34, during.notOk, during.toString());
                assertTrue(worldModelsAtRestore - worldModelsAtCut >= 10,
                    "fusion carried on: " + (worldModelsAtRestore - worldModelsAtCut) + " world models in 1.5 s of the cut");

                // After it: all OK again.
                final Health after = last(cutEndNs + 3 * SECOND_NS, endNs);
                assertEquals(0, after.notOk, "all OK after the link returned: " + after);

                // What was lost, in the counters: datagrams on the dead link, messages the sensors held back, and the
                // inputs that reached fusion too late to apply.
                assertTrue(relay.dropped() > 0, "datagrams dropped while cut");
                assertTrue(heldBack > 0, "sensors board held messages back while the link was down");
                assertTrue(late > 0, "fusion dropped the inputs captured during the cut as late");
                assertEquals(0, Long.parseLong(summary.group(4)), "sensors board errors");
            }
        }
        finally
        {
            CloseHelper.closeAll(localSensorThreads, pipelineThreads, fusionThreads, bus);
        }
        assertTrue(errors.isEmpty(), errors.toString());
    }

    private Health last(final long fromNs, final long toNs)
    {
        Health found = null;
        for (final Health health : healths)
        {
            if (health.timeNs >= fromNs && health.timeNs < toNs)
            {
                found = health;
            }
        }
        assertTrue(null != found, "a health report between " + fromNs + " and " + toNs + " (have " + healths.size() + ")");
        return found;
    }

    private Path writeRig(final String name, final String defaultRig, final int port) throws Exception
    {
        // The sensors' channel names the fusion board's address, with jumbo frames (8 KiB MTU) as on the boards'
        // Ethernet and socket buffers sized for a LiDAR's bursts; the vehicle's CAN state stays on the fusion board.
        final String text = defaultRig
            .replace("sensorChannel: \"aeron:ipc\"", "sensorChannel: \"aeron:udp?endpoint=127.0.0.1:" + port + "|mtu=8192|so-rcvbuf=4m|so-sndbuf=4m\"")
            .replace("    name: vehicle_state\n", "    name: vehicle_state\n    channel: \"aeron:ipc\"\n");
        assertTrue(text.contains("endpoint=127.0.0.1:" + port) && text.contains("channel: \"aeron:ipc\""), text);
        return Files.writeString(dir.resolve(name), text);
    }

    private static int freeUdpPort() throws Exception
    {
        try (DatagramSocket socket = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0)))
        {
            return socket.getLocalPort();
        }
    }

    private static final class Health
    {
        long timeNs;
        HealthState lidar;
        HealthState vehicleState;
        int notOk;

        static Health read(final SensorHealthDecoder decoder)
        {
            final Health health = new Health();
            health.timeNs = decoder.timeNs();
            for (final SensorHealthDecoder.SensorsDecoder sensor : decoder.sensors())
            {
                final HealthState state = sensor.state();
                health.notOk += HealthState.OK == state ? 0 : 1;
                if (LIDAR_ID == sensor.sensorId())
                {
                    health.lidar = state;
                }
                else if (VEHICLE_STATE_ID == sensor.sensorId())
                {
                    health.vehicleState = state;
                }
            }
            return health;
        }

        public String toString()
        {
            return "health at " + timeNs + ": LiDAR " + lidar + ", vehicle state " + vehicleState + ", " + notOk + " not OK";
        }
    }
}
