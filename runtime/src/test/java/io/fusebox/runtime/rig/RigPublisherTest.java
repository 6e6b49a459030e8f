package io.fusebox.runtime.rig;

import io.aeron.Subscription;
import io.fusebox.runtime.bus.Bus;
import io.fusebox.runtime.bus.BusContext;
import io.fusebox.runtime.bus.BusCounters;
import io.fusebox.runtime.bus.Profile;
import io.fusebox.runtime.sequencer.CaptureLatency;
import io.fusebox.runtime.sequencer.Sequencer;
import io.fusebox.runtime.testing.Await;
import io.fusebox.runtime.testing.FusionInputCollector;
import io.fusebox.sensors.codec.SensorKind;
import io.fusebox.sensors.message.SyntheticRigSource;
import io.fusebox.sensors.rig.Rig;
import io.fusebox.sensors.rig.RigLoader;
import io.fusebox.sensors.rig.SensorConfig;
import org.agrona.concurrent.EpochNanoClock;
import org.agrona.concurrent.status.CountersReader;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RigPublisherTest
{
    private static final Duration TIMEOUT = Duration.ofSeconds(20);
    private static final long START_NS = 50_000_000_000L;
    private static final long DURATION_NS = 500_000_000L;

    private final Rig rig = RigLoader.loadDefault();
    private final SensorConfig lidar = rig.sensors().stream()
        .filter((sensor) -> sensor.kind() == SensorKind.LIDAR).findFirst().orElseThrow();
    private final List<Throwable> errors = new CopyOnWriteArrayList<>();
    private long nowNs = START_NS;

    @Test
    void publishesOnlyWhatIsDueAndHoldsMessagesNobodyCanTakeYetLosingNone()
    {
        final EpochNanoClock clock = () -> nowNs;
        final SyntheticRigSource source = new SyntheticRigSource(rig, START_NS, START_NS + DURATION_NS);
        long total = 0;
        for (int i = 0; i < rig.sensorCount(); i++)
        {
            total += source.messageCountBefore(i, START_NS + DURATION_NS);
        }

        // Small buffers, so the LiDAR stream fills within the half second.
        try (Bus bus = Bus.launch(new BusContext().rig(rig).profile(Profile.LAPTOP).bufferWindowNs(1_000)
            .errorHandler(errors::add));
            Subscription fusionInput = bus.addFusionInputSubscription())
        {
            final CountersReader counters = bus.countersReader();
            final RigPublisher publisher = new RigPublisher(bus, source, clock);

            // Nothing is due before the first capture time, but the first message is encoded already, waiting for it.
            final long firstCaptureTimeNs = source.nextCaptureTimeNs();
            nowNs = firstCaptureTimeNs - 1;
            assertEquals(0, publisher.doWork());
            assertTrue(source.nextCaptureTimeNs() > firstCaptureTimeNs, "the first message is taken from the source");
            assertEquals(0, totalOf(counters, BusCounters.PUBLISHER_NOT_CONNECTED_TYPE_ID), "and not offered");
            // Its idle strategy sleeps until then.
            assertEquals(firstCaptureTimeNs, publisher.nextDueNs());

            // All due, nobody subscribed: held, and counted once per message.
            nowNs = START_NS + DURATION_NS;
            publisher.doWork();
            assertTrue(publisher.pendingCount() > 0);
            final long notConnected = totalOf(counters, BusCounters.PUBLISHER_NOT_CONNECTED_TYPE_ID);
            assertEquals(publisher.pendingCount(), notConnected);
            publisher.doWork();
            assertEquals(notConnected, totalOf(counters, BusCounters.PUBLISHER_NOT_CONNECTED_TYPE_ID));
            // Held messages are tried again shortly, not only at the next capture time (here past: more are due).
            assertEquals(Math.min(source.nextCaptureTimeNs(), nowNs + RigPublisher.BACK_PRESSURE_RETRY_NS),
                publisher.nextDueNs());

            // The sequencer subscribes but does not run yet: the LiDAR stream fills and pushes back.
            final Sequencer sequencer = new Sequencer(bus, clock, new CaptureLatency());
            Await.until(
                () -> BusCounters.value(counters, BusCounters.PUBLISHER_BACK_PRESSURE_TYPE_ID, lidar.id()) > 0,
                publisher::doWork,
                TIMEOUT,
                () -> "back pressure on " + lidar.name());
            final long lidarPublished = BusCounters.value(counters, BusCounters.PUBLISHER_MESSAGES_TYPE_ID, lidar.id());
            assertTrue(lidarPublished < source.messageCountBefore(lidar.index(), START_NS + DURATION_NS));

            final FusionInputCollector collector = new FusionInputCollector();
            final long expected = total;
            Await.until(
                () -> publisher.isDone() && collector.count() == expected,
                () -> publisher.doWork() + sequencer.doWork() + collector.poll(fusionInput, 128),
                TIMEOUT,
                () -> collector.count() + " of " + expected);

            for (final SensorConfig sensor : rig.sensors())
            {
                assertEquals(source.messageCountBefore(sensor.index(), START_NS + DURATION_NS),
                    BusCounters.value(counters, BusCounters.PUBLISHER_MESSAGES_TYPE_ID, sensor.id()), sensor.name());
            }
            final long[] nextSequence = new long[rig.sensorCount()];
            for (int n = 0; n < collector.count(); n++)
            {
                assertEquals(n, collector.globalSequences.getLong(n));
                assertEquals(nextSequence[rig.indexOf(collector.sensorIds.getInt(n))]++, collector.sensorSequences.getLong(n));
            }
            assertNull(collector.firstProblem());
            assertTrue(totalOf(counters, BusCounters.PUBLISHER_BACK_PRESSURE_TYPE_ID) > 0);
            assertEquals(Long.MAX_VALUE, publisher.nextDueNs());
            publisher.onClose();
            sequencer.onClose();
        }
        assertEquals(List.of(), errors);
    }

    private long totalOf(final CountersReader counters, final int typeId)
    {
        long total = 0;
        for (final SensorConfig sensor : rig.sensors())
        {
            total += BusCounters.value(counters, typeId, sensor.id());
        }
        return total;
    }
}
