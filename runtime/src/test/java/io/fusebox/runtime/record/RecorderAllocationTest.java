package io.fusebox.runtime.record;

import io.aeron.ExclusivePublication;
import io.fusebox.replay.log.DriveLogContext;
import io.fusebox.replay.log.DriveLogWriter;
import io.fusebox.replay.log.RecordedStream;
import io.fusebox.runtime.bus.Bus;
import io.fusebox.runtime.bus.BusContext;
import io.fusebox.runtime.bus.Profile;
import io.fusebox.runtime.testing.Await;
import io.fusebox.runtime.testing.RecordedMessages;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The recording path on one thread (a message out on the bus, the recorder's copy into its ring, the disk
 * agent's append to the drive log) allocates nothing once warm.
 */
class RecorderAllocationTest
{
    private static final int MESSAGES_PER_WINDOW = 2000;

    @Test
    void recordingAllocatesNothingOnceWarm(@TempDir final Path root)
    {
        try (Bus bus = Bus.launch(new BusContext().profile(Profile.LAPTOP)))
        {
            final DriveLogWriter writer = DriveLogWriter.open(new DriveLogContext().rootDirectory(root).startTimeNs(0));
            assertAllocatesNothingOnceWarm(bus, new RecorderAgent(bus, writer, new RecorderContext()));
        }
    }

    @Test
    void snapshotRecordingAllocatesNothingOnceWarm(@TempDir final Path root)
    {
        try (Bus bus = Bus.launch(new BusContext().profile(Profile.LAPTOP)))
        {
            // A ring a fraction of what the windows send: it wraps and evicts for space all along.
            assertAllocatesNothingOnceWarm(bus, new RecorderAgent(bus,
                new SnapshotContext().windowNs(1_000_000_000L).bufferLength(4 << 20),
                new DriveLogContext().rootDirectory(root), new RecorderContext()));
        }
    }

    private static void assertAllocatesNothingOnceWarm(final Bus bus, final RecorderAgent recorder)
    {
        final RecordedMessages messages = new RecordedMessages();
        final UnsafeBuffer small = new UnsafeBuffer(ByteBuffer.allocateDirect(64 * 1024));
        final UnsafeBuffer large = new UnsafeBuffer(ByteBuffer.allocateDirect(64 * 1024));
        final int smallLength = messages.camera(small, 0, 0, 1, 1, 0, 200);
        final int largeLength = messages.camera(large, 0, 0, 1, 31, 0, 30_000);

        final ExclusivePublication fusionInput = bus.fusionInputPublication();
        Await.until(fusionInput::isConnected, Duration.ofSeconds(10), () -> "recorder subscribed");
        for (int i = 0; i < 5; i++)
        {
            window(recorder, fusionInput, small, smallLength, large, largeLength);
        }

        final com.sun.management.ThreadMXBean threads =
            (com.sun.management.ThreadMXBean)ManagementFactory.getThreadMXBean();
        final long threadId = Thread.currentThread().getId();
        long fewest = Long.MAX_VALUE;
        for (int w = 0; w < 5; w++)
        {
            final long before = threads.getThreadAllocatedBytes(threadId);
            window(recorder, fusionInput, small, smallLength, large, largeLength);
            fewest = Math.min(fewest, threads.getThreadAllocatedBytes(threadId) - before);
        }
        assertEquals(0, fewest, "bytes allocated recording " + MESSAGES_PER_WINDOW + " messages");
        assertEquals(10L * MESSAGES_PER_WINDOW, recorder.recorded(RecordedStream.FUSION_INPUT));
        recorder.diskAgent().onClose();
        recorder.onClose();
    }

    private static void window(
        final RecorderAgent recorder,
        final ExclusivePublication publication,
        final UnsafeBuffer small,
        final int smallLength,
        final UnsafeBuffer large,
        final int largeLength)
    {
        for (int i = 0; i < MESSAGES_PER_WINDOW; i++)
        {
            final boolean isLarge = 0 == (i & 7);
            while (publication.offer(isLarge ? large : small, 0, isLarge ? largeLength : smallLength) < 0)
            {
                recorder.doWork();
                recorder.diskAgent().doWork();
            }
            recorder.doWork();
            recorder.diskAgent().doWork();
        }
        while (recorder.doWork() + recorder.diskAgent().doWork() > 0)
        {
            Thread.onSpinWait();
        }
    }
}
