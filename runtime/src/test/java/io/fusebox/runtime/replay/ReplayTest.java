package io.fusebox.runtime.replay;

import io.aeron.FragmentAssembler;
import io.aeron.Subscription;
import io.fusebox.replay.log.DriveLogHeader;
import io.fusebox.replay.log.RecordedStream;
import io.fusebox.runtime.bus.Bus;
import io.fusebox.runtime.bus.Profile;
import io.fusebox.runtime.testing.TestDriveLogs;
import io.fusebox.sensors.codec.SensorKind;
import io.fusebox.sensors.message.FusionInputReader;
import org.agrona.concurrent.Agent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ReplayTest
{
    private static final long MS = 1_000_000L;

    private final StringWriter out = new StringWriter();

    @Test
    void maxRatePublishesEveryMessageAndMeasuresTheSpeedup(@TempDir final Path root)
    {
        final Path drive = TestDriveLogs.record(root, 1000, MS, 4096, false);
        final ReplayReport report = Replay.run(new ReplayContext().drive(drive).rate(ReplayContext.RATE_MAX)
            .profile(Profile.LAPTOP), new PrintWriter(out), () -> true);
        assertEquals(1000, report.messages());
        assertEquals(1000, report.received());
        assertTrue(report.isComplete());
        assertEquals(0.999, report.driveS(), 1e-9);
        assertTrue(report.speedup() > 1, "faster than real time: " + report.speedup());
        assertNull(report.timingErrorNs(), "no schedule at max rate");
        assertFalse(report.verified());
        assertEquals(1, report.passes());
        assertTrue(report.summaryText().contains("pipeline: none attached"), report.summaryText());
    }

    @Test
    void rateOneKeepsTheRecordedScheduleAndReportsTheTimingError(@TempDir final Path root)
    {
        final Path drive = TestDriveLogs.record(root, 500, 2 * MS, 1024, false);
        final ReplayReport report = Replay.run(new ReplayContext().drive(drive).rate(1).profile(Profile.LAPTOP),
            new PrintWriter(out), () -> true);
        assertEquals(500, report.received());
        assertEquals(0.998, report.driveS(), 1e-9);
        assertTrue(report.wallS() >= 0.998 && report.wallS() < 1.5, "on schedule: " + report.wallS() + " s");
        assertEquals(500, report.timingErrorNs().getTotalCount());
        // Catches a schedule that bunches messages (a coarse tick sending them in bursts). The figure asked of replay,
        // p99 <= 1 ms, is a measurement (RecordedDriveTest prints it as FIGURES), not a unit test's bound: on the
        // shared 2-core machine the scheduler alone has put this run's p99 at 5.9 and 8.4 ms.
        final double p99Ms = report.timingErrorNs().getValueAtPercentile(99) / 1e6;
        assertTrue(p99Ms < 20, "p99 timing error " + p99Ms + " ms");
        assertTrue(report.summaryText().contains("timing error at rate 1.0: p50"), report.summaryText());
    }

    @Test
    void doubleRateTakesHalfTheTime(@TempDir final Path root)
    {
        final Path drive = TestDriveLogs.record(root, 400, 2 * MS, 512, false);
        final ReplayReport report = Replay.run(new ReplayContext().drive(drive).rate(2).profile(Profile.LAPTOP),
            new PrintWriter(out), () -> true);
        assertEquals(400, report.received());
        assertTrue(report.wallS() >= 0.398 && report.wallS() < 0.7, "half of 0.8 s: " + report.wallS());
    }

    @Test
    void onlyFromAndToSelectWhatIsReplayed(@TempDir final Path root)
    {
        final Path drive = TestDriveLogs.record(root, 1000, MS, 256, false);
        final CountingPipeline counting = new CountingPipeline();
        final ReplayReport report = Replay.run(new ReplayContext().drive(drive).rate(ReplayContext.RATE_MAX)
            .profile(Profile.LAPTOP).only(EnumSet.of(SensorKind.CAMERA, SensorKind.LIDAR))
            .fromNs(200 * MS).toNs(700 * MS).pipeline(counting), new PrintWriter(out), () -> true);
        // Inputs 200..699, two kinds of five.
        assertEquals(200, report.messages());
        assertEquals(300, report.filtered());
        assertEquals(200, counting.inputs.get());
        assertEquals(0, counting.otherKinds.get(), "only cameras and the LiDAR");
        assertEquals(List.of("counting-pipeline"), report.pipelineAgents());
    }

    @Test
    void loopGoesRoundAgainUntilStopped(@TempDir final Path root)
    {
        final Path drive = TestDriveLogs.record(root, 100, MS, 128, false);
        final AtomicInteger polls = new AtomicInteger();
        final ReplayReport report = Replay.run(new ReplayContext().drive(drive).rate(ReplayContext.RATE_MAX)
            .profile(Profile.LAPTOP).loop(true), new PrintWriter(out), () -> polls.incrementAndGet() < 100);
        assertTrue(report.interrupted());
        assertTrue(report.passes() >= 2, "passes " + report.passes());
        assertTrue(report.messages() >= 200, "messages " + report.messages());
        assertEquals(report.messages(), report.received());
    }

    @Test
    void verifyPassesWhenThePipelineReproducesTheRecordedOutputs(@TempDir final Path root)
    {
        final Path drive = TestDriveLogs.record(root, 600, MS, 256, true);
        final ReplayReport report = Replay.run(new ReplayContext().drive(drive).rate(ReplayContext.RATE_MAX)
            .profile(Profile.LAPTOP).verify(true).pipeline(TestDriveLogs.echoFusion(-1)), new PrintWriter(out), () -> true);
        assertTrue(report.verified(), report.summaryText());
        assertEquals(0, report.divergences());
        assertEquals(60, report.verification().worldModelsCompared());
        assertEquals(60, report.verification().trajectoriesCompared());
        assertEquals(60, report.verification().worldModelsRecorded());
    }

    @Test
    void verifyNamesTheFirstDivergence(@TempDir final Path root)
    {
        final Path drive = TestDriveLogs.record(root, 600, MS, 256, true);
        final ReplayReport report = Replay.run(new ReplayContext().drive(drive).rate(ReplayContext.RATE_MAX)
            .profile(Profile.LAPTOP).verify(true).pipeline(TestDriveLogs.echoFusion(23)), new PrintWriter(out), () -> true);
        assertFalse(report.verified());
        assertEquals(1, report.divergences());
        final var divergence = report.verification().firstDivergence();
        assertNotNull(divergence);
        assertEquals(RecordedStream.WORLD_MODEL, divergence.stream());
        assertEquals(23, divergence.sequence());
        assertEquals("objects[1].x", divergence.field());
        assertTrue(report.summaryText().contains("first divergence: world-model #23 (sequence 23"), report.summaryText());
    }

    @Test
    void verifyWithNothingAttachedSaysNothingWasCompared(@TempDir final Path root)
    {
        final Path drive = TestDriveLogs.record(root, 200, MS, 128, true);
        final ReplayReport report = Replay.run(new ReplayContext().drive(drive).rate(ReplayContext.RATE_MAX)
            .profile(Profile.LAPTOP).verify(true).settleNs(50 * MS), new PrintWriter(out), () -> true);
        assertFalse(report.verified());
        assertEquals(0, report.verification().worldModelsCompared());
        assertEquals(20, report.verification().worldModelsRecorded());
        assertEquals(0, report.verification().worldModelsProduced());
        assertTrue(report.summaryText().contains("world models 0 compared of 20 recorded"), report.summaryText());
    }

    /**
     * Counts what reaches a consumer of the replayed fusion input, and anything of a kind not asked for.
     */
    static final class CountingPipeline implements ReplayPipeline
    {
        final AtomicInteger inputs = new AtomicInteger();
        final AtomicInteger otherKinds = new AtomicInteger();

        public List<? extends Agent> newAgents(final Bus bus, final DriveLogHeader header)
        {
            final Subscription subscription = bus.addFusionInputSubscription();
            final FusionInputReader reader = new FusionInputReader();
            final FragmentAssembler assembler = new FragmentAssembler((buffer, offset, length, h) ->
            {
                reader.wrap(buffer, offset, length);
                inputs.incrementAndGet();
                if (reader.sensorId() != 1 && reader.sensorId() != 31)
                {
                    otherKinds.incrementAndGet();
                }
            });
            return List.of(new Agent()
            {
                public int doWork()
                {
                    return subscription.poll(assembler, 64);
                }

                public void onClose()
                {
                    subscription.close();
                }

                public String roleName()
                {
                    return "counting-pipeline";
                }
            });
        }
    }
}
