package io.fusebox.runtime.record;

import io.fusebox.replay.inspect.DriveLogInspection;
import io.fusebox.replay.log.RecordedStream;
import io.fusebox.runtime.bus.BusContext;
import io.fusebox.runtime.bus.Profile;
import io.fusebox.runtime.replay.Replay;
import io.fusebox.runtime.replay.ReplayContext;
import io.fusebox.runtime.replay.ReplayReport;
import io.fusebox.replay.testing.ChildJvm;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A recording process killed with SIGKILL mid-drive, for real: the whole rig on a bus in a child JVM,
 * recorded by the recorder until the kill. The log is readable up to its last whole entry, info says it is
 * torn, and replay replays what is there.
 */
class KilledRecordingTest
{
    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    @Test
    void aDriveKilledMidRecordingIsTornAndReplaysWhatIsThere(@TempDir final Path root) throws Exception
    {
        final Path directory = root.resolve("killed-drive");
        long reported = 0;
        try (ChildJvm child = new ChildJvm(
            List.of("-D" + BusContext.EMBEDDED_DRIVER_PARENT_DIR_PROP_NAME + "=" + root), RecordingChild.class,
            directory.toString()))
        {
            while (reported < 2000)
            {
                reported = Long.parseLong(child.awaitLine("recorded ", TIMEOUT).substring("recorded ".length()));
            }
            assertEquals(137, child.kill());
        }

        final DriveLogInspection inspection = DriveLogInspection.inspect(directory);
        assertTrue(inspection.isTorn(), "info says torn: " + inspection.tail());
        assertNull(inspection.end());
        final long recorded = inspection.stream(RecordedStream.FUSION_INPUT).messages();
        assertTrue(recorded >= reported, recorded + " >= " + reported);
        assertEquals(0, inspection.globalSequenceGaps(), "whole entries in sequencer order up to the kill");
        assertEquals(0, inspection.malformedEntries());
        assertEquals("killed-drive", inspection.header().scenario());

        final StringWriter out = new StringWriter();
        final ReplayReport report = Replay.run(new ReplayContext().drive(directory).rate(ReplayContext.RATE_MAX)
            .profile(Profile.LAPTOP), new PrintWriter(out), () -> true);
        assertEquals(recorded, report.messages(), "replay replays what is there");
        assertEquals(recorded, report.received());
        assertTrue(report.tail().isTorn());
        assertTrue(report.summaryText().contains("the log is torn"), report.summaryText());
    }
}
