package io.fusebox.runtime.record;

import io.aeron.ExclusivePublication;
import io.aeron.Publication;
import io.fusebox.replay.log.DriveLogContext;
import io.fusebox.replay.log.DriveLogEnd;
import io.fusebox.replay.log.DriveLogReader;
import io.fusebox.replay.log.DriveLogTail;
import io.fusebox.replay.log.DriveLogWriter;
import io.fusebox.replay.log.EntryKind;
import io.fusebox.replay.log.RecordedStream;
import io.fusebox.runtime.bus.AgentThreads;
import io.fusebox.runtime.bus.Bus;
import io.fusebox.runtime.bus.BusContext;
import io.fusebox.runtime.bus.BusCounters;
import io.fusebox.runtime.bus.Profile;
import io.fusebox.runtime.rig.RigPublisher;
import io.fusebox.runtime.sequencer.CaptureLatency;
import io.fusebox.runtime.sequencer.Sequencer;
import io.fusebox.runtime.testing.Await;
import io.fusebox.runtime.testing.RecordedMessages;
import io.fusebox.runtime.testing.ScaledClock;
import io.fusebox.sensors.codec.TrajectoryDecoder;
import io.fusebox.sensors.codec.WorldModelDecoder;
import io.fusebox.sensors.message.FusionInputReader;
import io.fusebox.sensors.message.SyntheticRigSource;
import io.fusebox.sensors.rig.Rig;
import io.fusebox.sensors.rig.RigLoader;
import org.agrona.CloseHelper;
import org.agrona.ExpandableArrayBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RecorderAgentTest
{
    private static final long START_NS = 1_800_000_000_000_000_000L;
    private static final long MS = 1_000_000L;
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final RecordedMessages inputs = new RecordedMessages();
    private final UnsafeBuffer buffer = new UnsafeBuffer(ByteBuffer.allocateDirect(128 * 1024));

    @Test
    void recordsTheWholeRigAndTheOutputsWithZeroLoss(@TempDir final Path root)
    {
        final Rig rig = RigLoader.loadDefault();
        final long durationNs = Long.getLong("fusebox.test.record.seconds", 1) * 1_000_000_000L;
        final SyntheticRigSource source = new SyntheticRigSource(rig, START_NS, START_NS + durationNs);
        long expected = 0;
        for (int i = 0; i < rig.sensorCount(); i++)
        {
            expected += source.messageCountBefore(i, START_NS + durationNs);
        }
        final int outputs = 20;
        final List<Throwable> errors = new CopyOnWriteArrayList<>();
        final Path directory;

        try (Bus bus = Bus.launch(new BusContext().rig(rig).profile(Profile.LAPTOP).errorHandler(errors::add));
            ExclusivePublication worldModels = bus.addWorldModelPublication();
            ExclusivePublication trajectories = bus.addTrajectoryPublication())
        {
            final DriveLogWriter writer = DriveLogWriter.open(
                new DriveLogContext().rootDirectory(root).scenario("synthetic").startTimeNs(START_NS));
            directory = writer.directory();
            final RecorderAgent recorder = new RecorderAgent(bus, writer, new RecorderContext().policy(RecordingPolicy.BLOCK));
            AgentThreads recording = null;
            AgentThreads pipeline = null;
            try
            {
                recording = AgentThreads.start(bus, recorder, recorder.diskAgent());
                Await.until(() -> bus.fusionInputPublication().isConnected() && worldModels.isConnected() &&
                    trajectories.isConnected(), TIMEOUT, () -> "recorder subscribed");
                final ScaledClock clock = new ScaledClock(START_NS, 1);
                final Sequencer sequencer = new Sequencer(bus, clock, new CaptureLatency());
                final RigPublisher publisher = new RigPublisher(bus, source, clock);
                pipeline = AgentThreads.start(bus, publisher, sequencer);

                final ExpandableArrayBuffer output = new ExpandableArrayBuffer();
                for (int i = 0; i < outputs; i++)
                {
                    offer(worldModels, output, inputs.worldModel(output, 0, START_NS + i * MS, i));
                    offer(trajectories, output, inputs.trajectory(output, 0, START_NS + i * MS, i));
                }
                final long total = expected;
                Await.until(() -> recorder.accountedFor(RecordedStream.FUSION_INPUT) == total &&
                    recorder.recorded(RecordedStream.TRAJECTORY) == outputs, TIMEOUT,
                    () -> "recorded " + recorder.recorded(RecordedStream.FUSION_INPUT) + " of " + total);
                assertEquals(expected, BusCounters.value(bus.countersReader(), BusCounters.FUSION_INPUT_MESSAGES_TYPE_ID,
                    rig.bus().fusionInputStreamId()));
                assertEquals(expected, recorder.recorded(RecordedStream.FUSION_INPUT), "zero loss");
                assertEquals(0, recorder.dropped(RecordedStream.FUSION_INPUT));
                assertEquals(expected, BusCounters.value(bus.countersReader(), RecorderAgent.RECORDED_MESSAGES_TYPE_ID,
                    rig.bus().fusionInputStreamId()), "the counter, as read from outside, agrees");
            }
            finally
            {
                CloseHelper.closeAll(pipeline, recording);
            }
        }
        assertEquals(List.of(), errors);

        try (DriveLogReader reader = DriveLogReader.open(directory))
        {
            final FusionInputReader fusionInput = new FusionInputReader();
            final WorldModelDecoder worldModel = new WorldModelDecoder();
            long nextGlobalSequence = 0;
            long nextWorldModel = 0;
            long trajectoriesRead = 0;
            while (reader.next())
            {
                assertEquals(EntryKind.MESSAGE, reader.kind());
                switch (reader.stream())
                {
                    case FUSION_INPUT:
                        assertTrue(fusionInput.wrap(reader.buffer(), reader.offset(), reader.length()));
                        assertEquals(nextGlobalSequence++, fusionInput.globalSequence(), "in sequencer order, none missing");
                        break;
                    case WORLD_MODEL:
                        worldModel.wrap(reader.buffer(), reader.offset() + 8, WorldModelDecoder.BLOCK_LENGTH,
                            WorldModelDecoder.SCHEMA_VERSION);
                        assertEquals(nextWorldModel++, worldModel.sequence());
                        break;
                    case TRAJECTORY:
                        assertEquals(TrajectoryDecoder.TEMPLATE_ID, reader.buffer().getShort(reader.offset() + 2));
                        trajectoriesRead++;
                        break;
                    default:
                        break;
                }
            }
            assertEquals(expected, nextGlobalSequence);
            assertEquals(outputs, nextWorldModel);
            assertEquals(outputs, trajectoriesRead);
            assertEquals(DriveLogTail.COMPLETE, reader.tail());
            assertEquals(expected, reader.end().entries(RecordedStream.FUSION_INPUT));
        }
    }

    @Test
    void dropAndCountNeverHoldsThePublisherBackAndMarksTheGaps(@TempDir final Path root)
    {
        final int published = 240;
        final Path directory;
        final long recordedCount;
        final long droppedCount;
        try (Bus bus = Bus.launch(new BusContext().profile(Profile.LAPTOP)))
        {
            final DriveLogWriter writer = DriveLogWriter.open(new DriveLogContext().rootDirectory(root).startTimeNs(START_NS));
            directory = writer.directory();
            final RecorderAgent recorder = new RecorderAgent(bus, writer, new RecorderContext()
                .policy(RecordingPolicy.DROP_AND_COUNT).bufferLength(RecorderContext.MIN_BUFFER_LENGTH));
            final ExclusivePublication fusionInput = bus.fusionInputPublication();
            Await.until(fusionInput::isConnected, TIMEOUT, () -> "recorder subscribed");

            // Batches of 32 KiB messages, twice what the recorder's 1 MiB buffer holds; the disk runs only
            // between every other batch, so the buffer overflows and the recorder drops.
            for (int batch = 0; batch < published / 60; batch++)
            {
                for (int i = batch * 60; i < (batch + 1) * 60; i++)
                {
                    final int length = inputs.camera(buffer, 0, i, START_NS + i * MS, 1, i, 32 * 1024);
                    // Only the recorder works here, never the disk: the offer gets through once the driver
                    // sees the recorder's position move, so the disk never holds the publisher back.
                    Await.until(() -> fusionInput.offer(buffer, 0, length) > 0, recorder::doWork, TIMEOUT,
                        () -> "offer held back with the disk stopped");
                    while (recorder.doWork() > 0)
                    {
                        Thread.onSpinWait();
                    }
                }
                if (batch % 2 == 1)
                {
                    while (recorder.diskAgent().doWork() > 0)
                    {
                        Thread.onSpinWait();
                    }
                }
            }
            recordedCount = writerEntriesAfterClose(recorder);
            droppedCount = recorder.dropped(RecordedStream.FUSION_INPUT);
            assertTrue(droppedCount > 0, "the buffer overflowed");
            assertEquals(published, recordedCount + droppedCount, "every message recorded or counted as dropped");
            assertEquals(0, recorder.heldBack(RecordedStream.FUSION_INPUT));
            recorder.onClose();
        }

        try (DriveLogReader reader = DriveLogReader.open(directory))
        {
            final FusionInputReader fusionInput = new FusionInputReader();
            long expectedSequence = 0;
            long messages = 0;
            long gaps = 0;
            while (reader.next())
            {
                if (EntryKind.GAP == reader.kind())
                {
                    expectedSequence += reader.droppedMessages();
                    gaps += reader.droppedMessages();
                    continue;
                }
                fusionInput.wrap(reader.buffer(), reader.offset(), reader.length());
                assertEquals(expectedSequence++, fusionInput.globalSequence(), "gap entries account for every drop");
                messages++;
            }
            assertEquals(published, expectedSequence);
            assertEquals(recordedCount, messages);
            assertEquals(droppedCount, gaps);
            assertEquals(droppedCount, reader.end().droppedMessages(RecordedStream.FUSION_INPUT));
        }
    }

    @Test
    void blockHoldsTheStreamBackAndLosesNothing(@TempDir final Path root)
    {
        final int published = 200;
        final Path directory;
        try (Bus bus = Bus.launch(new BusContext().profile(Profile.LAPTOP)))
        {
            final DriveLogWriter writer = DriveLogWriter.open(new DriveLogContext().rootDirectory(root).startTimeNs(START_NS));
            directory = writer.directory();
            final RecorderAgent recorder = new RecorderAgent(bus, writer, new RecorderContext()
                .policy(RecordingPolicy.BLOCK).bufferLength(RecorderContext.MIN_BUFFER_LENGTH));
            final ExclusivePublication fusionInput = bus.fusionInputPublication();
            Await.until(fusionInput::isConnected, TIMEOUT, () -> "recorder subscribed");

            // The disk stays stopped until the publisher has been held back: the recorder must hold, not drop.
            long backPressured = 0;
            int next = 0;
            while (next < published)
            {
                final int length = inputs.camera(buffer, 0, next, START_NS + next * MS, 1, next, 32 * 1024);
                final long result = fusionInput.offer(buffer, 0, length);
                if (result > 0)
                {
                    next++;
                }
                else
                {
                    assertTrue(Publication.BACK_PRESSURED == result || Publication.ADMIN_ACTION == result, "" + result);
                    backPressured++;
                    if (backPressured > 100)
                    {
                        recorder.diskAgent().doWork();
                    }
                }
                recorder.doWork();
            }
            assertTrue(backPressured > 0, "a full buffer held the publisher back");
            assertTrue(recorder.heldBack(RecordedStream.FUSION_INPUT) > 0);
            Await.until(() -> recorder.recorded(RecordedStream.FUSION_INPUT) == published,
                () -> recorder.doWork() + recorder.diskAgent().doWork(), TIMEOUT, () -> "all recorded");
            assertEquals(0, recorder.dropped(RecordedStream.FUSION_INPUT));
            recorder.diskAgent().onClose();
            recorder.onClose();
        }
        assertEquals(published, countMessages(directory));
    }

    @Test
    void theSizeCapStopsTheRecordingCountsAndSaysSo(@TempDir final Path root)
    {
        final int published = 100;
        final List<Throwable> errors = new CopyOnWriteArrayList<>();
        final Path directory;
        try (Bus bus = Bus.launch(new BusContext().profile(Profile.LAPTOP).errorHandler(errors::add)))
        {
            final DriveLogWriter writer = DriveLogWriter.open(new DriveLogContext().rootDirectory(root)
                .startTimeNs(START_NS).maxBytes(DriveLogContext.MIN_MAX_BYTES));
            directory = writer.directory();
            final RecorderAgent recorder = new RecorderAgent(bus, writer, new RecorderContext());
            final ExclusivePublication fusionInput = bus.fusionInputPublication();
            Await.until(fusionInput::isConnected, TIMEOUT, () -> "recorder subscribed");
            for (int i = 0; i < published; i++)
            {
                final int length = inputs.camera(buffer, 0, i, START_NS + i * MS, 1, i, 32 * 1024);
                while (fusionInput.offer(buffer, 0, length) < 0)
                {
                    recorder.doWork();
                    recorder.diskAgent().doWork();
                }
            }
            Await.until(() -> recorder.accountedFor(RecordedStream.FUSION_INPUT) == published,
                () -> recorder.doWork() + recorder.diskAgent().doWork(), TIMEOUT, () -> "all accounted for");
            final long refused = recorder.refused(RecordedStream.FUSION_INPUT);
            assertTrue(refused > 0 && refused < published, "refused " + refused);
            assertEquals(1, errors.size(), "said once: " + errors);
            assertTrue(errors.get(0).getMessage().contains("size cap"), errors.get(0).getMessage());
            recorder.diskAgent().onClose();
            recorder.onClose();
            assertEquals(published - refused, countMessages(directory));
        }
        try (DriveLogReader reader = DriveLogReader.open(directory))
        {
            while (reader.next())
            {
                assertNotEquals(EntryKind.GAP, reader.kind());
            }
            assertEquals(DriveLogEnd.Reason.SIZE_CAP, reader.end().reason());
        }
    }

    private static long writerEntriesAfterClose(final RecorderAgent recorder)
    {
        recorder.diskAgent().onClose();
        return ((RecorderDiskAgent)recorder.diskAgent()).writer().entries(RecordedStream.FUSION_INPUT);
    }

    private static long countMessages(final Path directory)
    {
        try (DriveLogReader reader = DriveLogReader.open(directory))
        {
            long count = 0;
            while (reader.next())
            {
                count += EntryKind.MESSAGE == reader.kind() ? 1 : 0;
            }
            assertEquals(DriveLogTail.COMPLETE, reader.tail());
            return count;
        }
    }

    private static void offer(final ExclusivePublication publication, final ExpandableArrayBuffer buffer, final int length)
    {
        Await.until(() -> publication.offer(buffer, 0, length) > 0, TIMEOUT, () -> "offer to " + publication.streamId());
    }
}
