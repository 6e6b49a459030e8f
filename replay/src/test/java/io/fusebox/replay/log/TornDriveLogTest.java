package io.fusebox.replay.log;

import io.fusebox.replay.inspect.DriveLogInspection;
import io.fusebox.replay.testing.ChildJvm;
import io.fusebox.sensors.message.FusionInputReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A drive log whose writer is killed with SIGKILL, for real, in a child JVM: readable up to its last
 * whole entry, and said to be torn.
 */
class TornDriveLogTest
{
    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    @Test
    void killedWhileRecordingIsReadableToItsLastWholeEntryAndTorn(@TempDir final Path root) throws Exception
    {
        final Path directory = root.resolve("killed-drive");
        final long reported;
        try (ChildJvm child = new ChildJvm(TornLogWriter.class, "continuous", directory.toString()))
        {
            child.awaitLine("recorded 5000", TIMEOUT);
            reported = Long.parseLong(child.awaitLine("recorded ", TIMEOUT).substring("recorded ".length()));
            assertEquals(137, child.kill(), "killed by SIGKILL");
        }

        final long read = assertReadableAndContiguous(directory);
        assertTrue(read >= reported, "every entry the writer had finished is there: read " + read + ", reported " + reported);

        final DriveLogInspection inspection = DriveLogInspection.inspect(directory);
        assertTrue(inspection.isTorn(), "info says torn: " + inspection.tail());
        assertNull(inspection.end());
        assertEquals(read, inspection.stream(RecordedStream.FUSION_INPUT).messages());
        assertEquals(0, inspection.malformedEntries());
    }

    @Test
    void killedInsideAnEntryLeavesThatEntryUnreadAndSaysSo(@TempDir final Path root) throws Exception
    {
        final Path directory = root.resolve("killed-inside-entry");
        try (ChildJvm child = new ChildJvm(TornLogWriter.class, "inside-entry", directory.toString(), "1234"))
        {
            child.awaitLine("inside entry", TIMEOUT);
            assertEquals(137, child.kill());
        }

        assertEquals(1234, assertReadableAndContiguous(directory));
        try (DriveLogReader reader = DriveLogReader.open(directory))
        {
            while (reader.next())
            {
                assertEquals(RecordedStream.FUSION_INPUT, reader.stream());
            }
            assertEquals(DriveLogTail.TORN_MID_ENTRY, reader.tail());
        }
        assertEquals(DriveLogTail.TORN_MID_ENTRY, DriveLogInspection.inspect(directory).tail());
    }

    private static long assertReadableAndContiguous(final Path directory)
    {
        try (DriveLogReader reader = DriveLogReader.open(directory))
        {
            assertEquals("killed", reader.header().scenario());
            final FusionInputReader fusionInput = new FusionInputReader();
            long count = 0;
            while (reader.next())
            {
                assertTrue(fusionInput.wrap(reader.buffer(), reader.offset(), reader.length()));
                assertEquals(count, fusionInput.globalSequence(), "whole entries, in order, none missing");
                count++;
            }
            assertTrue(reader.tail().isTorn(), reader.tail().toString());
            assertEquals(0, reader.malformedEntries());
            return count;
        }
    }
}
