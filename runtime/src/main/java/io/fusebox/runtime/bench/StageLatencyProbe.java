package io.fusebox.runtime.bench;

import io.aeron.ControlledFragmentAssembler;
import io.aeron.FragmentAssembler;
import io.aeron.logbuffer.ControlledFragmentHandler.Action;
import io.aeron.Subscription;
import io.aeron.logbuffer.Header;
import io.fusebox.planner.Planner;
import io.fusebox.runtime.bus.Bus;
import io.fusebox.runtime.bus.BusCounters;
import io.fusebox.runtime.fusion.FusionCounters;
import io.fusebox.runtime.planning.PlannerAgent;
import io.fusebox.sensors.codec.MessageHeaderDecoder;
import io.fusebox.sensors.codec.TrajectoryDecoder;
import io.fusebox.sensors.codec.WorldModelDecoder;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.SingleWriterRecorder;
import org.agrona.CloseHelper;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.Agent;
import org.agrona.concurrent.EpochNanoClock;
import org.agrona.concurrent.status.CountersReader;

import java.util.concurrent.TimeUnit;

/**
 * Listens to world models and trajectories as the next stage would and records, per message, how long after its
 * newest input's capture time it arrived (fusion, end to end), and how long a trajectory came after the world model
 * it was planned from (planner). Only messages whose newest input was captured inside the measurement window
 * count (a controlled stop the planner's watchdog repeats counts end to end, not as a planning hop); the window
 * also brackets the JVM's GC and allocation figures, sampled here when the clock crosses its
 * edges. Counts sequence gaps in both streams (a lost output), and reads the fusion and planner drop counters with
 * the window's end sample, while those stages still hold them.
 *
 * <p>Its {@link #worldModelTap()} polls the world models alone, so that where the probe rides the pipeline's thread
 * (a laptop, see {@link io.fusebox.runtime.drive.DriveAgents}) world models are seen right after fusion and
 * trajectories right after the planner. Both run on one thread.
 *
 * <p>Allocates nothing per message. Recording goes to single-writer HdrHistogram recorders, read from another thread
 * with {@link #intervalHistogram(Stage, Histogram)}.
 */
public final class StageLatencyProbe implements Agent
{
    /** Latencies above this are recorded as this. */
    public static final long HIGHEST_TRACKABLE_NS = TimeUnit.SECONDS.toNanos(10);
    public static final int SIGNIFICANT_DIGITS = 3;

    private static final int FRAGMENT_LIMIT = 16;
    /**
     * The JVM's activity is sampled this long outside the window, not at its edges: the sample reads every thread's
     * allocation and takes a while, and on a laptop the probe runs on the pipeline's thread, where it would hold up a
     * measured world model.
     */
    private static final long WINDOW_SAMPLE_MARGIN_NS = TimeUnit.MILLISECONDS.toNanos(50);
    /** World model arrivals remembered for matching trajectories; the planner is never this far behind. */
    private static final int ARRIVALS = 256;

    private final EpochNanoClock clock;
    private final long measureFromNs;
    private final long measureToNs;
    private final CountersReader counters;
    private final Subscription worldModels;
    private final Subscription trajectories;
    private final FragmentAssembler worldModelAssembler = new FragmentAssembler(this::onWorldModel);
    private final ControlledFragmentAssembler trajectoryAssembler = new ControlledFragmentAssembler(this::onTrajectory);
    private final MessageHeaderDecoder headerDecoder = new MessageHeaderDecoder();
    private final WorldModelDecoder worldModelDecoder = new WorldModelDecoder();
    private final TrajectoryDecoder trajectoryDecoder = new TrajectoryDecoder();
    private final SingleWriterRecorder fusion = newRecorder();
    private final SingleWriterRecorder planner = newRecorder();
    private final SingleWriterRecorder endToEnd = newRecorder();
    private final long[] arrivalSequence = new long[ARRIVALS];
    private final long[] arrivalNs = new long[ARRIVALS];
    private final int lateInputsCounterId;
    private final int heldPastTickCounterId;
    private final int droppedWorldModelsCounterId;
    private final int droppedTrajectoriesCounterId;
    private final int controlledStopsCounterId;

    private long nextWorldModelSequence = -1;
    private long nextTrajectorySequence = -1;
    private long worldModelGaps;
    private long trajectoryGaps;
    private long unmatchedTrajectories;
    private long repeatedTrajectories;
    private long malformed;
    private long measuredWorldModels;
    private long measuredTrajectories;
    private JvmActivity windowStart;
    private long lateInputsBeforeWindow;
    private long heldPastTickBeforeWindow;
    private volatile JvmActivity.Window windowActivity;
    private volatile long lateInputs;
    private volatile long heldPastTick;
    private volatile long droppedWorldModels;
    private volatile long droppedTrajectories;
    private volatile long controlledStops;

    /**
     * @param bus           whose world-model and trajectory streams to listen to; fusion and planner counters must
     *                      already be on it.
     * @param clock         the clock capture times are stamped with.
     * @param measureFromNs messages whose newest input was captured before this are warm-up, not recorded.
     * @param measureToNs   nor after this (the drive's end).
     */
    public StageLatencyProbe(
        final Bus bus, final EpochNanoClock clock, final long measureFromNs, final long measureToNs)
    {
        this.clock = clock;
        this.measureFromNs = measureFromNs;
        this.measureToNs = measureToNs;
        counters = bus.countersReader();
        final int worldModelStreamId = bus.rig().bus().worldModelStreamId();
        final int trajectoryStreamId = bus.rig().bus().trajectoryStreamId();
        lateInputsCounterId = BusCounters.findCounterId(counters, FusionCounters.LATE_TYPE_ID, worldModelStreamId);
        heldPastTickCounterId =
            BusCounters.findCounterId(counters, FusionCounters.HELD_PAST_TICK_TYPE_ID, worldModelStreamId);
        droppedWorldModelsCounterId =
            BusCounters.findCounterId(counters, FusionCounters.DROPPED_OUTPUTS_TYPE_ID, worldModelStreamId);
        droppedTrajectoriesCounterId =
            BusCounters.findCounterId(counters, PlannerAgent.DROPPED_TRAJECTORIES_TYPE_ID, trajectoryStreamId);
        controlledStopsCounterId =
            BusCounters.findCounterId(counters, PlannerAgent.CONTROLLED_STOPS_TYPE_ID, trajectoryStreamId);
        java.util.Arrays.fill(arrivalSequence, -1);

        Subscription addedWorldModels = null;
        try
        {
            addedWorldModels = bus.addWorldModelSubscription();
            trajectories = bus.addTrajectorySubscription();
        }
        catch (final RuntimeException ex)
        {
            CloseHelper.quietClose(addedWorldModels);
            throw ex;
        }
        worldModels = addedWorldModels;
    }

    public String roleName()
    {
        return "latency-probe";
    }

    public int doWork()
    {
        // World models first; a trajectory whose world model this probe has not seen yet (the planner, on a thread of
        // its own, can publish between the two polls) waits for the next turn, after the world model's arrival.
        int workCount = worldModels.poll(worldModelAssembler, FRAGMENT_LIMIT);
        workCount += trajectories.controlledPoll(trajectoryAssembler, FRAGMENT_LIMIT);
        if (null == windowActivity)
        {
            final long nowNs = clock.nanoTime();
            if (null == windowStart && nowNs >= measureFromNs - WINDOW_SAMPLE_MARGIN_NS)
            {
                lateInputsBeforeWindow = value(lateInputsCounterId);
                heldPastTickBeforeWindow = value(heldPastTickCounterId);
                windowStart = JvmActivity.sample();
                workCount++;
            }
            else if (null != windowStart && nowNs >= measureToNs + WINDOW_SAMPLE_MARGIN_NS)
            {
                windowActivity = JvmActivity.sample().since(windowStart);
                readDropCounters();
                workCount++;
            }
        }
        return workCount;
    }

    /**
     * @return an agent that polls this probe's world models only, on the thread that runs this probe.
     */
    public Agent worldModelTap()
    {
        return new WorldModelTap();
    }

    public void onClose()
    {
        if (null == windowActivity)
        {
            // The window never closed (the drive stopped early): the counters as they are now, best effort, since
            // fusion and the planner may have freed them already.
            readDropCounters();
        }
        CloseHelper.quietCloseAll(trajectories, worldModels);
    }

    private void readDropCounters()
    {
        // Read while the window's end is sampled, when fusion and the planner still hold their counters.
        lateInputs = value(lateInputsCounterId) - lateInputsBeforeWindow;
        heldPastTick = value(heldPastTickCounterId) - heldPastTickBeforeWindow;
        droppedWorldModels = value(droppedWorldModelsCounterId);
        droppedTrajectories = value(droppedTrajectoriesCounterId);
        controlledStops = value(controlledStopsCounterId);
    }

    /**
     * @param recycle a histogram an earlier call returned for this stage, or null.
     * @return what was recorded for the stage since the last call; {@link Stage#SEQUENCER} is not recorded here.
     */
    public Histogram intervalHistogram(final Stage stage, final Histogram recycle)
    {
        final SingleWriterRecorder recorder = switch (stage)
        {
            case FUSION -> fusion;
            case PLANNER -> planner;
            case END_TO_END -> endToEnd;
            case SEQUENCER -> throw new IllegalArgumentException("the sequencer stage is measured by the sequencer");
        };
        return null == recycle ? recorder.getIntervalHistogram() : recorder.getIntervalHistogram(recycle);
    }

    /** @return GC and allocation inside the measurement window, or null when the window never closed. */
    public JvmActivity.Window windowActivity()
    {
        return windowActivity;
    }

    /** @return world-model sequence numbers skipped (world models that never arrived). */
    public long worldModelGaps()
    {
        return worldModelGaps;
    }

    /** @return trajectory sequence numbers skipped. */
    public long trajectoryGaps()
    {
        return trajectoryGaps;
    }

    /** @return trajectories whose world model's arrival was no longer remembered (or never seen). */
    public long unmatchedTrajectories()
    {
        return unmatchedTrajectories;
    }

    /**
     * @return trajectories inside the window for a world model that already had one (the planner's watchdog
     * publishing controlled stops while world models are missing): end to end, but not planner, latencies.
     */
    public long repeatedTrajectories()
    {
        return repeatedTrajectories;
    }

    /** @return messages on either stream that were not a whole world model or trajectory, dropped. */
    public long malformed()
    {
        return malformed;
    }

    /** @return world models recorded inside the window. */
    public long measuredWorldModels()
    {
        return measuredWorldModels;
    }

    /** @return trajectories recorded inside the window. */
    public long measuredTrajectories()
    {
        return measuredTrajectories;
    }

    /** @return fusion inputs dropped as late (beyond the reorder window) from the window's start to its end. */
    public long lateInputs()
    {
        return lateInputs;
    }

    /**
     * @return world models fusion held until an input captured at or past their tick came (a sensor due just after
     * the tick), from the window's start to its end.
     */
    public long heldPastTick()
    {
        return heldPastTick;
    }

    /** @return world models or health reports fusion dropped under back pressure, up to the window's end. */
    public long droppedWorldModels()
    {
        return droppedWorldModels;
    }

    /** @return trajectories the planner dropped under back pressure, up to the window's end. */
    public long droppedTrajectories()
    {
        return droppedTrajectories;
    }

    /** @return controlled stops the planner published (stale or missing world models), up to the window's end. */
    public long controlledStops()
    {
        return controlledStops;
    }

    private void onWorldModel(final DirectBuffer buffer, final int offset, final int length, final Header header)
    {
        final long nowNs = clock.nanoTime();
        if (!wrap(buffer, offset, length, WorldModelDecoder.TEMPLATE_ID, WorldModelDecoder.BLOCK_LENGTH))
        {
            malformed++;
            return;
        }
        worldModelDecoder.wrap(buffer, offset + MessageHeaderDecoder.ENCODED_LENGTH, headerDecoder.blockLength(),
            headerDecoder.version());
        final long sequence = worldModelDecoder.sequence();
        if (nextWorldModelSequence >= 0 && sequence > nextWorldModelSequence)
        {
            worldModelGaps += sequence - nextWorldModelSequence;
        }
        nextWorldModelSequence = sequence + 1;
        final int slot = (int)(sequence & (ARRIVALS - 1));
        arrivalSequence[slot] = sequence;
        arrivalNs[slot] = nowNs;

        final long newestCaptureNs = worldModelDecoder.newestCaptureTimeNs();
        if (isMeasured(newestCaptureNs))
        {
            record(fusion, nowNs - newestCaptureNs);
            measuredWorldModels++;
        }
    }

    private Action onTrajectory(final DirectBuffer buffer, final int offset, final int length, final Header header)
    {
        final long nowNs = clock.nanoTime();
        if (!wrap(buffer, offset, length, TrajectoryDecoder.TEMPLATE_ID, TrajectoryDecoder.BLOCK_LENGTH))
        {
            malformed++;
            return Action.CONTINUE;
        }
        trajectoryDecoder.wrap(buffer, offset + MessageHeaderDecoder.ENCODED_LENGTH, headerDecoder.blockLength(),
            headerDecoder.version());
        final long worldModelSequence = trajectoryDecoder.worldModelSequence();
        if (worldModelSequence >= 0 && nextWorldModelSequence >= 0 && worldModelSequence >= nextWorldModelSequence)
        {
            return Action.ABORT;
        }
        final long sequence = trajectoryDecoder.sequence();
        if (nextTrajectorySequence >= 0 && sequence > nextTrajectorySequence)
        {
            trajectoryGaps += sequence - nextTrajectorySequence;
        }
        nextTrajectorySequence = sequence + 1;

        final long newestCaptureNs = trajectoryDecoder.newestCaptureTimeNs();
        if (!isMeasured(newestCaptureNs))
        {
            return Action.CONTINUE;
        }
        record(endToEnd, nowNs - newestCaptureNs);
        measuredTrajectories++;
        final int slot = (int)(worldModelSequence & (ARRIVALS - 1));
        if (Planner.NO_WORLD_MODEL == worldModelSequence)
        {
            // The planner's watchdog stopping the ego while world models are missing: not a planning hop.
            repeatedTrajectories++;
        }
        else if (worldModelSequence >= 0 && arrivalSequence[slot] == worldModelSequence)
        {
            record(planner, nowNs - arrivalNs[slot]);
        }
        else
        {
            unmatchedTrajectories++;
        }
        return Action.CONTINUE;
    }

    private boolean wrap(
        final DirectBuffer buffer, final int offset, final int length, final int templateId, final int blockLength)
    {
        if (length < MessageHeaderDecoder.ENCODED_LENGTH + blockLength)
        {
            return false;
        }
        headerDecoder.wrap(buffer, offset);
        return headerDecoder.templateId() == templateId && headerDecoder.blockLength() >= blockLength &&
            MessageHeaderDecoder.ENCODED_LENGTH + headerDecoder.blockLength() <= length;
    }

    private boolean isMeasured(final long captureTimeNs)
    {
        return captureTimeNs >= measureFromNs && captureTimeNs < measureToNs;
    }

    private long value(final int counterId)
    {
        return CountersReader.NULL_COUNTER_ID == counterId ? 0 : counters.getCounterValue(counterId);
    }

    private static void record(final SingleWriterRecorder recorder, final long latencyNs)
    {
        recorder.recordValue(Math.max(0, Math.min(latencyNs, HIGHEST_TRACKABLE_NS)));
    }

    private static SingleWriterRecorder newRecorder()
    {
        return new SingleWriterRecorder(1, HIGHEST_TRACKABLE_NS, SIGNIFICANT_DIGITS);
    }

    private final class WorldModelTap implements Agent
    {
        public int doWork()
        {
            return worldModels.poll(worldModelAssembler, FRAGMENT_LIMIT);
        }

        public String roleName()
        {
            return "latency-probe-world-models";
        }
    }
}
