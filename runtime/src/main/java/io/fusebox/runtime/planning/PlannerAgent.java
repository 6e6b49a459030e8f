package io.fusebox.runtime.planning;

import io.aeron.Counter;
import io.aeron.ExclusivePublication;
import io.aeron.FragmentAssembler;
import io.aeron.Publication;
import io.aeron.Subscription;
import io.aeron.logbuffer.Header;
import io.fusebox.planner.Planner;
import io.fusebox.planner.map.LaneMap;
import io.fusebox.runtime.bus.Bus;
import io.fusebox.runtime.bus.BusCounters;
import io.fusebox.sensors.codec.Maneuver;
import io.fusebox.sensors.codec.MessageHeaderDecoder;
import io.fusebox.sensors.codec.WorldModelDecoder;
import io.fusebox.sensors.message.MalformedReason;
import io.fusebox.sensors.message.MessageGuard;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;
import org.agrona.CloseHelper;
import org.agrona.DirectBuffer;
import org.agrona.ErrorHandler;
import org.agrona.concurrent.Agent;
import org.agrona.concurrent.EpochNanoClock;
import org.agrona.concurrent.UnsafeBuffer;

import java.nio.ByteBuffer;

/**
 * The planner stage: world models in from the bus, trajectories out.
 *
 * <p>Cadence: one planning cycle per world model, in arrival order, none skipped, so replaying the recorded
 * world models reproduces the recorded trajectories (planning only the newest of a backlog would make the output
 * depend on timing). A duty cycle takes at most {@link PlannerAgentContext#fragmentLimit()} fragments.
 *
 * <p>Never an old plan: a world model whose time is more than {@link PlannerAgentContext#maxWorldModelAgeNs()}
 * behind the newest input time the agent knows (the newest capture time any world model carried) draws a
 * {@code CONTROLLED_STOP} trajectory instead of a plan; and when world models stop arriving for
 * {@link PlannerAgentContext#missingWorldModelTimeoutNs()} on the watchdog clock (once the first has come), the
 * agent publishes controlled
 * stops on its own, at the newest known input time plus the time since, every
 * {@link PlannerAgentContext#controlledStopIntervalNs()}.
 *
 * <p>Plans are encoded into the agent's own buffer and offered: a trajectory that meets back pressure is counted
 * and dropped (the next one supersedes it), while the planner's state has advanced exactly as it would have.
 */
public final class PlannerAgent implements Agent
{
    /** Trajectories published from plans. */
    public static final int PLANS_TYPE_ID = 7731;
    /** Controlled stops published (stale or missing world models, or the ego off the map). */
    public static final int CONTROLLED_STOPS_TYPE_ID = 7732;
    /** World models refused as stale. */
    public static final int STALE_WORLD_MODELS_TYPE_ID = 7733;
    /** World models refused as malformed or not world models. */
    public static final int MALFORMED_WORLD_MODELS_TYPE_ID = 7734;
    /** Trajectories dropped because the publication was back pressured or not connected. */
    public static final int DROPPED_TRAJECTORIES_TYPE_ID = 7735;
    /** Times the watchdog found world models missing. */
    public static final int MISSING_WORLD_MODELS_TYPE_ID = 7736;
    /** The manoeuvre of the last trajectory published, as its {@link Maneuver#value()}. */
    public static final int MANEUVER_TYPE_ID = 7810;
    private static final long CYCLE_HIGHEST_TRACKABLE_NS = 10_000_000_000L;

    private final PlannerAgentContext context;
    private final Planner planner;
    private final LaneMap laneMap;
    private final EpochNanoClock clock;
    private final ErrorHandler errorHandler;
    private final Subscription subscription;
    private final ExclusivePublication publication;
    private final FragmentAssembler assembler;
    private final UnsafeBuffer trajectoryBuffer;
    private final MessageHeaderDecoder headerDecoder = new MessageHeaderDecoder();
    private final WorldModelDecoder worldModelDecoder = new WorldModelDecoder();
    private final long maxAgeNs;
    private final long missingTimeoutNs;
    private final long stopIntervalNs;
    private final int fragmentLimit;

    private Counter plans;
    private Counter controlledStops;
    private Counter staleWorldModels;
    private Counter malformedWorldModels;
    private Counter droppedTrajectories;
    private Counter missingWorldModels;
    private Counter maneuver;
    /** Wall time of each planning cycle (plan or controlled stop). */
    private final Recorder cycleTimes = new Recorder(1, CYCLE_HIGHEST_TRACKABLE_NS, 3);

    private long newestInputTimeNs = Long.MIN_VALUE;
    private long lastArrivalClockNs;
    private long lastStopClockNs;
    private boolean isMissing;

    /**
     * Subscribes to world models, adds the trajectory publication and the agent's counters to the bus.
     */
    public PlannerAgent(final Bus bus, final PlannerAgentContext context)
    {
        this.context = context.conclude();
        planner = new Planner(context.plannerContext());
        laneMap = context.laneMap();
        clock = context.clock();
        errorHandler = bus.errorHandler();
        maxAgeNs = context.maxWorldModelAgeNs();
        missingTimeoutNs = context.missingWorldModelTimeoutNs();
        stopIntervalNs = context.controlledStopIntervalNs();
        fragmentLimit = context.fragmentLimit();
        trajectoryBuffer = new UnsafeBuffer(ByteBuffer.allocateDirect(planner.encodedLength()));
        assembler = new FragmentAssembler(this::onWorldModel);

        Subscription addedSubscription = null;
        ExclusivePublication addedPublication = null;
        try
        {
            addedSubscription = bus.addWorldModelSubscription();
            addedPublication = bus.addTrajectoryPublication();
            final int streamId = addedPublication.streamId();
            plans = BusCounters.addStreamCounter(bus.aeron(), PLANS_TYPE_ID, "trajectory", streamId, "plans");
            controlledStops = BusCounters.addStreamCounter(
                bus.aeron(), CONTROLLED_STOPS_TYPE_ID, "trajectory", streamId, "controlled stops");
            staleWorldModels = BusCounters.addStreamCounter(
                bus.aeron(), STALE_WORLD_MODELS_TYPE_ID, "trajectory", streamId, "stale world models");
            malformedWorldModels = BusCounters.addStreamCounter(
                bus.aeron(), MALFORMED_WORLD_MODELS_TYPE_ID, "trajectory", streamId, "malformed world models");
            droppedTrajectories = BusCounters.addStreamCounter(
                bus.aeron(), DROPPED_TRAJECTORIES_TYPE_ID, "trajectory", streamId, "dropped");
            missingWorldModels = BusCounters.addStreamCounter(
                bus.aeron(), MISSING_WORLD_MODELS_TYPE_ID, "trajectory", streamId, "world models missing");
            maneuver = BusCounters.addStreamCounter(bus.aeron(), MANEUVER_TYPE_ID, "trajectory", streamId, "maneuver");
        }
        catch (final RuntimeException ex)
        {
            CloseHelper.quietCloseAll(maneuver, missingWorldModels, droppedTrajectories, malformedWorldModels, staleWorldModels,
                controlledStops, plans, addedPublication, addedSubscription);
            throw ex;
        }
        subscription = addedSubscription;
        publication = addedPublication;
    }

    public String roleName()
    {
        return "planner";
    }

    public void onStart()
    {
        if (null != clock)
        {
            lastArrivalClockNs = clock.nanoTime();
        }
    }

    public int doWork()
    {
        int workCount = subscription.poll(assembler, fragmentLimit);
        // The watchdog arms at the first world model: before it nothing was planned, so nothing can have gone stale,
        // and a replay (which has no watchdog) reproduces the drive's trajectories from the first.
        if (null != clock && 0 == workCount && Long.MIN_VALUE != newestInputTimeNs)
        {
            workCount += checkMissing(clock.nanoTime());
        }
        return workCount;
    }

    public void onClose()
    {
        CloseHelper.quietCloseAll(maneuver, missingWorldModels, droppedTrajectories, malformedWorldModels, staleWorldModels,
            controlledStops, plans, publication, subscription);
    }

    /**
     * Planning cycle times since the last call. Any thread; allocation-free when given back the histogram the
     * previous call returned.
     *
     * @param recycle the histogram a previous call returned, or null.
     */
    public Histogram cycleTimesNs(final Histogram recycle)
    {
        return cycleTimes.getIntervalHistogram(recycle);
    }

    /**
     * @return the manoeuvre of the last trajectory published, or null before the first; any thread.
     */
    public Maneuver publishedManeuver()
    {
        final long value = maneuver.get();
        return 0 == value ? null : Maneuver.get((short)value);
    }

    /** @return the planner, for reading what it last decided. */
    public Planner planner()
    {
        return planner;
    }

    /** @return the newest input time known: the newest capture time any world model carried. */
    public long newestInputTimeNs()
    {
        return newestInputTimeNs;
    }

    private void onWorldModel(final DirectBuffer buffer, final int offset, final int length, final Header header)
    {
        if (null != clock)
        {
            lastArrivalClockNs = clock.nanoTime();
        }
        isMissing = false;
        if (MalformedReason.OK != MessageGuard.validate(buffer, offset, length))
        {
            malformedWorldModels.incrementRelease();
            return;
        }
        headerDecoder.wrap(buffer, offset);
        if (WorldModelDecoder.TEMPLATE_ID != headerDecoder.templateId())
        {
            malformedWorldModels.incrementRelease();
            return;
        }
        worldModelDecoder.wrap(buffer, offset + MessageHeaderDecoder.ENCODED_LENGTH, headerDecoder.blockLength(),
            headerDecoder.version());
        final long timeNs = worldModelDecoder.timeNs();
        final long sequence = worldModelDecoder.sequence();
        newestInputTimeNs = Math.max(newestInputTimeNs, Math.max(timeNs, worldModelDecoder.newestCaptureTimeNs()));

        final long startNs = System.nanoTime();
        final int written;
        if (newestInputTimeNs - timeNs > maxAgeNs)
        {
            staleWorldModels.incrementRelease();
            written = planner.controlledStop(newestInputTimeNs, sequence, newestInputTimeNs, trajectoryBuffer, 0);
            controlledStops.incrementRelease();
        }
        else
        {
            written = planner.plan(buffer, offset, length, laneMap, trajectoryBuffer, 0);
            if (written > 0)
            {
                (planner.lastManeuver() == Maneuver.CONTROLLED_STOP ? controlledStops : plans)
                    .incrementRelease();
            }
        }
        cycleTimes.recordValue(Math.min(System.nanoTime() - startNs, CYCLE_HIGHEST_TRACKABLE_NS));
        if (written <= 0)
        {
            malformedWorldModels.incrementRelease();
            return;
        }
        publish(written);
    }

    private int checkMissing(final long nowNs)
    {
        final long silentNs = nowNs - lastArrivalClockNs;
        if (silentNs < missingTimeoutNs || (isMissing && nowNs - lastStopClockNs < stopIntervalNs))
        {
            return 0;
        }
        if (!isMissing)
        {
            isMissing = true;
            missingWorldModels.incrementRelease();
        }
        lastStopClockNs = nowNs;
        // Message time moves on with the watchdog's clock from the newest input known (or from now, with none yet).
        final long timeNs = Long.MIN_VALUE == newestInputTimeNs ? nowNs : newestInputTimeNs + silentNs;
        final int written = planner.watchdogStop(timeNs, newestInputTimeNs, trajectoryBuffer, 0);
        if (written > 0)
        {
            controlledStops.incrementRelease();
            publish(written);
        }
        else
        {
            errorHandler.onError(new IllegalStateException("controlled stop could not be encoded: " + written));
        }
        return 1;
    }

    private void publish(final int length)
    {
        maneuver.setRelease(planner.lastManeuver().value());
        long result = publication.offer(trajectoryBuffer, 0, length);
        if (Publication.ADMIN_ACTION == result)
        {
            // The log rotated to its next term (every few hundred trajectories): the offer is good to repeat at
            // once, and is no back pressure to drop a trajectory for.
            result = publication.offer(trajectoryBuffer, 0, length);
        }
        if (result < 0)
        {
            droppedTrajectories.incrementRelease();
        }
    }
}
