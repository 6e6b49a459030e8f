package io.fusebox.runtime.record;

import io.fusebox.planner.PlannerContext;
import io.fusebox.replay.inspect.DriveLogInspection;
import io.fusebox.replay.log.DriveLogContext;
import io.fusebox.replay.log.DriveLogReader;
import io.fusebox.replay.log.EntryKind;
import io.fusebox.replay.log.RecordedStream;
import io.fusebox.runtime.bus.AgentThreads;
import io.fusebox.runtime.bus.Bus;
import io.fusebox.runtime.bus.BusContext;
import io.fusebox.runtime.bus.BusCounters;
import io.fusebox.runtime.bus.Profile;
import io.fusebox.runtime.cli.FuseboxCommand;
import io.fusebox.runtime.fusion.FusionAgent;
import io.fusebox.runtime.fusion.FusionContext;
import io.fusebox.runtime.fusion.FusionCounters;
import io.fusebox.runtime.planning.PlannerAgent;
import io.fusebox.runtime.planning.PlannerAgentContext;
import io.fusebox.runtime.planning.ScenarioLaneMaps;
import io.fusebox.runtime.rig.RigPublisher;
import io.fusebox.runtime.sequencer.CaptureLatency;
import io.fusebox.runtime.sequencer.Sequencer;
import io.fusebox.runtime.testing.Await;
import io.fusebox.sensors.message.FusionInputReader;
import io.fusebox.sensors.rig.Rig;
import io.fusebox.sensors.rig.RigLoader;
import io.fusebox.sensors.sim.RigSimulator;
import io.fusebox.sensors.sim.Scenario;
import io.fusebox.sensors.sim.ScenarioCatalog;
import org.agrona.CloseHelper;
import org.agrona.concurrent.OffsetEpochNanoClock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Snapshot mode on a real drive (rig, sequencer, fusion, recorder on an embedded driver): triggered once the
 * drive has drained, the snapshot is an ordinary drive log that {@code info} reads and {@code replay --verify}
 * verifies through fusion (when the window reaches back to the drive's start), or that holds only the last
 * window (when it does not). And the command line: {@code drive --snapshot} written on SIGUSR2.
 */
class SnapshotRecorderTest
{
    private static final String SCENARIO = "highway-cruise";
    private static final long SECOND_NS = TimeUnit.SECONDS.toNanos(1);

    @Test
    void aSnapshotOfTheWholeDriveReplaysVerified(@TempDir final Path root) throws Exception
    {
        final SnapshotContext snapshot = new SnapshotContext().windowNs(30 * SECOND_NS).bufferLength(128 << 20);
        final Drove drove = drive(root, snapshot, 3);

        final DriveLogInspection inspection = DriveLogInspection.inspect(drove.snapshot);
        assertTrue(drove.snapshot.startsWith(root.resolve(SnapshotContext.SNAPSHOT_FOLDER)), drove.snapshot.toString());
        assertFalse(inspection.isTorn());
        assertEquals(drove.fusionInputs, inspection.stream(RecordedStream.FUSION_INPUT).messages(), "the whole drive");
        assertEquals(drove.worldModels, inspection.stream(RecordedStream.WORLD_MODEL).messages());
        assertEquals(0, inspection.globalSequenceGaps());
        assertEquals(SCENARIO, inspection.header().scenario());

        final StringWriter out = new StringWriter();
        final CommandLine replay = FuseboxCommand.commandLine();
        replay.setOut(new PrintWriter(out));
        assertEquals(0, replay.execute("replay", drove.snapshot.toString(), "--rate", "max", "--verify"), out.toString());
        assertTrue(out.toString().contains("world models " + drove.worldModels + " compared of " + drove.worldModels +
            " recorded"), out.toString());
        assertTrue(out.toString().contains("VERIFIED"), out.toString());

        final ExecutionException late = assertThrows(ExecutionException.class,
            () -> snapshot.trigger().request().get(10, TimeUnit.SECONDS));
        assertTrue(late.getCause().getMessage().contains("the recorder has closed"), late.getCause().getMessage());
    }

    @Test
    void aSnapshotHoldsOnlyTheLastWindowAndStillReplays(@TempDir final Path root) throws Exception
    {
        // A ring smaller than the window would need: the oldest go early, counted, and the snapshot is shorter.
        final Drove drove = drive(root, new SnapshotContext().windowNs(SECOND_NS).bufferLength(64 << 20), 3);

        final DriveLogInspection inspection = DriveLogInspection.inspect(drove.snapshot);
        assertFalse(inspection.isTorn());
        assertTrue(inspection.durationS() <= 1.0 && inspection.durationS() > 0.9, "about the last second: " +
            inspection.durationS());
        final long messages = inspection.stream(RecordedStream.FUSION_INPUT).messages();
        assertTrue(messages < drove.fusionInputs / 2, messages + " of " + drove.fusionInputs);
        assertEquals(0, inspection.globalSequenceGaps());
        assertEquals(drove.fusionInputs - messages, firstGlobalSequence(drove.snapshot), "the last of the drive");

        final StringWriter out = new StringWriter();
        final CommandLine replay = FuseboxCommand.commandLine();
        replay.setOut(new PrintWriter(out));
        assertEquals(0, replay.execute("replay", drove.snapshot.toString(), "--rate", "max"), out.toString());
        assertTrue(out.toString().contains("replayed " + messages + " fusion inputs"), out.toString());
    }

    @Test
    void driveSnapshotIsWrittenOnSigusr2(@TempDir final Path root) throws Exception
    {
        final StringWriter out = new StringWriter();
        final CommandLine commandLine = FuseboxCommand.commandLine();
        commandLine.setOut(new PrintWriter(out, true));
        final Thread drive = new Thread(() -> commandLine.execute("drive", "--scenario", SCENARIO, "--duration", "3s",
            "--snapshot", "30s", "--drives", root.toString()));
        drive.start();
        Await.until(() -> out.toString().contains("[  1.0s]"), Duration.ofSeconds(60), out::toString);
        assertTrue(out.toString().contains("snapshot mode: keeping the last 30.000 s of the drive in memory"),
            out.toString());
        new ProcessBuilder("kill", "-" + SnapshotTrigger.SIGNAL_NAME, Long.toString(ProcessHandle.current().pid()))
            .inheritIO().start().waitFor();
        Await.until(() -> out.toString().contains("snapshot written to"), Duration.ofSeconds(60), out::toString);
        drive.join(TimeUnit.SECONDS.toMillis(60));
        assertFalse(drive.isAlive());

        final List<Path> snapshots;
        try (Stream<Path> folders = Files.list(root.resolve(SnapshotContext.SNAPSHOT_FOLDER)))
        {
            snapshots = folders.toList();
        }
        assertEquals(1, snapshots.size(), snapshots.toString());
        final DriveLogInspection inspection = DriveLogInspection.inspect(snapshots.get(0));
        assertFalse(inspection.isTorn());
        assertTrue(inspection.durationS() > 0.5 && inspection.durationS() < 3, "triggered mid-drive: " +
            inspection.durationS());
        try (Stream<Path> folders = Files.list(root))
        {
            assertEquals(List.of(root.resolve(SnapshotContext.SNAPSHOT_FOLDER)), folders.toList(),
                "snapshot mode writes no whole-drive log");
        }
    }

    /**
     * What a drive left: its snapshot and its figures.
     */
    private record Drove(Path snapshot, long fusionInputs, long worldModels)
    {
    }

    /**
     * Drives the scenario for {@code seconds}, waits until fusion and the recorder have taken everything, then
     * triggers the snapshot and closes the recorder.
     */
    private static Drove drive(final Path root, final SnapshotContext snapshot, final long seconds) throws Exception
    {
        final Rig rig = RigLoader.loadDefault();
        final List<Throwable> errors = new CopyOnWriteArrayList<>();
        final OffsetEpochNanoClock clock = new OffsetEpochNanoClock();
        final Path written;
        final long published;
        final long worldModels;
        try (Bus bus = Bus.launch(new BusContext().rig(rig).profile(Profile.LAPTOP).errorHandler(errors::add)))
        {
            final DriveLogContext log = new DriveLogContext().rootDirectory(root).scenario(SCENARIO).seed(42)
                .rig(rig.source(), rig.text());
            final RecorderAgent recorder = new RecorderAgent(bus, snapshot, log, new RecorderContext());
            final FusionAgent fusion = new FusionAgent(bus, new FusionContext().rig(rig));
            final long startNs = clock.nanoTime() + SECOND_NS;
            final long endNs = startNs + seconds * SECOND_NS;
            final Sequencer sequencer = new Sequencer(bus, clock, new CaptureLatency());
            final Scenario scenario = ScenarioCatalog.byName(SCENARIO);
            final RigSimulator simulator = new RigSimulator(rig, scenario, 42, startNs);
            // The planner as a drive runs it (replay runs it too): no watchdog, so nothing depends on the wall clock.
            final PlannerAgent planner = new PlannerAgent(bus, new PlannerAgentContext()
                .plannerContext(new PlannerContext().vehicle(rig.vehicle()))
                .laneMap(ScenarioLaneMaps.inOdometryFrame(scenario, startNs, simulator.world().ego()))
                .clock(null));
            final RigPublisher publisher = new RigPublisher(bus, new RecordedDriveTest.Window(simulator, endNs), clock);
            AgentThreads recording = null;
            AgentThreads fusionThreads = null;
            AgentThreads pipeline = null;
            AgentThreads sensors = null;
            try
            {
                recording = AgentThreads.start(bus, recorder, recorder.diskAgent());
                fusionThreads = AgentThreads.start(bus, fusion, planner);
                pipeline = AgentThreads.start(bus, sequencer);
                sensors = AgentThreads.start(bus, publisher);
                final int worldModelStreamId = rig.bus().worldModelStreamId();
                Await.until(() -> publisher.isDone() && RecordedDriveTest.allForwarded(bus, rig) &&
                    recorder.accountedFor(RecordedStream.FUSION_INPUT) == RecordedDriveTest.fusionInputsPublished(bus) &&
                    BusCounters.value(bus.countersReader(), FusionCounters.INPUTS_TYPE_ID, worldModelStreamId) ==
                    RecordedDriveTest.fusionInputsPublished(bus) &&
                    BusCounters.value(bus.countersReader(), FusionCounters.WORLD_MODELS_TYPE_ID, worldModelStreamId) ==
                    recorder.recorded(RecordedStream.WORLD_MODEL),
                    Duration.ofSeconds(seconds * 4 + 30), () -> "drive recorded and fused");
                published = RecordedDriveTest.fusionInputsPublished(bus);
                worldModels = recorder.recorded(RecordedStream.WORLD_MODEL);
                assertEquals(0, recorder.dropped(RecordedStream.FUSION_INPUT));
                written = snapshot.trigger().request().get(60, TimeUnit.SECONDS);
                assertEquals(1, BusCounters.value(bus.countersReader(), SnapshotDiskAgent.SNAPSHOTS_TYPE_ID,
                    rig.bus().fusionInputStreamId()));
            }
            finally
            {
                CloseHelper.closeAll(sensors, pipeline, fusionThreads, recording);
            }
        }
        assertEquals(List.of(), errors);
        return new Drove(written, published, worldModels);
    }

    private static long firstGlobalSequence(final Path drive)
    {
        final FusionInputReader input = new FusionInputReader();
        try (DriveLogReader reader = DriveLogReader.open(drive))
        {
            while (reader.next())
            {
                if (EntryKind.MESSAGE == reader.kind() && RecordedStream.FUSION_INPUT == reader.stream() &&
                    input.wrap(reader.buffer(), reader.offset(), reader.length()))
                {
                    return input.globalSequence();
                }
            }
        }
        return -1;
    }
}
