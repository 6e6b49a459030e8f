package io.fusebox.runtime.sequencer;

import io.aeron.Subscription;
import io.fusebox.runtime.bus.AgentThreads;
import io.fusebox.runtime.bus.Bus;
import io.fusebox.runtime.bus.BusContext;
import io.fusebox.runtime.bus.BusCounters;
import io.fusebox.runtime.bus.Profile;
import io.fusebox.runtime.rig.RigPublisher;
import io.fusebox.runtime.testing.Await;
import io.fusebox.runtime.testing.FusionInputCollector;
import io.fusebox.runtime.testing.ScaledClock;
import io.fusebox.sensors.codec.CameraFrameDecoder;
import io.fusebox.sensors.codec.LidarSectorDecoder;
import io.fusebox.sensors.codec.RadarScanDecoder;
import io.fusebox.sensors.codec.SensorKind;
import io.fusebox.sensors.codec.UltrasonicEchoDecoder;
import io.fusebox.sensors.codec.VehicleStateDecoder;
import io.fusebox.sensors.message.FusionInputReader;
import io.fusebox.sensors.message.SyntheticRigSource;
import io.fusebox.sensors.rig.Rig;
import io.fusebox.sensors.rig.RigLoader;
import io.fusebox.sensors.rig.SensorConfig;
import org.HdrHistogram.Histogram;
import org.agrona.concurrent.status.CountersReader;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The whole rig, two seconds of message time: synthetic sensors through the rig publisher, the
 * sequencer and out of the fusion-input stream, on a real embedded media driver and agent threads.
 */
class RigToFusionInputTest
{
    private static final long START_NS = 1_700_000_000_000_000_000L;
    /** Seconds of message time; longer runs (-Dfusebox.test.drive.seconds=20) give steady-state latency figures. */
    private static final long DURATION_NS = Long.getLong("fusebox.test.drive.seconds", 2) * 1_000_000_000L;
    private static final long SPEED = 1;
    private static final List<SensorKind> KINDS = List.of(
        SensorKind.CAMERA, SensorKind.RADAR, SensorKind.LIDAR, SensorKind.ULTRASONIC, SensorKind.VEHICLE_STATE);

    @Test
    void everyMessageArrivesOnceInOrderAndDecodes()
    {
        final Rig rig = RigLoader.loadDefault();
        final List<Throwable> errors = new CopyOnWriteArrayList<>();
        final SyntheticRigSource source = new SyntheticRigSource(rig, START_NS, START_NS + DURATION_NS);
        long expectedTotal = 0;
        final long[] expected = new long[rig.sensorCount()];
        for (int i = 0; i < expected.length; i++)
        {
            expected[i] = source.messageCountBefore(i, START_NS + DURATION_NS);
            expectedTotal += expected[i];
        }

        final Decoding decoding = new Decoding(rig);
        final FusionInputCollector collector = new FusionInputCollector(decoding::inspect);
        final CaptureLatency latency = new CaptureLatency();
        final List<Histogram> firstHalf = new ArrayList<>();

        try (Bus bus = Bus.launch(new BusContext().rig(rig).profile(Profile.LAPTOP).errorHandler(errors::add));
            Subscription fusionInput = bus.addFusionInputSubscription())
        {
            // The clock starts once the bus is up, so message time does not run ahead during the driver's launch.
            final ScaledClock clock = new ScaledClock(START_NS, SPEED);
            final RigPublisher publisher = new RigPublisher(bus, source, clock);
            final Sequencer sequencer = new Sequencer(bus, clock, latency);
            try (AgentThreads threads = AgentThreads.start(bus, publisher, sequencer))
            {
                assertEquals(List.of("[rig-publisher,sequencer]"), threads.threadRoleNames());
                final long total = expectedTotal;
                Await.until(
                    () -> collector.count() >= total,
                    () ->
                    {
                        final int polled = collector.poll(fusionInput, 256);
                        if (firstHalf.isEmpty() && collector.count() >= total / 2)
                        {
                            // The first half carries start-up and JIT warm-up; keep it apart from the steady state.
                            KINDS.forEach((kind) -> firstHalf.add(latency.intervalHistogram(kind)));
                        }
                        return polled;
                    },
                    Duration.ofSeconds(30),
                    () -> collector.count() + " of " + total + " fusion inputs");
                assertTrue(publisher.isDone());

                final CountersReader counters = bus.countersReader();
                for (final SensorConfig sensor : rig.sensors())
                {
                    final int id = sensor.id();
                    final long want = expected[sensor.index()];
                    assertEquals(want, BusCounters.value(counters, BusCounters.PUBLISHER_MESSAGES_TYPE_ID, id), sensor.name());
                    assertEquals(want, BusCounters.value(counters, BusCounters.SEQUENCER_MESSAGES_TYPE_ID, id), sensor.name());
                    assertEquals(BusCounters.value(counters, BusCounters.PUBLISHER_BYTES_TYPE_ID, id),
                        BusCounters.value(counters, BusCounters.SEQUENCER_BYTES_TYPE_ID, id), sensor.name());
                    assertEquals(0, BusCounters.value(counters, BusCounters.SEQUENCER_GAPS_TYPE_ID, id), sensor.name());
                    assertEquals(0, BusCounters.value(counters, BusCounters.SEQUENCER_DUPLICATES_TYPE_ID, id));
                    assertEquals(0, BusCounters.value(counters, BusCounters.SEQUENCER_OUT_OF_ORDER_TYPE_ID, id));
                    assertEquals(0, BusCounters.value(counters, BusCounters.SEQUENCER_MALFORMED_TYPE_ID, id));
                }
                long backPressure = 0;
                long notConnected = 0;
                for (final SensorConfig sensor : rig.sensors())
                {
                    backPressure += BusCounters.value(counters, BusCounters.PUBLISHER_BACK_PRESSURE_TYPE_ID, sensor.id());
                    notConnected += BusCounters.value(counters, BusCounters.PUBLISHER_NOT_CONNECTED_TYPE_ID, sensor.id());
                }
                final int fusionInputStreamId = rig.bus().fusionInputStreamId();
                System.out.printf("publisher held back: %d by back pressure, %d not connected; fusion input: %d, %d%n",
                    backPressure, notConnected,
                    BusCounters.value(counters, BusCounters.FUSION_INPUT_BACK_PRESSURE_TYPE_ID, fusionInputStreamId),
                    BusCounters.value(counters, BusCounters.FUSION_INPUT_NOT_CONNECTED_TYPE_ID, fusionInputStreamId));
                assertEquals(total, BusCounters.value(counters, BusCounters.FUSION_INPUT_MESSAGES_TYPE_ID, fusionInputStreamId));
                assertEquals(total, sequencer.nextGlobalSequence());
                assertEquals(0, bus.errorCounter().get());
            }
        }

        assertNull(collector.firstProblem());
        assertEquals(expectedTotal, collector.count(), "nothing extra after the drive");
        final long[] nextSequence = new long[rig.sensorCount()];
        for (int n = 0; n < collector.count(); n++)
        {
            assertEquals(n, collector.globalSequences.getLong(n), "global sequence contiguous from 0");
            final int index = rig.indexOf(collector.sensorIds.getInt(n));
            assertEquals(rig.sensor(index).streamId(), collector.streamIds.getInt(n));
            assertEquals(nextSequence[index]++, collector.sensorSequences.getLong(n), "per-sensor order kept");
            assertTrue(collector.receiveTimes.getLong(n) >= collector.captureTimes.getLong(n), "received after capture");
        }
        for (int i = 0; i < expected.length; i++)
        {
            assertEquals(expected[i], nextSequence[i], rig.sensor(i).name());
        }
        assertEquals(expectedTotal, decoding.decoded);
        assertEquals(List.of(), decoding.problems);

        long recorded = 0;
        for (int k = 0; k < KINDS.size(); k++)
        {
            final SensorKind kind = KINDS.get(k);
            final Histogram histogram = latency.intervalHistogram(kind);
            long kindExpected = 0;
            for (final SensorConfig sensor : rig.sensors())
            {
                kindExpected += sensor.kind() == kind ? expected[sensor.index()] : 0;
            }
            final long count = firstHalf.get(k).getTotalCount() + histogram.getTotalCount();
            assertEquals(kindExpected, count, kind.name());
            recorded += count;
            System.out.printf("capture-to-sequencer latency, second half, %-13s n=%6d p50=%8.1fus p99=%8.1fus " +
                "p99.9=%8.1fus max=%8.1fus%n",
                kind, histogram.getTotalCount(), histogram.getValueAtPercentile(50) / 1e3,
                histogram.getValueAtPercentile(99) / 1e3, histogram.getValueAtPercentile(99.9) / 1e3,
                histogram.getMaxValue() / 1e3);
        }
        assertEquals(expectedTotal, recorded);
        assertEquals(List.of(), errors);
    }

    /**
     * Decodes each inner message with its own decoder and checks what the synthetic source put in it.
     */
    private static final class Decoding
    {
        private final Rig rig;
        private final CameraFrameDecoder camera = new CameraFrameDecoder();
        private final RadarScanDecoder radar = new RadarScanDecoder();
        private final LidarSectorDecoder lidar = new LidarSectorDecoder();
        private final UltrasonicEchoDecoder ultrasonic = new UltrasonicEchoDecoder();
        private final VehicleStateDecoder vehicleState = new VehicleStateDecoder();
        private final List<String> problems = new ArrayList<>();
        private long decoded;

        Decoding(final Rig rig)
        {
            this.rig = rig;
        }

        void inspect(final FusionInputReader reader)
        {
            final SensorConfig sensor = rig.sensor(rig.indexOf(reader.sensorId()));
            final boolean ok;
            switch (reader.sensorTemplateId())
            {
                case CameraFrameDecoder.TEMPLATE_ID:
                    ok = sensor.kind() == SensorKind.CAMERA &&
                        reader.wrapSensorMessage(camera).stamp().sequence() == reader.sensorSequence() &&
                        camera.objects().count() >= 9;
                    break;
                case RadarScanDecoder.TEMPLATE_ID:
                    ok = sensor.kind() == SensorKind.RADAR &&
                        reader.wrapSensorMessage(radar).detections().count() == SyntheticRigSource.RADAR_DETECTIONS;
                    break;
                case LidarSectorDecoder.TEMPLATE_ID:
                    ok = sensor.kind() == SensorKind.LIDAR &&
                        reader.wrapSensorMessage(lidar).points().count() == sensor.lidar().maxPointsPerSector() &&
                        lidar.sectorIndex() == reader.sensorSequence() % sensor.lidar().sectors();
                    break;
                case UltrasonicEchoDecoder.TEMPLATE_ID:
                    ok = sensor.kind() == SensorKind.ULTRASONIC &&
                        reader.wrapSensorMessage(ultrasonic).stamp().sensorId() == sensor.id();
                    break;
                case VehicleStateDecoder.TEMPLATE_ID:
                    ok = sensor.kind() == SensorKind.VEHICLE_STATE &&
                        reader.wrapSensorMessage(vehicleState).speedMps() > 0;
                    break;
                default:
                    ok = false;
                    break;
            }
            if (ok)
            {
                decoded++;
            }
            else if (problems.size() < 10)
            {
                problems.add("sensor " + sensor.name() + " template " + reader.sensorTemplateId() +
                    " sequence " + reader.sensorSequence());
            }
        }
    }
}
