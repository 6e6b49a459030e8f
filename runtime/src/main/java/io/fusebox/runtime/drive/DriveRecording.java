package io.fusebox.runtime.drive;

import io.fusebox.replay.log.DriveLogContext;
import io.fusebox.replay.log.DriveLogWriter;
import io.fusebox.replay.log.RecordedStream;
import io.fusebox.runtime.bus.AgentThreads;
import io.fusebox.runtime.bus.Bus;
import io.fusebox.runtime.control.RecordingControl;
import io.fusebox.runtime.record.RecorderAgent;
import io.fusebox.runtime.record.RecorderContext;
import io.fusebox.runtime.record.SnapshotContext;
import org.agrona.CloseHelper;
import org.agrona.concurrent.EpochNanoClock;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * The recording of a live drive, which can be stopped and started again while the drive runs (by the control
 * plane): each start opens a new drive log under the drive's record root and runs a {@link RecorderAgent} and its
 * disk agent on threads of their own; each stop closes them, which writes what the recorder holds and the log's
 * end marker. In snapshot mode the recorder keeps the drive's last window in a ring for the whole drive: it can be
 * stopped, not restarted (its trigger closes with it). Thread-safe: the drive's thread and the control plane's worker may both call it.
 */
final class DriveRecording implements RecordingControl, AutoCloseable
{
    private final Bus bus;
    private final DriveContext context;
    private final String scenario;
    private final EpochNanoClock clock;
    private final LongSupplier fusionInputs;
    private final PrintWriter out;
    private boolean hasStarted;
    private RecorderAgent recorder;
    private Path directory;
    private long fusionInputsAtStart;
    private AgentThreads recordingThreads;
    private AgentThreads diskThreads;

    /**
     * @param fusionInputs how many fusion inputs the drive has published so far (the sequencer's next sequence).
     * @param out          where a snapshot recorder reports its snapshots.
     */
    DriveRecording(
        final Bus bus,
        final DriveContext context,
        final String scenario,
        final EpochNanoClock clock,
        final LongSupplier fusionInputs,
        final PrintWriter out)
    {
        this.bus = bus;
        this.context = context;
        this.scenario = scenario;
        this.clock = clock;
        this.fusionInputs = fusionInputs;
        this.out = out;
    }

    public synchronized Path startRecording()
    {
        if (null == context.recordRoot())
        {
            throw new IllegalStateException("this drive has no folder to record into (it was started with --no-record)");
        }
        if (null != recorder)
        {
            throw new IllegalStateException("already recording to " + directory);
        }
        if (hasStarted && null != context.snapshot())
        {
            throw new IllegalStateException("snapshot mode records into its ring for the whole drive: take a " +
                "snapshot (POST /api/snapshot) instead of restarting it");
        }
        final DriveLogContext log = new DriveLogContext()
            .rootDirectory(context.recordRoot())
            .scenario(scenario)
            .seed(context.seed())
            .rig(context.rig().source(), context.rig().text())
            .startTimeNs(clock.nanoTime());
        fusionInputsAtStart = fusionInputs.getAsLong();
        if (null != context.snapshot())
        {
            recorder = new RecorderAgent(bus, context.snapshot().progress(line ->
            {
                out.println(line);
                out.flush();
            }), log, new RecorderContext());
            directory = context.recordRoot().resolve(SnapshotContext.SNAPSHOT_FOLDER);
        }
        else
        {
            final DriveLogWriter writer = DriveLogWriter.open(log);
            recorder = new RecorderAgent(bus, writer, new RecorderContext());
            directory = writer.directory();
        }
        hasStarted = true;
        // The disk agent on a thread of its own: a slow write (a new cycle file mapped, a page fault) then only
        // fills the ring instead of stopping the recorder's reading.
        recordingThreads = AgentThreads.start(bus, recorder);
        diskThreads = AgentThreads.start(bus, recorder.diskAgent());
        return directory;
    }

    public synchronized Path stopRecording()
    {
        if (null == recorder)
        {
            throw new IllegalStateException("not recording");
        }
        final Path stopped = directory;
        close();
        return stopped;
    }

    /**
     * @return what the recorder says it does (the drive log's folder, or the snapshot ring and its trigger).
     */
    synchronized String describe()
    {
        return null == recorder ? "not recording" : recorder.describe();
    }

    public synchronized Path recordingDirectory()
    {
        return directory;
    }

    /**
     * At the end of the drive: waits until the recorder has taken every fusion input published since it started
     * (or stops making progress), then prints what it recorded. Nothing when not recording.
     */
    synchronized void awaitRecorded(final PrintWriter out) throws InterruptedException
    {
        if (null == recorder)
        {
            return;
        }
        final long expected = fusionInputs.getAsLong() - fusionInputsAtStart;
        final long deadlineNs = System.nanoTime() + DriveContext.DRAIN_TIMEOUT_NS;
        long accounted = -1;
        long lastProgressNs = System.nanoTime();
        while (recorder.accountedFor(RecordedStream.FUSION_INPUT) < expected && System.nanoTime() < deadlineNs)
        {
            final long now = recorder.accountedFor(RecordedStream.FUSION_INPUT);
            if (now != accounted)
            {
                accounted = now;
                lastProgressNs = System.nanoTime();
            }
            else if (0 != fusionInputsAtStart && System.nanoTime() - lastProgressNs > TimeUnit.MILLISECONDS.toNanos(200))
            {
                // Started mid-drive: inputs published while it subscribed are not its to wait for.
                break;
            }
            TimeUnit.MILLISECONDS.sleep(5);
        }
        out.printf("recorded %d fusion inputs, %d world models, %d trajectories; dropped %d%n",
            recorder.recorded(RecordedStream.FUSION_INPUT), recorder.recorded(RecordedStream.WORLD_MODEL),
            recorder.recorded(RecordedStream.TRAJECTORY), recorder.dropped(RecordedStream.FUSION_INPUT));
    }

    /**
     * Stops the recording if one runs: the recorder first, then its disk agent, which drains and writes the end
     * marker.
     */
    public synchronized void close()
    {
        CloseHelper.closeAll(recordingThreads, diskThreads);
        recordingThreads = null;
        diskThreads = null;
        recorder = null;
        directory = null;
    }
}
