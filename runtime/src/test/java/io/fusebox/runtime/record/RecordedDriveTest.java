package io.fusebox.runtime.record;

import io.fusebox.replay.inspect.DriveLogInspection;
import io.fusebox.replay.inspect.SensorFigures;
import io.fusebox.replay.log.DriveLogContext;
import io.fusebox.replay.log.DriveLogWriter;
import io.fusebox.replay.log.RecordedStream;
import io.fusebox.runtime.bus.AgentThreads;
import io.fusebox.runtime.bus.Bus;
import io.fusebox.runtime.bus.BusContext;
import io.fusebox.runtime.bus.BusCounters;
import io.fusebox.runtime.bus.Profile;
import io.fusebox.runtime.replay.Replay;
import io.fusebox.runtime.replay.ReplayContext;
import io.fusebox.runtime.replay.ReplayReport;
import io.fusebox.runtime.rig.RigPublisher;
import io.fusebox.runtime.sequencer.CaptureLatency;
import io.fusebox.runtime.sequencer.Sequencer;
import io.fusebox.runtime.testing.Await;
import io.fusebox.sensors.message.SensorMessageSource;
import io.fusebox.sensors.rig.Rig;
import io.fusebox.sensors.rig.RigLoader;
import io.fusebox.sensors.sim.RigSimulator;
import io.fusebox.sensors.sim.ScenarioCatalog;
import org.agrona.CloseHelper;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.OffsetEpochNanoClock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A simulated drive of a scenario, live on the bus, recorded as {@code fusebox drive} will record it;
 * then {@code info} on the log and replays of it. Zero loss: every message the rig published is in the
 * log, sensor by sensor. Prints the figures (recording rate, replay speedup, rate-1 timing error).
 * {@code -Dfusebox.test.record.drive.seconds=60 -Dfusebox.test.record.scenario=urban-intersection} gives
 * the long run.
 */
class RecordedDriveTest
{
    private static final long SECONDS = Long.getLong("fusebox.test.record.drive.seconds", 2);
    private static final String SCENARIO = System.getProperty("fusebox.test.record.scenario", "urban-intersection");
    private static final Path KEEP = null == System.getProperty("fusebox.test.record.keep") ? null :
        Path.of(System.getProperty("fusebox.test.record.keep"));

    @Test
    void recordsADriveWithZeroLossAndReplaysIt(@TempDir final Path temp)
    {
        final Path root = null == KEEP ? temp : KEEP;
        final Rig rig = RigLoader.loadDefault();
        final List<Throwable> errors = new CopyOnWriteArrayList<>();
        final OffsetEpochNanoClock clock = new OffsetEpochNanoClock();
        final Path directory;
        final long published;
        final long[] publishedBySensor = new long[rig.sensorCount()];
        final double recordWallS;

        try (Bus bus = Bus.launch(new BusContext().rig(rig).profile(Profile.LAPTOP).errorHandler(errors::add)))
        {
            final DriveLogWriter writer = DriveLogWriter.open(new DriveLogContext().rootDirectory(root)
                .scenario(SCENARIO).seed(42).startTimeNs(clock.nanoTime()));
            directory = writer.directory();
            final RecorderAgent recorder = new RecorderAgent(bus, writer, new RecorderContext().policy(RecordingPolicy.BLOCK));
            // The first capture is due once everything is up, so the drive starts on schedule, not with a burst.
            final long startNs = clock.nanoTime() + 1_000_000_000L;
            final long endNs = startNs + SECONDS * 1_000_000_000L;
            final Sequencer sequencer = new Sequencer(bus, clock, new CaptureLatency());
            final RigPublisher publisher = new RigPublisher(bus,
                new Window(new RigSimulator(rig, ScenarioCatalog.byName(SCENARIO), 42, startNs), endNs), clock);
            AgentThreads recording = null;
            AgentThreads pipeline = null;
            AgentThreads sensors = null;
            final long wallStartNs = System.nanoTime();
            try
            {
                recording = AgentThreads.start(bus, recorder, recorder.diskAgent());
                pipeline = AgentThreads.start(bus, sequencer);
                sensors = AgentThreads.start(bus, publisher);
                // Counters, not the sequencer's fields: they are what another thread can read exactly.
                Await.until(() -> publisher.isDone() && allForwarded(bus, rig) &&
                    recorder.accountedFor(RecordedStream.FUSION_INPUT) == fusionInputsPublished(bus),
                    Duration.ofSeconds(SECONDS * 4 + 30), () -> "drive recorded");
                recordWallS = (System.nanoTime() - wallStartNs) / 1e9;
                published = fusionInputsPublished(bus);
                for (int i = 0; i < rig.sensorCount(); i++)
                {
                    publishedBySensor[i] = BusCounters.value(bus.countersReader(), BusCounters.PUBLISHER_MESSAGES_TYPE_ID,
                        rig.sensor(i).id());
                }
                assertEquals(published, recorder.recorded(RecordedStream.FUSION_INPUT), "zero loss");
                assertEquals(0, recorder.dropped(RecordedStream.FUSION_INPUT));
            }
            finally
            {
                CloseHelper.closeAll(sensors, pipeline, recording);
            }
        }
        assertEquals(List.of(), errors);

        final DriveLogInspection inspection = DriveLogInspection.inspect(directory);
        assertFalse(inspection.isTorn());
        assertEquals(published, inspection.stream(RecordedStream.FUSION_INPUT).messages());
        assertEquals(0, inspection.globalSequenceGaps());
        for (final SensorFigures sensor : inspection.sensors())
        {
            assertEquals(publishedBySensor[rig.indexOf(sensor.sensorId())], sensor.messages(), "info agrees: " + sensor);
            assertEquals(0, sensor.gaps(), sensor.toString());
            // Over the sensor's capture window the rate is its nominal one: every message captured on schedule.
            final double nominalHz = rig.sensor(rig.indexOf(sensor.sensorId())).messageRateHz();
            assertEquals(nominalHz, sensor.ratePerSecond(), nominalHz * 1e-3, sensor.toString());
        }
        assertEquals(rig.sensorCount(), inspection.sensors().size());
        final double megabytes = inspection.stream(RecordedStream.FUSION_INPUT).bytes() / 1e6;
        System.out.printf(Locale.ROOT, "FIGURES record: %s %.1f s of drive, %d fusion inputs, %.1f MB (%.1f MB/s, %.0f msg/s) " +
            "recorded with zero loss in %.1f s wall; %.1f MB on disk; %s%n", SCENARIO, inspection.durationS(), published,
            megabytes, megabytes / inspection.durationS(), published / inspection.durationS(), recordWallS,
            inspection.sizeOnDisk() / 1e6, directory);

        final ReplayReport max = Replay.run(new ReplayContext().drive(directory).rate(ReplayContext.RATE_MAX)
            .profile(Profile.LAPTOP), new PrintWriter(new StringWriter()), () -> true);
        assertEquals(published, max.messages());
        assertTrue(max.isComplete());
        System.out.printf(Locale.ROOT, "FIGURES replay --rate max: %d messages, %.3f s of drive in %.3f s wall: %.1fx%n",
            max.messages(), max.driveS(), max.wallS(), max.speedup());

        final long rateOneNs = Math.min(SECONDS, 10) * 1_000_000_000L;
        final ReplayReport one = Replay.run(new ReplayContext().drive(directory).rate(1).toNs(rateOneNs)
            .profile(Profile.LAPTOP), new PrintWriter(new StringWriter()), () -> true);
        assertTrue(one.isComplete());
        System.out.printf(Locale.ROOT, "FIGURES replay --rate 1 --to %ds: %d messages in %.3f s wall; timing error " +
            "p50 %.3f ms, p99 %.3f ms, p99.9 %.3f ms, max %.3f ms%n", rateOneNs / 1_000_000_000L, one.messages(),
            one.wallS(), one.timingErrorNs().getValueAtPercentile(50) / 1e6,
            one.timingErrorNs().getValueAtPercentile(99) / 1e6, one.timingErrorNs().getValueAtPercentile(99.9) / 1e6,
            one.timingErrorNs().getMaxValue() / 1e6);
    }

    static long fusionInputsPublished(final Bus bus)
    {
        return BusCounters.value(bus.countersReader(), BusCounters.FUSION_INPUT_MESSAGES_TYPE_ID,
            bus.rig().bus().fusionInputStreamId());
    }

    static boolean allForwarded(final Bus bus, final Rig rig)
    {
        for (int i = 0; i < rig.sensorCount(); i++)
        {
            final int id = rig.sensor(i).id();
            if (BusCounters.value(bus.countersReader(), BusCounters.PUBLISHER_MESSAGES_TYPE_ID, id) !=
                BusCounters.value(bus.countersReader(), BusCounters.SEQUENCER_MESSAGES_TYPE_ID, id))
            {
                return false;
            }
        }
        return true;
    }

    /**
     * Ends the simulated rig at the close of the drive, as the drive does.
     */
    static final class Window implements SensorMessageSource
    {
        private final SensorMessageSource source;
        private final long endNs;

        Window(final SensorMessageSource source, final long endNs)
        {
            this.source = source;
            this.endNs = endNs;
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
}
